"""A span of days read from the households' running totals: its whole months from the month rows,
the days around them from the day rows, every day of the span exactly once."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from pos_app.server.district import _whole_months

FIRST, LAST = date(2025, 11, 1), date(2027, 2, 28)  # the days the open ends stand for here
days = st.dates(min_value=FIRST + timedelta(days=1), max_value=LAST - timedelta(days=1))


def covered(d_from: date | None, d_to: date | None) -> list[date]:
    runs, months = _whole_months(d_from, d_to)
    out = [a + timedelta(days=k) for a, b in runs for k in range((b - a).days + 1)]
    if months is not None:
        lo, hi = months
        day = FIRST
        while day <= LAST:
            if (not lo or day.strftime("%Y-%m") >= lo) and (not hi or day.strftime("%Y-%m") <= hi):
                out.append(day)
            day += timedelta(days=1)
    return out


@given(d_from=st.none() | days, d_to=st.none() | days)
def test_every_day_of_a_span_is_read_once(d_from: date | None, d_to: date | None) -> None:
    start, end = d_from or FIRST, d_to or LAST
    want = [start + timedelta(days=k) for k in range((end - start).days + 1)]
    assert sorted(covered(d_from, d_to)) == want  # no day twice, none missing (nothing for a reversed span)


def test_whole_months_and_the_days_around_them() -> None:
    assert _whole_months(None, None) == ([], ("", ""))
    assert _whole_months(date(2026, 1, 1), date(2026, 12, 31)) == ([], ("2026-01", "2026-12"))
    assert _whole_months(date(2026, 1, 15), date(2026, 3, 10)) == (
        [(date(2026, 1, 15), date(2026, 1, 31)), (date(2026, 3, 1), date(2026, 3, 10))],
        ("2026-02", "2026-02"),
    )
    assert _whole_months(date(2026, 2, 3), date(2026, 2, 20)) == ([(date(2026, 2, 3), date(2026, 2, 20))], None)
    assert _whole_months(date(2026, 12, 20), None) == ([(date(2026, 12, 20), date(2026, 12, 31))], ("2027-01", ""))


def test_the_ends_of_the_calendar() -> None:
    assert _whole_months(date(9999, 12, 5), None) == ([(date(9999, 12, 5), date.max)], None)
    assert _whole_months(None, date(1, 1, 20)) == ([(date.min, date(1, 1, 20))], None)
    assert _whole_months(date(1, 1, 1), date(9999, 12, 31)) == ([], ("0001-01", "9999-12"))
