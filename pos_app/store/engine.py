"""The station's SQLite engine: WAL, synchronous=FULL, foreign keys, busy timeout, explicit BEGIN.

pysqlite's own transaction handling is switched off so that SQLAlchemy's BEGIN is the real one, and
a write unit of work starts with ``BEGIN IMMEDIATE`` (it takes the write lock up front, so two
processes never deadlock upgrading a read lock).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from pos_app.files import private_dir, private_file, station_files

BUSY_TIMEOUT_MS = 5000


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def make_engine(path: Path) -> Engine:
    """The station file's engine; the file (and a folder made for it) owner-only before SQLite
    writes a byte, so its WAL and SHM are too."""
    if not path.parent.exists():
        private_dir(path.parent)
    private_file(path)
    station_files(path)
    engine = create_engine(
        sqlite_url(path),
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we send BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA cache_size=-8192")  # 8 MB of pages per connection
        cur.execute("PRAGMA secure_delete=ON")  # erased personal data is overwritten, not left in free pages
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine
