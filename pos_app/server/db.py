"""The server's engine, migrations and the few statements that differ between PostgreSQL and SQLite."""

from __future__ import annotations

import logging
import operator
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_path
from sqlalchemy import ColumnElement, Connection, Engine, Table, any_, bindparam, create_engine, event, insert
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import InstrumentedAttribute

log = logging.getLogger("pos.server")

MIGRATIONS = Path(__file__).resolve().parents[2] / "db" / "server_migrations"
APP_NAME = "fupin-pos-server"


def data_dir() -> Path:
    override = os.environ.get("POS_SERVER_DATA_DIR")
    return Path(override) if override else user_data_path(APP_NAME, appauthor=False)


def resolve_url(arg: str | None = None) -> str:
    """--db, then $POS_SERVER_DB, then a SQLite file in the server's data directory."""
    url = arg or os.environ.get("POS_SERVER_DB")
    if url:
        return url if "://" in url else f"sqlite+pysqlite:///{Path(url).expanduser().resolve()}"
    path = data_dir() / "district.db"
    return f"sqlite+pysqlite:///{path}"


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # one writer at a time, taken up front

        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def migrate(engine: Engine) -> bool:
    """Bring the server database to the newest schema; True when something was applied."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    with engine.connect() as conn:
        if MigrationContext.configure(conn).get_current_revision() == head:
            return False
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("server database migrated to %s", head)
    return True


def upsert_forward(conn: Connection, table: Table, row: dict[str, Any]) -> None:
    """Insert, or update only when the new row's ``rank`` is higher: a state that never moves back."""
    stmt = pg_insert(table) if conn.dialect.name == "postgresql" else sqlite_insert(table)
    stmt = stmt.values(**row)
    changes = {k: stmt.excluded[k] for k in row if k != "id"}
    conn.execute(
        stmt.on_conflict_do_update(index_elements=["id"], set_=changes, where=table.c.rank < stmt.excluded.rank)
    )


def one_of(
    conn: Connection, col: ColumnElement[Any] | InstrumentedAttribute[Any], values: Iterable[Any]
) -> ColumnElement[bool]:
    """``col IN (values)``; on PostgreSQL as ``col = ANY(:array)``, one parameter however many values
    (a push's look-ups name hundreds of ids, and expanding them costs more than the query)."""
    items = list(values)
    if conn.dialect.name == "postgresql":
        return col == any_(bindparam(None, items, type_=ARRAY(col.type)))
    return col.in_(items)


COPY_FROM_ROWS = 64  # below this, one multi-row INSERT costs fewer round trips than a COPY


def insert_new(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Rows known to be new: PostgreSQL COPY on the connection's own transaction, else a multi-row
    INSERT. A clash still fails (and rolls back) exactly as an INSERT would."""
    if conn.dialect.name != "postgresql" or len(rows) < COPY_FROM_ROWS:
        conn.execute(insert(table), rows)
        return
    cols = [c.name for c in table.columns if c.name in rows[0]]
    raw = conn.connection.driver_connection
    assert raw is not None
    values = operator.itemgetter(*cols)
    with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({', '.join(cols)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(values(row) if len(cols) > 1 else (values(row),))
