"""Owner-only files: the station file and its WAL and SHM, backups, keys, logs, receipts and every
export or report written from the station (they hold personal data). Folders are 0700, files 0600,
whatever the umask: a file is made with its mode before anything is written into it, and an older
file found wider is narrowed when the station next opens it. (docs/security.md)"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """The folder, made owner-only (and its missing parents with it)."""
    missing = []
    p = path
    while not p.exists():
        missing.append(p)
        p = p.parent
    path.mkdir(parents=True, exist_ok=True)
    for made in missing:
        os.chmod(made, DIR_MODE)
    os.chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """The file, made empty and owner-only if missing, narrowed to owner-only if it is not."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        narrow(path)
        return path
    os.close(fd)
    os.chmod(path, FILE_MODE)  # a umask may have taken the owner's own bits
    return path


def narrow(path: Path) -> None:
    """An existing file's group and other bits taken away (its owner's stay as they are: a file made
    read-only stays read-only). A file whose mode cannot be changed (immutable, another owner's) is
    left for the code that opens it to report."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except FileNotFoundError:
        return
    except PermissionError:
        return


def write_private(path: Path, data: bytes) -> Path:
    """Bytes into an owner-only file (a report, a label sheet, a receipt)."""
    if not path.parent.exists():
        private_dir(path.parent)
    private_file(path)
    with path.open("r+b") as fh:
        fh.truncate(0)
        fh.write(data)
    return path


def station_files(db: Path) -> None:
    """The station file, its WAL and SHM, narrowed (SQLite gives the WAL and SHM the file's own mode)."""
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        narrow(p)
