"""Panel interview slot finder.

Pure Python on purpose (stdlib + :mod:`zoneinfo` only, no Django): the
scheduling rules are the part of the portal most likely to have subtle bugs,
so they live where they can be unit- and property-tested without a database.
Working-day arithmetic and holidays come from :mod:`recruiting.core.workdays`
(also pure) and are re-exported here.

Model
-----
* Every interviewer publishes weekly availability :class:`Window` s on
  weekdays (Mon–Fri) expressed in *their own* wall-clock time zone.
* Dated time off and existing interviews (``busy``) are aware datetimes.
* A slot is offered only if, for **every** panel member, the whole slot lies
  inside one single window on their local date, that local date is a weekday
  and not a holiday, they are below their daily cap for that local date, the
  slot does not overlap their time off, and it is clear of every existing
  interview widened by their buffer on both sides.

Algorithm (why it is fast)
--------------------------
Instead of testing every candidate start against every busy interval
(O(slots × busy)), each interviewer's constraints are turned into a sorted,
disjoint list of *closed ranges of admissible start instants*:

1. busy intervals (widened by the buffer) and time off are sorted and merged
   once per call;
2. for each local day in the horizon, every window is cut by the merged
   blocks, located with :func:`bisect.bisect_right`, and each remaining piece
   ``[a, b)`` long enough for the slot becomes the start range
   ``[a, b - length]``;
3. the per-interviewer start ranges are merged and then intersected across
   the panel with a linear two-pointer sweep;
4. only then is the step grid walked, and every grid point inside the
   intersection is valid, so the walk stops after ``limit`` hits.

Cost is O(B log B) for sorting B busy intervals plus O(days × windows ×
log B) for the cuts, independent of the step size.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

# Working-day arithmetic lives in core (the board counts days in stage with it too); it is
# re-exported here because the finder's callers think of it as part of scheduling.
from recruiting.core.workdays import (
    add_working_days,
    as_date_set,
    holiday_dates,
    is_working_day,
    working_days_between,
)

__all__ = [
    "DEFAULT_TZ",
    "InterviewerAvailability",
    "Slot",
    "Window",
    "add_working_days",
    "find_panel_slots",
    "holiday_dates",
    "is_working_day",
    "working_days_between",
]

#: Interviewers are mostly in Chennai; used when no zone is given.
DEFAULT_TZ = ZoneInfo("Asia/Kolkata")

_ONE_DAY = timedelta(days=1)
_MIDNIGHT = time(0)

Interval = tuple[datetime, datetime]


# --------------------------------------------------------------------------
# Input types
# --------------------------------------------------------------------------


def _require_aware(value: object, what: str) -> datetime:
    """Return ``value`` if it is a timezone-aware datetime, else raise.

    Naive datetimes are rejected rather than guessed at: silently assuming a
    zone is exactly the kind of bug that books an interview at 3 a.m.
    """
    if not isinstance(value, datetime):
        raise ValueError(f"{what} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware, got naive {value.isoformat()}")
    return value


def _validate_intervals(intervals: Iterable[Interval], what: str, key: str) -> tuple[Interval, ...]:
    """Check that every ``(start, end)`` is aware and non-empty; return a tuple."""
    checked: list[Interval] = []
    for i, pair in enumerate(intervals):
        try:
            start, end = pair
        except (TypeError, ValueError):
            raise ValueError(f"{key}: {what}[{i}] must be a (start, end) pair") from None
        _require_aware(start, f"{key}: {what}[{i}] start")
        _require_aware(end, f"{key}: {what}[{i}] end")
        # Empty or reversed intervals are almost certainly data-entry bugs;
        # accepting them would also make the overlap rule ambiguous.
        if end <= start:
            raise ValueError(f"{key}: {what}[{i}] must end after it starts ({start.isoformat()} .. {end.isoformat()})")
        checked.append((start, end))
    return tuple(checked)


@dataclass(frozen=True, slots=True)
class Window:
    """A recurring weekly availability window in the interviewer's local time.

    ``weekday`` is 0=Monday .. 4=Friday (weekends are never offered, so they
    cannot be published either). ``start``/``end`` are naive wall-clock
    times on the same day with ``end > start``.
    """

    weekday: int
    start: time
    end: time

    def __post_init__(self) -> None:
        if isinstance(self.weekday, bool) or not isinstance(self.weekday, int):
            raise ValueError(f"Window weekday must be an int 0..4, got {self.weekday!r}")
        if not 0 <= self.weekday <= 4:
            raise ValueError(f"Window weekday must be 0 (Mon) .. 4 (Fri), got {self.weekday}")
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, time):
                raise ValueError(f"Window {name} must be a datetime.time, got {type(value).__name__}")
            if value.tzinfo is not None:
                # The zone belongs to the interviewer, not to the window.
                raise ValueError(f"Window {name} must be a naive time (the interviewer's tz applies)")
        if self.end <= self.start:
            raise ValueError(f"Window end must be after start, got {self.start.isoformat()}-{self.end.isoformat()}")


@dataclass(frozen=True, slots=True)
class InterviewerAvailability:
    """Everything the finder needs to know about one panel member.

    Attributes:
        key: Interviewer id, used only for error messages and uniqueness.
        tz: The interviewer's zone; windows, weekends, holidays and the daily
            cap are all evaluated on this local calendar.
        windows: Weekly availability windows.
        time_off: Dated unavailability as aware ``(start, end)`` pairs.
        busy: Existing interviews as aware ``(start, end)`` pairs. They
            block their time plus ``buffer`` on each side and count towards
            ``daily_cap`` on the local date on which they start.
        daily_cap: Maximum interviews per local day, ``None`` for no cap. A
            day that already holds ``daily_cap`` interviews is not offered.
        weekly_cap: Maximum interviews per local ISO week (Monday to Sunday),
            ``None`` for no cap. A week that already holds ``weekly_cap``
            interviews offers no day. ``busy`` must then reach back to the
            Monday of the first week of the horizon.
        buffer: Minimum gap kept before and after every existing interview.
    """

    key: str
    tz: ZoneInfo = DEFAULT_TZ
    windows: tuple[Window, ...] = ()
    time_off: tuple[Interval, ...] = ()
    busy: tuple[Interval, ...] = ()
    daily_cap: int | None = None
    buffer: timedelta = timedelta(0)
    weekly_cap: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.tz, tzinfo):
            raise ValueError(f"{self.key}: tz must be a tzinfo (e.g. ZoneInfo), got {self.tz!r}")
        windows = tuple(self.windows)
        for w in windows:
            if not isinstance(w, Window):
                raise ValueError(f"{self.key}: windows must contain Window objects, got {w!r}")
        # Frozen dataclass: normalise lists to tuples so instances stay hashable.
        object.__setattr__(self, "windows", windows)
        object.__setattr__(self, "time_off", _validate_intervals(self.time_off, "time_off", self.key))
        object.__setattr__(self, "busy", _validate_intervals(self.busy, "busy", self.key))
        if self.daily_cap is not None and (
            isinstance(self.daily_cap, bool) or not isinstance(self.daily_cap, int) or self.daily_cap < 0
        ):
            raise ValueError(f"{self.key}: daily_cap must be None or an int >= 0, got {self.daily_cap!r}")
        if self.weekly_cap is not None and (
            isinstance(self.weekly_cap, bool) or not isinstance(self.weekly_cap, int) or self.weekly_cap < 0
        ):
            raise ValueError(f"{self.key}: weekly_cap must be None or an int >= 0, got {self.weekly_cap!r}")
        if not isinstance(self.buffer, timedelta) or self.buffer < timedelta(0):
            raise ValueError(f"{self.key}: buffer must be a non-negative timedelta, got {self.buffer!r}")


@dataclass(frozen=True, slots=True, order=True)
class Slot:
    """A proposed interview ``[start, end)``; both ends are aware UTC."""

    start: datetime
    end: datetime


def _last_horizon_day(today: date, working_days: int, holidays: frozenset[date]) -> date:
    """The ``working_days``-th working day counting ``today`` itself as a candidate."""
    day = today
    seen = 1 if is_working_day(day, holidays) else 0
    while seen < working_days:
        day += _ONE_DAY
        if is_working_day(day, holidays):
            seen += 1
    return day


# --------------------------------------------------------------------------
# Slot finder
# --------------------------------------------------------------------------


def _merged_blocks(person: InterviewerAvailability) -> tuple[list[datetime], list[datetime]]:
    """Busy (widened by buffer) and time off as merged, sorted UTC intervals.

    Returned as parallel ``starts``/``ends`` lists: after merging, intervals
    are disjoint, so *both* lists are sorted and ``ends`` can be bisected.
    Intervals are half-open, so a new slot may end exactly at
    ``busy_start - buffer`` or start exactly at ``busy_end + buffer``.
    """
    buf = person.buffer
    # Convert before adding the buffer: arithmetic on a ZoneInfo-aware
    # datetime is wall-clock arithmetic, which is off by an hour across DST.
    raw = [(s.astimezone(UTC) - buf, e.astimezone(UTC) + buf) for s, e in person.busy]
    raw.extend((s.astimezone(UTC), e.astimezone(UTC)) for s, e in person.time_off)
    raw.sort()
    starts: list[datetime] = []
    ends: list[datetime] = []
    for s, e in raw:
        if ends and s <= ends[-1]:  # overlapping or touching: extend
            if e > ends[-1]:
                ends[-1] = e
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


def _start_ranges(
    person: InterviewerAvailability,
    *,
    length: timedelta,
    first_day: date,
    last_day: date,
    holidays: frozenset[date],
) -> list[Interval]:
    """Closed ranges ``[lo, hi]`` of UTC instants at which a slot may start.

    A start ``s`` is admissible for this person iff ``s`` lies in one of the
    returned ranges; ranges are sorted and disjoint. Days ``first_day ..
    last_day`` are *local* dates of this person.
    """
    tz = person.tz
    block_starts, block_ends = _merged_blocks(person)
    n_blocks = len(block_starts)

    cap = person.daily_cap
    # Existing interviews count on the local date they start on.
    per_day = Counter(s.astimezone(tz).date() for s, _ in person.busy) if cap is not None else Counter()
    weekly = person.weekly_cap
    per_week = (
        Counter(s.astimezone(tz).date().isocalendar()[:2] for s, _ in person.busy) if weekly is not None else Counter()
    )

    by_weekday: dict[int, list[Window]] = {}
    for w in sorted(person.windows, key=lambda w: (w.start, w.end)):
        by_weekday.setdefault(w.weekday, []).append(w)

    ranges: list[Interval] = []
    day = first_day
    while day <= last_day:
        windows = by_weekday.get(day.weekday())
        if (
            windows
            and day not in holidays
            and (cap is None or per_day[day] < cap)
            and (weekly is None or per_week[day.isocalendar()[:2]] < weekly)
        ):
            for w in windows:
                # combine(..., tzinfo=ZoneInfo) resolves DST gaps/folds with
                # fold=0, i.e. the first (pre-transition) offset.
                ws = datetime.combine(day, w.start, tzinfo=tz).astimezone(UTC)
                we = datetime.combine(day, w.end, tzinfo=tz).astimezone(UTC)
                if we - ws < length:
                    continue
                # First merged block that ends after the window opens; blocks
                # are disjoint so everything before it is irrelevant.
                i = bisect.bisect_right(block_ends, ws)
                cursor = ws
                while i < n_blocks and block_starts[i] < we:
                    if block_starts[i] - cursor >= length:
                        ranges.append((cursor, block_starts[i] - length))
                    if block_ends[i] > cursor:
                        cursor = block_ends[i]
                    i += 1
                if we - cursor >= length:
                    ranges.append((cursor, we - length))
        day += _ONE_DAY

    # Windows on one weekday may overlap; a start is fine if it fits in *any*
    # single window, so the union of the start ranges is what we need.
    ranges.sort()
    merged: list[Interval] = []
    for lo, hi in ranges:
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    """Intersection of two sorted, disjoint lists of closed ranges (linear)."""
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo = max(a[i][0], b[j][0])
        hi = min(a[i][1], b[j][1])
        if lo <= hi:
            out.append((lo, hi))
        # Advance whichever range finishes first; it cannot meet anything else.
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _time_of_day_us(instant: datetime, tz: tzinfo) -> int:
    """Microseconds since local midnight on the wall clock of ``tz``."""
    local = instant.astimezone(tz)
    return ((local.hour * 60 + local.minute) * 60 + local.second) * 1_000_000 + local.microsecond


def _offset_change(lo: datetime, hi: datetime, tz: tzinfo) -> datetime:
    """The first instant in ``(lo, hi]`` whose UTC offset in ``tz`` differs from ``lo``'s.

    Only called when the offsets at ``lo`` and ``hi`` differ, i.e. at most a
    couple of times a year; a bisection to the microsecond is ~33 steps.
    ``lo``/``hi`` must be UTC so that ``-``/``+`` are absolute.
    """
    before = lo.astimezone(tz).utcoffset()
    while hi - lo > timedelta(microseconds=1):
        mid = lo + (hi - lo) / 2
        if mid.astimezone(tz).utcoffset() == before:
            lo = mid
        else:
            hi = mid
    return hi


def _align_up(instant: datetime, tz: tzinfo, step_us: int) -> datetime:
    """First instant ``>= instant`` whose wall-clock time in ``tz`` is on the step grid.

    The grid is "time of day is a multiple of ``step``" on the local clock, so
    with a 30-minute step slots start at :00/:30 local even in zones with
    half-hour offsets such as Asia/Kolkata. Within one UTC offset the next
    grid point is simply ``instant + (step - remainder)``. If the offset
    changes before that point (a DST transition, which can fall on a weekday,
    e.g. in Israel), the wall clock jumps: the earliest grid point is then the
    first one at or after the transition, measured on the *new* offset.
    """
    # Absolute (UTC) arithmetic below; ZoneInfo-aware "+" would be wall-clock.
    instant = instant.astimezone(UTC)
    while True:
        rest = _time_of_day_us(instant, tz) % step_us
        if rest == 0:
            return instant
        candidate = instant + timedelta(microseconds=step_us - rest)
        if candidate.astimezone(tz).utcoffset() == instant.astimezone(tz).utcoffset():
            return candidate
        # Re-align from the transition; no grid point of the old offset lies
        # in [instant, transition) because ``candidate`` was the first one.
        instant = _offset_change(instant, candidate, tz)


def find_panel_slots(
    panel: Sequence[InterviewerAvailability],
    *,
    length: timedelta,
    now: datetime,
    working_days: int = 10,
    holidays: Collection[date] = (),
    step: timedelta = timedelta(minutes=15),
    limit: int = 20,
    tz_for_days: ZoneInfo | None = None,
    not_before: datetime | None = None,
) -> list[Slot]:
    """Earliest slots of ``length`` in which every panel member is available.

    Args:
        panel: The interviewers who must all attend (at least one, unique keys).
        length: Interview duration, > 0.
        now: Aware "current" instant; no slot starts before it.
        working_days: Horizon size: today (if a working day) and following
            working days in ``tz_for_days``, up to ``working_days`` of them.
            Slots must *start* before local midnight ending the last one.
        holidays: Dates never offered, checked against each interviewer's
            local date (build with :func:`holiday_dates`).
        step: Slot starts are multiples of ``step`` on the ``tz_for_days``
            wall clock (10:00, 10:15, ... for the default 15 minutes); must
            divide 24 hours.
        limit: Maximum number of slots returned.
        tz_for_days: Zone defining "today", the horizon and the step grid;
            defaults to the first panel member's zone.
        not_before: No slot starts before this instant either (minimum
            notice). Unlike ``now`` it does not move "today": two hours of
            notice late in the evening must not push the horizon a day on.

    Returns:
        Up to ``limit`` slots with distinct starts, sorted by start, as aware
        UTC datetimes.

    Raises:
        ValueError: on empty panel, duplicate keys, naive ``now``,
            non-positive ``length``/``step``, a ``step`` that does not divide
            24 hours, or negative ``working_days``/``limit``.
    """
    panel = list(panel)
    if not panel:
        raise ValueError("panel must contain at least one interviewer")
    seen_keys: set[str] = set()
    for person in panel:
        if not isinstance(person, InterviewerAvailability):
            raise ValueError(f"panel members must be InterviewerAvailability, got {person!r}")
        if person.key in seen_keys:
            raise ValueError(f"interviewer {person.key!r} appears twice in the panel")
        seen_keys.add(person.key)
    _require_aware(now, "now")
    if not_before is not None:
        _require_aware(not_before, "not_before")
    if not isinstance(length, timedelta) or length <= timedelta(0):
        raise ValueError(f"length must be a positive timedelta, got {length!r}")
    if not isinstance(step, timedelta) or step <= timedelta(0):
        raise ValueError(f"step must be a positive timedelta, got {step!r}")
    if _ONE_DAY % step:
        # The grid restarts at local midnight; an uneven step would leave a
        # short gap there and make "aligned" ambiguous.
        raise ValueError(f"step must divide 24 hours evenly (e.g. 5, 15, 30, 60 minutes), got {step}")
    if isinstance(working_days, bool) or not isinstance(working_days, int) or working_days < 0:
        raise ValueError(f"working_days must be an int >= 0, got {working_days!r}")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ValueError(f"limit must be an int >= 0, got {limit!r}")
    if working_days == 0 or limit == 0:
        return []

    hol = as_date_set(holidays)
    day_tz = tz_for_days if tz_for_days is not None else panel[0].tz
    today = now.astimezone(day_tz).date()
    now_utc = max(now, not_before).astimezone(UTC) if not_before is not None else now.astimezone(UTC)
    last_day = _last_horizon_day(today, working_days, hol)
    horizon_end = datetime.combine(last_day + _ONE_DAY, _MIDNIGHT, tzinfo=day_tz).astimezone(UTC)

    common: list[Interval] | None = None
    for person in panel:
        ranges = _start_ranges(
            person,
            length=length,
            # Local dates of this person that can contain a start in
            # [now, horizon_end); the edges are clipped below.
            first_day=now_utc.astimezone(person.tz).date(),
            last_day=horizon_end.astimezone(person.tz).date(),
            holidays=hol,
        )
        common = ranges if common is None else _intersect(common, ranges)
        if not common:
            return []  # someone is never free: skip the remaining members

    step_us = step // timedelta(microseconds=1)
    slots: list[Slot] = []
    assert common is not None
    for lo, hi in common:
        if hi < now_utc:
            continue
        if lo >= horizon_end:
            break
        start = _align_up(max(lo, now_utc), day_tz, step_us)
        while start <= hi and start < horizon_end:
            slots.append(Slot(start, start + length))
            if len(slots) >= limit:
                return slots
            # Not simply ``start + step``: after a DST jump the next grid
            # point can be closer than one step away.
            start = _align_up(start + timedelta(microseconds=1), day_tz, step_us)
    return slots
