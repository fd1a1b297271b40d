"""Bring a station database to the newest schema, with a backup copy first when one exists."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from pos_app.domain.errors import StorageError
from pos_app.files import private_dir, private_file
from pos_app.paths import MIGRATIONS

log = logging.getLogger("pos.db")


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_sqlite(src: Path, dest: Path) -> Path:
    """A consistent copy of a live SQLite file through SQLite's online backup API."""
    if not dest.parent.exists():
        private_dir(dest.parent)
    private_file(dest)  # owner-only before a byte of the copy is in it
    with sqlite3.connect(src) as s, sqlite3.connect(dest) as d:
        s.backup(d)
    d.close()
    s.close()
    return dest


def migrate(engine: Engine, db_path: Path | None = None) -> bool:
    """Upgrade to head. Returns True when something was applied."""
    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return False
    if current is not None and db_path is not None and db_path.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        copy = backup_sqlite(db_path, db_path.parent / "backups" / f"{db_path.stem}-pre-{head}-{stamp}.db")
        log.info("backed up %s to %s before migrating %s → %s", db_path, copy, current, head)
    cfg = _config()
    with engine.connect() as conn:
        # Batch migrations rebuild tables (copy, drop, rename); SQLite refuses to drop a table others
        # reference while foreign keys are enforced. Switch them off on this connection only, before
        # its transaction starts, and check every reference before committing.
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                conn.rollback()
                raise StorageError(reason=f"migration to {head} left {len(broken)} broken references; nothing changed")
            conn.commit()
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
    return True
