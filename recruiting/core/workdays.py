"""Working days: Monday to Friday, less public and company holidays.

Pure Python (the ``holidays`` package is imported lazily inside
:func:`holiday_dates`), shared by the board's "days in stage" and the interview slot
finder.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterable
from datetime import date, datetime, timedelta

__all__ = [
    "add_working_days",
    "as_date_set",
    "holiday_dates",
    "is_working_day",
    "working_days_between",
    "working_days_since",
]

_ONE_DAY = timedelta(days=1)


def holiday_dates(
    country: str,
    subdiv: str | None,
    years: Iterable[int],
    extra: Iterable[date] = (),
) -> frozenset[date]:
    """Public holidays for ``country``/``subdiv`` in ``years`` plus ``extra``.

    Example: ``holiday_dates("IN", "TN", [2026], company_days)`` gives the
    Tamil Nadu calendar (Pongal, Republic Day, ...) plus company holidays.
    A frozenset is returned (rather than the ``holidays`` object) because the
    latter silently grows when probed with dates of other years, which would
    make the finder's answer depend on the order of lookups.
    """
    import holidays as holidays_pkg  # lazy: keep the module importable without it

    calendar = holidays_pkg.country_holidays(country, subdiv=subdiv, years=list(years))
    return frozenset(calendar.keys()) | as_date_set(extra)


def as_date_set(values: Iterable[date]) -> frozenset[date]:
    """Normalise a holiday collection to a frozenset of plain ``date`` objects.

    ``datetime`` is a subclass of ``date`` but never compares equal to one, so
    a stray datetime would make a holiday silently ineffective.
    """
    out: set[date] = set()
    for value in values:
        if isinstance(value, datetime):
            value = value.date()
        elif not isinstance(value, date):
            raise ValueError(f"holidays must contain dates, got {value!r}")
        out.add(value)
    return frozenset(out)


def is_working_day(day: date, holidays: Collection[date] = ()) -> bool:
    """True for Monday–Friday dates that are not in ``holidays``."""
    return day.weekday() < 5 and day not in holidays


def _weekdays_through(ordinal: int) -> int:
    """Number of Mon–Fri days among proleptic ordinals ``1 .. ordinal``.

    Ordinal 1 (0001-01-01) is a Monday, so each block of 7 ordinals starting
    at 1 holds exactly 5 weekdays followed by a weekend.
    """
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def working_days_between(start: date, end: date, holidays: Collection[date] = ()) -> int:
    """Working days in the half-open range ``(start, end]``.

    This is the "days in stage" count: a candidate who entered a stage on
    Friday has been there 1 working day on Monday. Computed in O(1) for the
    weekday part plus one pass over ``holidays``. If ``end < start`` the
    result is negative (``-working_days_between(end, start)``), mirroring
    date subtraction. It is the inverse of :func:`add_working_days` for
    non-negative ``n``.
    """
    if end < start:
        return -working_days_between(end, start, holidays)
    count = _weekdays_through(end.toordinal()) - _weekdays_through(start.toordinal())
    for h in as_date_set(holidays):
        if start < h <= end and h.weekday() < 5:
            count -= 1
    return count


def working_days_since(starts: Iterable[date], end: date, holidays: Collection[date] = ()) -> dict[date, int]:
    """``working_days_between(start, end, holidays)`` for many ``starts`` at once.

    The holidays are normalised and sorted once; each start then costs two ordinal
    sums and a binary search (a board of 200 cards entered on 50 different days
    would otherwise walk the holiday set 50 times).
    """
    weekday_holidays = sorted(h for h in as_date_set(holidays) if h.weekday() < 5)
    end_weekdays = _weekdays_through(end.toordinal())
    end_holidays = bisect_right(weekday_holidays, end)
    # Weekdays minus weekday holidays in (start, end]; for end < start the same sum is
    # the negative count, as in working_days_between.
    return {
        start: end_weekdays
        - _weekdays_through(start.toordinal())
        - (end_holidays - bisect_right(weekday_holidays, start))
        for start in starts
    }


def add_working_days(start: date, n: int, holidays: Collection[date] = ()) -> date:
    """The date reached after ``n`` working days from ``start``.

    Only days strictly after ``start`` are counted (Friday + 1 = Monday);
    ``n == 0`` returns ``start`` unchanged even if it is not a working day.
    Negative ``n`` walks backwards (Monday - 1 = Friday).
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"n must be an int, got {n!r}")
    hol = as_date_set(holidays)
    step = _ONE_DAY if n >= 0 else -_ONE_DAY
    day = start
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day, hol):
            remaining -= 1
    return day
