"""Opening the district server: its database on the newest schema, its field key, the ASGI app."""

from __future__ import annotations

import gc
import os
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Connection, Engine, func, insert, or_, select

from pos_app.crypto import FieldCipher, open_checked_key
from pos_app.server import db, reference
from pos_app.server.models import RefHousehold, ServerMeta


def key_file(url: str) -> Path:
    """The server's field key: $POS_SERVER_KEY_FILE, else beside a SQLite file, else the data dir."""
    env = os.environ.get("POS_SERVER_KEY_FILE")
    if env:
        return Path(env)
    if url.startswith("sqlite") and ":///" in url:
        return FieldCipher.key_path_for(Path(url.split(":///", 1)[1]))
    return db.data_dir() / "keys" / "server.key"


KEY_CHECK = "key_check"


def open_key(conn: Connection, path: Path) -> FieldCipher:
    """The server's field key: made once, for a database that holds nothing under a key; after that
    read and checked against the check value the database records, never replaced (a restart with
    a lost key file used to make a new one, and every households pull then failed)."""
    check = conn.execute(select(ServerMeta.value).where(ServerMeta.key == KEY_CHECK)).scalar()

    def sealed() -> bool:
        return bool(
            conn.execute(
                select(func.count())
                .select_from(RefHousehold)
                .where(or_(RefHousehold.id_number_enc.is_not(None), RefHousehold.bank_account_enc.is_not(None)))
            ).scalar_one()
        )

    cipher, _ = open_checked_key(path, check, sealed, lambda: None, server=True)
    if not check:
        conn.execute(insert(ServerMeta).values(key=KEY_CHECK, value=cipher.check_value()))
    return cipher


def open_server(url: str) -> tuple[Engine, FieldCipher]:
    """Engine on the newest schema, initialised, with the field cipher (checked, never replaced)."""
    engine = db.make_engine(url)
    db.migrate(engine)
    try:
        with engine.begin() as conn:
            reference.ensure_initialised(conn, datetime.now(UTC))
            cipher = open_key(conn, key_file(url))
    except BaseException:
        engine.dispose()
        raise
    return engine, cipher


def asgi_app() -> FastAPI:
    """The ASGI app for uvicorn workers (``--factory``): the database from $POS_SERVER_DB."""
    from pos_app.server.app import create_app

    engine, cipher = open_server(db.resolve_url(None))
    app = create_app(engine, cipher)
    tune_collector()
    return app


def tune_collector() -> None:
    """A push of 500 facts, or a page of the district's report, makes hundreds of thousands of
    short-lived objects; with the default thresholds the collector keeps rescanning the long-lived
    ones (modules, the app). Those are moved out of its sight, and it runs less often: pushes take
    ~20% less time, and a page's slowest answers are no longer the ones a full collection landed in."""
    gc.freeze()
    gc.set_threshold(100_000, 50, 1000)
