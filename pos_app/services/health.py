"""Is this machine fit to sell on? Checks the app makes at start (and tests make on a hostile machine):
the station file can be written, and the clock is not behind what the file already holds."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from pos_app.domain.clock import Clock, to_local
from pos_app.domain.errors import ClockBehind
from pos_app.store.models import AuditEntry, Refund, Sale, Station
from pos_app.store.uow import Database

CLOCK_TOLERANCE = timedelta(minutes=10)


class HealthService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def writable(self) -> None:
        """A write that changes nothing: raises DatabaseReadOnly / DatabaseBusy / DiskFull when it cannot."""
        with self._db.transaction() as conn:
            conn.execute(update(Station).values(code=Station.code))

    def latest_record(self) -> datetime | None:
        with self._db.read() as conn:
            times = [
                conn.execute(select(func.max(col))).scalar_one()
                for col in (Sale.completed_at, Refund.created_at, AuditEntry.at)
            ]
        known = [t for t in times if t is not None]
        return max(known) if known else None

    def clock_problem(self) -> ClockBehind | None:
        """The clock is more than ten minutes behind the newest sale, refund or audit entry."""
        last = self.latest_record()
        now = self._clock.now()
        if last is None or now >= last - CLOCK_TOLERANCE:
            return None
        fmt = "%Y-%m-%d %H:%M"
        return ClockBehind(now=to_local(now).strftime(fmt), last=to_local(last).strftime(fmt))
