"""Unit of work: one transaction; rolls back unless ``commit()`` was called. SQLite's environment
failures become StorageErrors by their result codes (docs/architecture.md, "Errors and exit codes")."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from pos_app.domain.errors import DatabaseBusy, DatabaseDamaged, DatabaseReadOnly, DiskFull, StorageError

# SQLite's primary result codes for "the machine failed us" (an extended code carries the primary
# one in its low byte: SQLITE_READONLY_DBMOVED is 1032 = 8 + 4 << 8).
_ENVIRONMENT: dict[int, type[StorageError]] = {
    sqlite3.SQLITE_FULL: DiskFull,
    sqlite3.SQLITE_READONLY: DatabaseReadOnly,
    sqlite3.SQLITE_BUSY: DatabaseBusy,
    sqlite3.SQLITE_LOCKED: DatabaseBusy,
    sqlite3.SQLITE_NOTADB: DatabaseDamaged,
    sqlite3.SQLITE_CORRUPT: DatabaseDamaged,
    sqlite3.SQLITE_IOERR: StorageError,
    sqlite3.SQLITE_CANTOPEN: StorageError,
}


def environment_error(exc: BaseException) -> StorageError | None:
    """Turn SQLite's "the machine failed" errors into a StorageError the user can act on."""
    orig = getattr(exc, "orig", exc)
    if isinstance(orig, sqlite3.Error):
        kind = _ENVIRONMENT.get(getattr(orig, "sqlite_errorcode", -1) & 0xFF)
        if kind is not None:
            return kind(reason=str(orig))
    return None


log = logging.getLogger("pos.store")

# Actions to run once the transaction committed (the audit anchor moves only with a committed entry):
# a list under this key in the Session's or Connection's ``info``.
AFTER_COMMIT = "pos.after_commit"


def _run_after_commit(info: dict[object, object], committed: bool) -> None:
    """What was committed stays committed: an action that fails here (the anchor's disk is full,
    say) is logged, never raised into the sale that just went through."""
    actions = info.pop(AFTER_COMMIT, None)
    if committed and isinstance(actions, list):
        for action in actions:
            try:
                action()
            except Exception:
                log.exception("an after-commit action failed; the transaction itself is committed")


class UnitOfWork:
    def __init__(self, sessions: sessionmaker[Session], write: bool) -> None:
        self._sessions = sessions
        self._write = write
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
        if self._write:
            self.session.connection(execution_options={"write": True})
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() rolls back anything uncommitted and detaches objects without expiring them.
        self.session.info.pop(AFTER_COMMIT, None)
        self.session.close()
        if isinstance(exc, DatabaseError):
            env = environment_error(exc)
            if env is not None:
                raise env from exc

    def commit(self) -> None:
        with storage_errors():
            self.session.commit()
        _run_after_commit(self.session.info, True)


UowFactory = Callable[..., UnitOfWork]


@contextmanager
def storage_errors() -> Iterator[None]:
    """SQLite's "the machine failed us" errors become a StorageError the user can act on."""
    try:
        yield
    except DatabaseError as exc:
        env = environment_error(exc)
        if env is not None:
            raise env from exc
        raise


class Database:
    """The engine plus a unit-of-work factory: ``with db.uow(write=True) as uow: ...``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False, autoflush=False)

    def uow(self, write: bool = False) -> UnitOfWork:
        return UnitOfWork(self._sessions, write)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction on a Core connection, for hot paths such as paying a sale.

        ``BEGIN IMMEDIATE``; commits when the block ends normally, rolls back on any exception."""
        with storage_errors(), self.engine.connect() as conn:
            conn.execution_options(write=True)
            committed = False
            try:
                with conn.begin():
                    yield conn
                committed = True
            finally:
                _run_after_commit(conn.info, committed)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A pooled Core connection for hot read-only look-ups (no ORM session to build)."""
        with storage_errors(), self.engine.connect() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()
