"""Where the station's files live. Precedence: --db, then $POS_DB, then the platform data dir."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "fupin-pos"


def data_dir() -> Path:
    override = os.environ.get("POS_DATA_DIR")
    return Path(override) if override else user_data_path(APP_NAME, appauthor=False)


def resolve_db(arg: str | os.PathLike[str] | None = None) -> Path:
    if arg:
        return Path(arg).expanduser().resolve()
    env = os.environ.get("POS_DB")
    if env:
        return Path(env).expanduser().resolve()
    return data_dir() / "station.db"


def demo_db() -> Path:
    return data_dir() / "demo-station.db"


@dataclass(frozen=True)
class Config:
    db_path: Path

    @property
    def data_dir(self) -> Path:
        return self.db_path.parent


def setup_logging(directory: Path, level: int = logging.INFO) -> None:
    """Named ``pos.*`` loggers to a rotating file in the data dir (and stderr)."""
    directory.mkdir(parents=True, exist_ok=True)
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
