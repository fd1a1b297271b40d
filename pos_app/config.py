"""Where the station's files live. Precedence: --db, then $POS_DB, then the platform data dir (its
station.db, or the demo station the app made there when there is no other)."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_data_path

from pos_app.files import narrow, private_dir

APP_NAME = "fupin-pos"


def data_dir() -> Path:
    override = os.environ.get("POS_DATA_DIR")
    return Path(override) if override else user_data_path(APP_NAME, appauthor=False)


def resolve_db(arg: str | os.PathLike[str] | None = None, *, new: bool = False) -> Path:
    """The station file a command works on. Without --db or $POS_DB: the data dir's station.db, or,
    when there is none yet (``new``: a station about to be made wants station.db), the demo station
    ``pos-app --demo`` made, so that pos-admin finds the station the app shows."""
    if arg:
        return Path(arg).expanduser().resolve()
    env = os.environ.get("POS_DB")
    if env:
        return Path(env).expanduser().resolve()
    if data_dir().is_dir():
        private_dir(data_dir())  # the station's own folder: owner-only, an older install's too
    station = data_dir() / "station.db"
    if not new and not station.exists() and demo_db().exists():
        return demo_db()
    return station


def demo_db() -> Path:
    return data_dir() / "demo-station.db"


@dataclass(frozen=True)
class Config:
    db_path: Path

    @property
    def data_dir(self) -> Path:
        return self.db_path.parent


def setup_logging(directory: Path, level: int = logging.INFO) -> None:
    """Named ``pos.*`` loggers to a rotating file in the data dir (and stderr), owner-only."""
    private_dir(directory)
    narrow(directory / "pos.log")
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler = RotatingFileHandler(directory / "pos.log", maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(fmt)
    console = logging.StreamHandler()
    console.setFormatter(fmt)
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(handler)
    root.addHandler(console)
    logging.getLogger("alembic").setLevel(logging.WARNING)
