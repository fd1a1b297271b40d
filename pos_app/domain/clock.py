"""Time: stored in UTC, shown in Asia/Shanghai. A clock is passed in; tests use ``FixedClock``."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware UTC now."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock for tests and replays: returns a set time, moved by hand."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self._at

    def advance(self, **kwargs: float) -> None:
        self._at += timedelta(**kwargs)

    def set(self, at: datetime) -> None:
        self._at = at.astimezone(UTC)


def to_local(at: datetime) -> datetime:
    return at.astimezone(LOCAL_TZ)


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """UTC [start, end) of a calendar day in Asia/Shanghai."""
    start = datetime.combine(day, time.min, LOCAL_TZ)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def check_span(date_from: date | None, date_to: date | None) -> None:
    """A span of days given by a user: refuse one that ends before it starts."""
    if date_from and date_to and date_from > date_to:
        from pos_app.domain.errors import InvalidInput

        raise InvalidInput(what="--from is after --to", what_zh="开始日期晚于结束日期")


def format_local(at: datetime, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    return to_local(at).strftime(fmt)
