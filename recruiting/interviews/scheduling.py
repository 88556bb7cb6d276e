"""From the database to the slot finder: load a panel's availability in a constant number
of queries and ask `slots.find_panel_slots` for the earliest common slots.

The pure rules live in `slots.py`; this module only gathers their inputs (windows, time
off, active seats, caps, buffers, time zones, holidays) and re-checks one slot for the
booking service with exactly the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import timezone

from recruiting.core.inputs import DB_INSTANT_CEILING, DB_INSTANT_FLOOR
from recruiting.interviews.models import (
    DEFAULT_TIME_ZONE,
    AvailabilityWindow,
    CompanyHoliday,
    InterviewerSettings,
    InterviewPanelist,
    TimeOff,
    default_buffer_minutes,
    default_daily_cap,
    default_weekly_cap,
)
from recruiting.interviews.slots import (
    InterviewerAvailability,
    Slot,
    Window,
    add_working_days,
    find_panel_slots,
    holiday_dates,
)

# Zones offered to candidates on the self-scheduling page; any valid zone is accepted.
COMMON_TIME_ZONES = [
    "Asia/Kolkata",
    "Asia/Dubai",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Australia/Sydney",
    "UTC",
]

STEP = timedelta(minutes=15)
# "Later" paging stops here: nobody books an interview a year ahead.
MAX_LOOKAHEAD = timedelta(days=365)


# IANA names are short ASCII paths ("America/Argentina/Buenos_Aires" is among the longest);
# anything else is not looked up at all (ZoneInfo would try it as a file name).
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+\-]{1,32}(?:/[A-Za-z0-9_+\-]{1,32}){0,2}")


def is_valid_zone(name: str | None) -> bool:
    if not name or not _ZONE_NAME.fullmatch(name):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def zone(name: str | None) -> ZoneInfo:
    """The zone called `name`, or Asia/Kolkata when it is empty or unknown."""
    return ZoneInfo(name if is_valid_zone(name) else DEFAULT_TIME_ZONE)


@lru_cache(maxsize=16)
def _public_holidays(country: str, subdiv: str | None, years: tuple[int, ...]) -> frozenset[date]:
    # The `holidays` calendar is costly to build and the same all day long.
    return holiday_dates(country, subdiv, years)


def holidays_for(years: Iterable[int]) -> frozenset[date]:
    """Public holidays of the configured region plus company holidays (one query)."""
    years = tuple(sorted(set(years)))
    public = _public_holidays(settings.HOLIDAY_COUNTRY, settings.HOLIDAY_SUBDIVISION, years)
    company = CompanyHoliday.objects.filter(date__year__in=years).values_list("date", flat=True)
    return public | frozenset(company)


def min_notice() -> timedelta:
    """No slot is proposed sooner than this from now (nobody books an interview for
    fifteen minutes from now)."""
    return timedelta(minutes=getattr(settings, "INTERVIEW_MIN_NOTICE_MINUTES", 120))


def load_panel(
    users: Sequence,
    *,
    since: datetime,
    until: datetime,
    exclude_interview_id: int | None = None,
) -> list[InterviewerAvailability]:
    """Everything the finder needs about `users` between `since` and `until`.

    Four queries whatever the panel size or the number of booked interviews: settings,
    windows, time off, active seats (from the Monday before `since`, for the weekly cap). A seat's `busy` range already holds the interview
    widened by the buffer it was booked with, and the finder widens it again by the
    current buffer: the new seat will be widened too, so this is exactly the condition
    the exclusion constraint will check.
    """
    ids = [user.pk for user in users]
    prefs = {row.user_id: row for row in InterviewerSettings.objects.filter(user_id__in=ids)}
    windows: dict[int, list[Window]] = {pk: [] for pk in ids}
    for who, weekday, start, end in AvailabilityWindow.objects.filter(interviewer_id__in=ids).values_list(
        "interviewer_id", "weekday", "start", "end"
    ):
        windows[who].append(Window(weekday, start, end))
    time_off: dict[int, list[tuple[datetime, datetime]]] = {pk: [] for pk in ids}
    for who, start, end in TimeOff.objects.filter(
        interviewer_id__in=ids, ends_at__gt=since, starts_at__lt=until
    ).values_list("interviewer_id", "starts_at", "ends_at"):
        time_off[who].append((start, end))
    busy: dict[int, list[tuple[datetime, datetime]]] = {pk: [] for pk in ids}
    # From the Monday of `since`'s week (a day's slack for zones): the weekly cap counts
    # the interviews since Monday.
    week_start = since - timedelta(days=since.weekday() + 1)
    seats = InterviewPanelist.objects.filter(interviewer_id__in=ids, active=True, busy__overlap=(week_start, until))
    if exclude_interview_id is not None:
        seats = seats.exclude(interview_id=exclude_interview_id)
    for who, span in seats.values_list("interviewer_id", "busy"):
        busy[who].append((span.lower, span.upper))
    panel = []
    for user in users:
        pref = prefs.get(user.pk)
        panel.append(
            InterviewerAvailability(
                key=str(user.pk),
                tz=zone(user.time_zone),
                windows=tuple(windows[user.pk]),
                time_off=tuple(time_off[user.pk]),
                busy=tuple(busy[user.pk]),
                daily_cap=pref.daily_cap if pref else default_daily_cap(),
                weekly_cap=pref.weekly_cap if pref else default_weekly_cap(),
                buffer=timedelta(minutes=pref.buffer_minutes if pref else default_buffer_minutes()),
            )
        )
    return panel


def buffer_for(user) -> timedelta:
    pref = InterviewerSettings.objects.filter(user=user).first()
    return timedelta(minutes=pref.buffer_minutes if pref else default_buffer_minutes())


def _horizon(now: datetime, day_tz: ZoneInfo, working_days: int) -> tuple[frozenset[date], datetime]:
    today = now.astimezone(day_tz).date()
    hol = holidays_for([today.year, today.year + 1])
    last = add_working_days(today, working_days, hol)
    # One spare day on each side: interviewers' local dates may differ from day_tz's.
    until = datetime.combine(last + timedelta(days=2), datetime.min.time(), tzinfo=day_tz)
    return hol, until


@dataclass(frozen=True)
class SlotPage:
    """One page of proposals and where the next ("later") page starts (None: no later page)."""

    slots: list[Slot]
    later: datetime | None


def propose_slot_page(
    *,
    users: Sequence,
    length: timedelta,
    now: datetime | None = None,
    working_days: int = 10,
    limit: int = 20,
    notice: timedelta | None = None,
    exclude_interview_id: int | None = None,
    after: datetime | None = None,
) -> SlotPage:
    """The earliest `limit` slots of `length` in the next `working_days` working days in
    which every one of `users` is free. Five queries in all (holidays + `load_panel`).

    `after` pages on ("later"): only slots starting after it, and the horizon of
    `working_days` counts from its day instead of today; the query count stays the same.
    The horizon, "today" and the 15-minute grid follow the first panelist's time zone.
    """
    if not users:
        return SlotPage([], None)
    now = now or timezone.now()
    earliest = now + (min_notice() if notice is None else notice)
    start_from = now
    if after is not None and after > now:
        start_from = min(after, now + MAX_LOOKAHEAD)
        earliest = max(earliest, start_from + timedelta(minutes=1))
    day_tz = zone(users[0].time_zone)
    hol, until = _horizon(start_from, day_tz, working_days)
    panel = load_panel(
        users, since=start_from - timedelta(days=1), until=until, exclude_interview_id=exclude_interview_id
    )
    slots = find_panel_slots(
        panel,
        length=length,
        now=start_from,
        not_before=earliest,
        working_days=working_days,
        holidays=hol,
        step=STEP,
        limit=limit,
        tz_for_days=day_tz,
    )
    # A full page goes on after its last slot; a short one after the horizon's last day.
    later = slots[-1].start if len(slots) >= limit else until - timedelta(days=1)
    return SlotPage(slots, later if later < now + MAX_LOOKAHEAD else None)


def propose_slots(**kwargs) -> list[Slot]:
    """The slots of `propose_slot_page` (same arguments)."""
    return propose_slot_page(**kwargs).slots


def _finder_offers(
    panel: list[InterviewerAvailability], *, start: datetime, length: timedelta, day_tz, company_holidays: bool = True
) -> bool:
    """Whether the finder, asked about the single instant `start` (one-minute grid, so any
    whole-minute start is on it), finds `start` for `panel`."""
    years = (start.year - 1, start.year, start.year + 1)
    if company_holidays:
        hol = holidays_for(years)
    else:
        hol = _public_holidays(settings.HOLIDAY_COUNTRY, settings.HOLIDAY_SUBDIVISION, years)
    found = find_panel_slots(
        panel,
        length=length,
        now=start,
        working_days=2,
        holidays=hol,
        step=timedelta(minutes=1),
        limit=1,
        tz_for_days=day_tz,
    )
    return bool(found) and found[0].start == start


def _within_years(start: datetime, length: timedelta) -> bool:
    """Far enough from the ends of the calendar for the finder's date arithmetic."""
    margin = timedelta(days=7)
    return DB_INSTANT_FLOOR + margin <= start <= DB_INSTANT_CEILING - margin - abs(length)


def slot_is_free(
    *,
    users: Sequence,
    start: datetime,
    length: timedelta,
    exclude_interview_id: int | None = None,
) -> bool:
    """True when `start` is still a valid slot for every one of `users`: inside a window,
    on a working day that is no holiday, outside time off, under the daily cap and clear
    of other interviews plus buffers. The same rules as the finder, by asking the finder
    about that single instant."""
    if start.second or start.microsecond or not _within_years(start, length):
        return False
    panel = load_panel(
        users,
        since=start - timedelta(days=2),
        until=start + length + timedelta(days=2),
        exclude_interview_id=exclude_interview_id,
    )
    return _finder_offers(panel, start=start, length=length, day_tz=zone(users[0].time_zone))


def slot_was_offerable(
    *, users: Sequence, start: datetime, length: timedelta, now: datetime | None = None, working_days: int = 10
) -> bool:
    """Whether `start` is a slot `propose_slots` would offer this panel if nobody had booked
    anything: in the future and inside the proposal horizon, on the 15-minute grid of the
    first panelist's clock, on a working day that is no public holiday, inside every
    panelist's windows. A start that passes this but is not free (`slot_is_free`)
    was offered and has gone since (booked, or time off or a company holiday added); one
    that fails it was never offered (a Saturday, the year 9999, 10:07)."""
    if not users:
        return False
    now = now or timezone.now()
    day_tz = zone(users[0].time_zone)
    if start <= now or not _within_years(start, length):
        return False
    _hol, until = _horizon(now, day_tz, working_days)
    local = start.astimezone(day_tz)
    if start >= until or local.second or local.microsecond or (local.hour * 60 + local.minute) % (STEP.seconds // 60):
        return False
    panel = load_panel(users, since=start - timedelta(days=2), until=start + length + timedelta(days=2))
    unbooked = [replace(person, busy=(), time_off=(), daily_cap=None, weekly_cap=None) for person in panel]
    return _finder_offers(unbooked, start=start, length=length, day_tz=day_tz, company_holidays=False)


@dataclass(frozen=True)
class SlotView:
    """A slot as people read it: the candidate's clock and each interviewer's."""

    start: datetime
    end: datetime
    value: str  # ISO form posted back by the booking form
    candidate_label: str
    interviewer_labels: tuple[tuple[str, str], ...]
    day_key: str


def _label(instant: datetime, tz: ZoneInfo, with_day: bool = True) -> str:
    local = instant.astimezone(tz)
    text = local.strftime("%a %d %b, %H:%M") if with_day else local.strftime("%H:%M")
    return f"{text} ({local.tzname()})"


def describe_slots(slots: Sequence[Slot], *, candidate_tz: ZoneInfo, users: Sequence = ()) -> list[SlotView]:
    views = []
    for slot in slots:
        views.append(
            SlotView(
                start=slot.start,
                end=slot.end,
                value=slot.start.isoformat(),
                candidate_label=_label(slot.start, candidate_tz)
                + "–"
                + slot.end.astimezone(candidate_tz).strftime("%H:%M"),
                interviewer_labels=tuple((str(u), _label(slot.start, zone(u.time_zone))) for u in users),
                day_key=slot.start.astimezone(candidate_tz).strftime("%A %d %B"),
            )
        )
    return views


def parse_slot(value: str) -> datetime | None:
    """An aware datetime from a posted slot value, or None when it is not one. Whether it
    is a slot anybody offered is the booking service's question."""
    try:
        parsed = datetime.fromisoformat((value or "").strip()[:64])
    except ValueError:
        return None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        return None
    try:
        parsed.astimezone(UTC)
    except OverflowError:
        return None
    return parsed
