"""Station backups: SQLite's online backup API (consistent while the till sells), checked after
writing, kept with the station's key file (without it encrypted fields cannot be read).

- ``backup()``: on demand (``pos-admin backup``), after every shift close and once a day at start;
  automatic ones older than ``keep_days`` are pruned.
- ``restore(file)``: refuses a file that is not an intact station database; the current database is
  moved aside first, never overwritten. Run it with the app closed.
- ``check()``: ``PRAGMA quick_check`` at start; a damaged file gets a clear message and the way back.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from pos_app.crypto import FieldCipher
from pos_app.domain.clock import LOCAL_TZ, Clock, to_local
from pos_app.domain.errors import InvalidInput, StorageError
from pos_app.files import private_dir, private_file
from pos_app.store.migrate import backup_sqlite

log = logging.getLogger("pos.db")
AUTOMATIC = ("shift", "daily")
KEEP_AT_LEAST = 3  # automatic backups kept whatever their age


@dataclass(frozen=True)
class BackupFile:
    path: Path
    reason: str
    at: datetime
    size: int


def _check_file(path: Path, quick: bool = False) -> str:
    """ "ok", or what SQLite says is wrong with the file."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
            if rows != [("ok",)]:
                return "; ".join(str(r[0]) for r in rows[:3])
            if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'station'").fetchone():
                return "not a station database"
            return "ok"
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)


class BackupService:
    def __init__(self, db_path: Path, clock: Clock, keep_days: int = 14) -> None:
        self._db = db_path
        self._clock = clock
        self.keep_days = keep_days
        self.folder = db_path.parent / "backups"
        self._threads: list[threading.Thread] = []

    def _key(self) -> Path:
        return FieldCipher.key_path_for(self._db)

    def backup(self, out: Path | None = None, reason: str = "manual") -> Path:
        stamp = to_local(self._clock.now()).strftime("%Y%m%d-%H%M%S")
        if out is None:
            private_dir(self.folder)
        target = out or self.folder / f"{self._db.stem}-{stamp}-{reason}.db"
        n = 2
        while out is None and target.exists():  # two in one second (a shift closed, opened, closed): both kept
            target = self.folder / f"{self._db.stem}-{stamp}-{reason}.{n}.db"
            n += 1
        if target.exists():
            raise InvalidInput(what=f"{target} exists already", what_zh=f"{target} 已存在")
        try:
            backup_sqlite(self._db, target)
            con = sqlite3.connect(target)
            con.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal/-shm beside it
            con.close()
        except (sqlite3.Error, OSError) as exc:
            target.unlink(missing_ok=True)
            raise StorageError(reason=f"backup to {target} failed: {exc}") from exc
        problem = _check_file(target)
        if problem != "ok":
            target.unlink(missing_ok=True)
            raise StorageError(reason=f"the backup did not read back intact ({problem})")
        if self._key().exists():  # the key goes with the data it unlocks, owner-only
            key_copy = private_file(target.with_suffix(".key"))
            shutil.copyfile(self._key(), key_copy)
        if reason in AUTOMATIC:
            self.prune()
        log.info("backup (%s) → %s", reason, target)
        return target

    def after_shift(self) -> None:
        """After a shift closed: a backup in a thread of its own (a big station file takes seconds and
        the till must not wait); a failure is logged, it never un-closes the shift."""
        thread = threading.Thread(target=self._shift_backup, name="pos-backup")  # not a daemon: finishes
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _shift_backup(self) -> None:
        try:
            self.backup(reason="shift")
        except (StorageError, OSError) as exc:
            log.error("backup after the shift close failed: %s", exc)

    def wait(self) -> None:
        """Until backups started in the background are written (tests, shutdown)."""
        for thread in self._threads:
            thread.join()

    def files(self) -> list[BackupFile]:
        """This station's backups, oldest first (named ``<db>-YYYYmmdd-HHMMSS-<reason>[.N].db``, local time)."""
        out = []
        for p in sorted(self.folder.glob(f"{self._db.stem}-*-*-*.db")):
            day, time_, reason = p.stem[len(self._db.stem) + 1 :].split("-", 2)
            reason = reason.partition(".")[0]  # "shift.2": the second of that second
            try:
                at = datetime.strptime(day + time_, "%Y%m%d%H%M%S").replace(tzinfo=LOCAL_TZ)
            except ValueError:
                continue  # not one of ours
            out.append(BackupFile(p, reason, at, p.stat().st_size))
        return out

    def key_copies(self) -> list[Path]:
        """The key files kept with the backups (and with the files a restore put aside), oldest first."""
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob(f"{self._db.stem}-*.key"), key=lambda p: p.stat().st_mtime)

    def prune(self) -> int:
        """Automatic backups older than ``keep_days`` go; manual ones and those made before a restore stay,
        and so do the newest ``KEEP_AT_LEAST`` automatic ones whatever their age (a clock jumped a year
        ahead, or a station closed for a month, must not leave it without a backup)."""
        limit = self._clock.now() - timedelta(days=self.keep_days)
        automatic = sorted((b for b in self.files() if b.reason in AUTOMATIC), key=lambda b: b.at)
        gone = 0
        for b in automatic[: max(0, len(automatic) - KEEP_AT_LEAST)]:
            if b.at < limit:
                b.path.unlink(missing_ok=True)
                b.path.with_suffix(".key").unlink(missing_ok=True)
                gone += 1
        return gone

    def daily(self) -> Path | None:
        """Once a day (the app calls this at start): a backup unless today's exists."""
        today = to_local(self._clock.now()).strftime("%Y%m%d")
        if any(b.reason == "daily" and f"-{today}-" in b.path.name for b in self.files()):
            return None
        return self.backup(reason="daily")

    def check(self) -> str:
        """``PRAGMA quick_check`` of the live file: "ok" or SQLite's complaint."""
        return _check_file(self._db, quick=True)

    def restore(self, source: Path) -> Path:
        """Put ``source`` in place of the station database; returns where the current one was kept."""
        if not source.is_file():
            raise InvalidInput(what=f"no such file: {source}", what_zh=f"找不到文件：{source}")
        problem = _check_file(source)
        if problem != "ok":
            raise InvalidInput(
                what=f"{source.name} is not an intact station backup ({problem}); nothing changed",
                what_zh=f"{source.name} 不是完好的门店备份（{problem}），未做任何更改",
            )
        stamp = to_local(self._clock.now()).strftime("%Y%m%d-%H%M%S")
        aside = self.folder / f"{self._db.stem}-{stamp}-before_restore.db"
        private_dir(self.folder)
        if self._db.exists():
            if _check_file(self._db) == "ok":
                backup_sqlite(self._db, aside)  # consistent, WAL included
            else:
                shutil.copyfile(self._db, private_file(aside))  # damaged: keep the bytes as they are
            if self._key().exists():
                shutil.copyfile(self._key(), private_file(aside.with_suffix(".key")))
        # The audit anchor remembers the replaced file's newest entry; the restored file anchors
        # afresh at its own newest intact entry when it is next opened.
        anchor = self._key().with_suffix(".anchor")
        if anchor.exists():
            shutil.copyfile(anchor, private_file(aside.with_suffix(".anchor")))
            anchor.unlink()
        for suffix in ("-wal", "-shm"):
            Path(f"{self._db}{suffix}").unlink(missing_ok=True)
        self._db.unlink(missing_ok=True)
        backup_sqlite(source, self._db)
        key = source.with_suffix(".key")
        if key.exists():
            private_dir(self._key().parent)
            shutil.copyfile(key, private_file(self._key()))
        log.warning("restored %s from %s; the previous database is kept as %s", self._db, source, aside)
        return aside
