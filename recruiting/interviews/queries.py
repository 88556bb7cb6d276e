"""Read side of interviews for a user's pages and dashboard panels."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from recruiting.interviews.models import Interview, Scorecard


def _interviews_for(user):
    return Interview.objects.filter(panel__interviewer=user, panel__active=True).select_related(
        "application__candidate", "application__posting", "round"
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


def interviews_this_week(user, now=None):
    """Interviews of the postings `user` manages, Monday to Sunday of this week."""
    from recruiting.pipelines.models import Application

    now = timezone.localtime(now or timezone.now())
    monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        Interview.objects.filter(
            application__in=Application.objects.visible_to(user).values("pk"),
            starts_at__gte=monday,
            starts_at__lt=monday + timedelta(days=7),
        )
        .exclude(status=Interview.Status.CANCELLED)
        .select_related("application__candidate", "application__posting", "round")
        .prefetch_related("panel__interviewer")
        .order_by("starts_at")
    )


def upcoming_on_postings(user, now=None):
    """Scheduled interviews of the applications `user` sees that have not ended yet, soonest
    first: what the dashboard shows (on a Friday, Monday's interviews are upcoming)."""
    from recruiting.pipelines.models import Application

    return (
        Interview.objects.filter(
            application__in=Application.objects.visible_to(user).values("pk"),
            status=Interview.Status.SCHEDULED,
            ends_at__gte=now or timezone.now(),
        )
        .select_related("application__candidate", "application__posting", "round")
        .order_by("starts_at")
    )
