"""Interviewers' availability: settings, weekly windows, time off."""

from __future__ import annotations

from datetime import datetime, time

from django.db import transaction

from recruiting.accounts.models import User
from recruiting.interviews.models import (
    AvailabilityWindow,
    InterviewerSettings,
    TimeOff,
)
from recruiting.interviews.scheduling import is_valid_zone
from recruiting.interviews.services.common import AvailabilityRefused


# --- Availability ----------------------------------------------------------------------
def interviewer_settings_get(user: User) -> InterviewerSettings:
    """The user's cap and buffer; an unsaved row with the defaults when they never set them."""
    return InterviewerSettings.objects.filter(user=user).first() or InterviewerSettings(user=user)


@transaction.atomic
def interviewer_settings_update(
    *, user: User, time_zone: str, daily_cap: int, buffer_minutes: int, weekly_cap: int | None = None
) -> InterviewerSettings:
    """Set the interviewer's time zone (kept on the user), daily and weekly caps and buffer."""
    if not is_valid_zone(time_zone):
        raise AvailabilityRefused(f"Unknown time zone {time_zone!r}")
    prefs, _ = InterviewerSettings.objects.get_or_create(user=user)
    prefs.daily_cap = daily_cap
    prefs.weekly_cap = weekly_cap
    prefs.buffer_minutes = buffer_minutes
    prefs.save(update_fields=["daily_cap", "weekly_cap", "buffer_minutes"])
    if user.time_zone != time_zone:
        user.time_zone = time_zone
        user.save(update_fields=["time_zone"])
    return prefs


@transaction.atomic
def availability_window_save(
    *, interviewer: User, weekday: int, start: time, end: time, window: AvailabilityWindow | None = None
) -> AvailabilityWindow:
    """Add (or change) a weekly window. Weekends and empty windows are refused."""
    if not 0 <= weekday <= 4:
        raise AvailabilityRefused("Interviews happen Monday to Friday only.")
    if end <= start:
        raise AvailabilityRefused("A window must end after it starts.")
    if window is None:
        return AvailabilityWindow.objects.create(interviewer=interviewer, weekday=weekday, start=start, end=end)
    window.weekday, window.start, window.end = weekday, start, end
    window.save(update_fields=["weekday", "start", "end", "updated_at"])
    return window


@transaction.atomic
def availability_window_delete(*, window: AvailabilityWindow) -> None:
    window.delete()


@transaction.atomic
def time_off_add(*, interviewer: User, starts_at: datetime, ends_at: datetime, reason: str = "") -> TimeOff:
    """Block a dated period ([starts_at, ends_at), aware datetimes)."""
    if ends_at <= starts_at:
        raise AvailabilityRefused("Time off must end after it starts.")
    return TimeOff.objects.create(interviewer=interviewer, starts_at=starts_at, ends_at=ends_at, reason=reason[:120])


@transaction.atomic
def time_off_delete(*, time_off: TimeOff) -> None:
    time_off.delete()
