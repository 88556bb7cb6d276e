"""Read side of interviews for a user's pages and dashboard panels."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, tzinfo

from django.db.models import Exists, OuterRef
from django.utils import timezone

from recruiting.interviews.models import Interview, Scorecard


def _interviews_for(user):
    return Interview.objects.filter(panel__interviewer=user, panel__active=True).select_related(
        "application__candidate", "application__posting__interview_settings", "round"
    )


def pending_scorecards(user, now=None):
    """Interviews `user` sat on (started, not cancelled) without their submitted scorecard."""
    now = now or timezone.now()
    submitted = Scorecard.objects.filter(interview=OuterRef("pk"), interviewer=user, status=Scorecard.Status.SUBMITTED)
    return (
        _interviews_for(user)
        .filter(starts_at__lt=now)
        .exclude(status=Interview.Status.CANCELLED)
        .exclude(Exists(submitted))
        .order_by("starts_at")
    )


def upcoming_interviews(user, now=None):
    now = now or timezone.now()
    return _interviews_for(user).filter(status=Interview.Status.SCHEDULED, ends_at__gte=now).order_by("starts_at")


def team_upcoming_interviews(user, now=None):
    """Interviews of the applications `user` manages from the start of today on (not
    cancelled), earliest first: on a Friday, Monday's are there too."""
    from recruiting.pipelines.models import Application

    now = timezone.localtime(now or timezone.now())
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        Interview.objects.filter(
            application__in=Application.objects.visible_to(user).values("pk"), starts_at__gte=today
        )
        .exclude(status=Interview.Status.CANCELLED)
        .select_related("application__candidate", "application__posting__interview_settings", "round")
        .prefetch_related("panel__interviewer")
        .order_by("starts_at")
    )


@dataclass(frozen=True)
class Day:
    day: date
    items: list


def by_day(interviews: Iterable[Interview], tz: tzinfo | None = None) -> list[Day]:
    """Interviews (sorted by start) grouped by their local date in `tz` (the current zone)."""
    tz = tz or timezone.get_current_timezone()
    days: list[Day] = []
    for item in interviews:
        local = item.starts_at.astimezone(tz).date()
        if not days or days[-1].day != local:
            days.append(Day(local, []))
        days[-1].items.append(item)
    return days
