"""Fair panel choice: which pool members should sit on each proposed slot.

Pure Python like the slot finder (:mod:`recruiting.interviews.slots`), whose per-person
rules it reuses: a member is *free* at a start when that start lies in their admissible
start ranges (windows, working days, holidays, time off, buffers, daily and weekly caps).
At every grid point where at least ``needed`` members are free, the panel is the
``needed`` free members with the fewest recent interviews (``load``), ties broken by
who is available earliest in the horizon, then by key (so the choice is deterministic).
Nobody above a cap is ever free, so nobody is ever chosen above one.

Cost: one pass of the finder per member, then a sweep over the sorted range ends; the
active set changes only at those ends, so the panel is chosen once per segment, not per
grid point.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from recruiting.core.workdays import as_date_set
from recruiting.interviews.slots import (
    _MIDNIGHT,
    _ONE_DAY,
    InterviewerAvailability,
    Slot,
    _align_up,
    _last_horizon_day,
    _start_ranges,
)

_TICK = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class PanelSlot:
    """A slot and the panel chosen for it (keys of the members, fairest first)."""

    slot: Slot
    panel: tuple[str, ...]


def first_free(ranges: Sequence[tuple[datetime, datetime]], not_before: datetime) -> datetime | None:
    """The earliest admissible start at or after `not_before`, or None."""
    for lo, hi in ranges:
        if hi >= not_before:
            return max(lo, not_before)
    return None


def choose_panels(
    pool: Sequence[InterviewerAvailability],
    *,
    needed: int,
    load: Mapping[str, int],
    length: timedelta,
    now: datetime,
    working_days: int = 10,
    holidays: Collection[date] = (),
    step: timedelta = timedelta(minutes=15),
    limit: int = 20,
    tz_for_days: ZoneInfo,
    not_before: datetime | None = None,
) -> list[PanelSlot]:
    """The earliest `limit` slots at which `needed` members of `pool` are free, each with
    the fairest panel: fewest `load` (interviews in the last four weeks and booked ahead),
    then earliest first availability, then key."""
    if needed < 1 or limit < 1 or working_days < 1 or len(pool) < needed:
        return []
    hol = as_date_set(holidays)
    today = now.astimezone(tz_for_days).date()
    start_at = max(now, not_before).astimezone(UTC) if not_before is not None else now.astimezone(UTC)
    last_day = _last_horizon_day(today, working_days, hol)
    horizon_end = datetime.combine(last_day + _ONE_DAY, _MIDNIGHT, tzinfo=tz_for_days).astimezone(UTC)

    events: list[tuple[datetime, int, str]] = []
    rank: dict[str, tuple[int, datetime, str]] = {}
    for person in pool:
        ranges = _start_ranges(
            person,
            length=length,
            first_day=start_at.astimezone(person.tz).date(),
            last_day=horizon_end.astimezone(person.tz).date(),
            holidays=hol,
        )
        ranges = [(max(lo, start_at), min(hi, horizon_end - _TICK)) for lo, hi in ranges]
        ranges = [(lo, hi) for lo, hi in ranges if lo <= hi]
        earliest = first_free(ranges, start_at)
        if earliest is None:
            continue
        rank[person.key] = (load.get(person.key, 0), earliest, person.key)
        for lo, hi in ranges:
            # Closed [lo, hi] as half-open [lo, hi + 1µs): +1 before -1 at the same instant
            # would overlap ranges that only touch, so ends sort first (0 < 1).
            events.append((lo, 1, person.key))
            events.append((hi + _TICK, 0, person.key))
    if len(rank) < needed:
        return []
    events.sort()
    step_us = step // _TICK
    active: set[str] = set()
    found: list[PanelSlot] = []
    index = 0
    while index < len(events):
        at = events[index][0]
        while index < len(events) and events[index][0] == at:
            _, kind, key = events[index]
            if kind:
                active.add(key)
            else:
                active.discard(key)
            index += 1
        if len(active) < needed:
            continue
        until = events[index][0] if index < len(events) else horizon_end
        panel = tuple(sorted(active, key=rank.__getitem__)[:needed])
        start = _align_up(at, tz_for_days, step_us)
        while start < until:
            found.append(PanelSlot(Slot(start, start + length), panel))
            if len(found) >= limit:
                return found
            start = _align_up(start + _TICK, tz_for_days, step_us)
    return found
