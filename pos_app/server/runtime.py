"""Opening the district server: its database on the newest schema, its field key, the ASGI app."""

from __future__ import annotations

import gc
import os
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine

from pos_app.crypto import FieldCipher
from pos_app.server import db, reference


def key_file(url: str) -> Path:
    """The server's field key: $POS_SERVER_KEY_FILE, else beside a SQLite file, else the data dir."""
    env = os.environ.get("POS_SERVER_KEY_FILE")
    if env:
        return Path(env)
    if url.startswith("sqlite") and ":///" in url:
        return FieldCipher.key_path_for(Path(url.split(":///", 1)[1]))
    return db.data_dir() / "keys" / "server.key"


def open_server(url: str) -> tuple[Engine, FieldCipher]:
    """Engine on the newest schema, initialised, with the field cipher."""
    engine = db.make_engine(url)
    db.migrate(engine)
    with engine.begin() as conn:
        reference.ensure_initialised(conn, datetime.now(UTC))
    return engine, FieldCipher.from_key_file(key_file(url))


def asgi_app() -> FastAPI:
    """The ASGI app for uvicorn workers (``--factory``): the database from $POS_SERVER_DB."""
    from pos_app.server.app import create_app

    engine, cipher = open_server(db.resolve_url(None))
    app = create_app(engine, cipher)
    # A push of 500 facts makes hundreds of thousands of short-lived objects; with the default
    # thresholds the collector keeps rescanning the long-lived ones (modules, the app). Those are
    # moved out of its sight, and it runs less often: pushes take ~20% less time.
    gc.freeze()
    gc.set_threshold(100_000, 50, 1000)
    return app
