"""Periodic interview jobs: reminders before interviews and nudges for missing scorecards.

Each e-mail has an idempotency key, so running a job twice (or two beat processes)
sends nothing twice. Suggested beat entries (recruiting/celery.py):

    "interview-reminders":    recruiting.interviews.tasks.send_interview_reminders, every 600 s
    "scorecard-nudges":       recruiting.interviews.tasks.send_scorecard_nudges,    every 600 s
    "interviews-complete":    recruiting.interviews.tasks.complete_past_interviews, every 600 s
"""

from __future__ import annotations

from datetime import datetime, timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from recruiting.interviews.blind import name_for
from recruiting.interviews.models import Interview, InterviewPanelist, Scorecard
from recruiting.interviews.services import when_label as _when_label
from recruiting.notifications.models import Notification
from recruiting.notifications.services import notification_queue

REMINDER_LEADS = (("24h", timedelta(hours=24)), ("1h", timedelta(hours=1)))
NUDGE_AFTER = timedelta(hours=24)
NUDGE_WINDOW = timedelta(days=14)  # an interview from a month ago is not nudged for


def _seats(**filters):
    return InterviewPanelist.objects.filter(active=True, **filters).select_related(
        "interviewer",
        "interview__application__candidate",
        "interview__application__posting__interview_settings",
        "interview__round",
    )


def _existing(keys: list[str]) -> set[str]:
    return set(Notification.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True))


def reminders_due(now: datetime | None = None) -> int:
    """Queue the 24-hour and 1-hour reminders that are due and not sent yet. An interview
    inside the 1-hour lead gets only the 1-hour reminder (the 24-hour one would be late
    news). Keys carry the sequence: a rescheduled interview is reminded again."""
    now = now or timezone.now()
    seats = list(
        _seats(
            interview__status=Interview.Status.SCHEDULED,
            interview__starts_at__gt=now,
            interview__starts_at__lte=now + REMINDER_LEADS[0][1],
        ).order_by("interview__starts_at")
    )
    wanted = []
    for seat in seats:
        interview = seat.interview
        lead = "1h" if interview.starts_at <= now + timedelta(hours=1) else "24h"
        key = f"interview-reminder:{lead}:{interview.public_id}:{interview.sequence}:{seat.interviewer.email.lower()}"
        wanted.append((key[:200], lead, seat))
    done = _existing([key for key, _, _ in wanted])
    queued = 0
    for key, lead, seat in wanted:
        if key in done:
            continue
        interview = seat.interview
        with transaction.atomic():
            notification_queue(
                key=key,
                kind="interview_reminder",
                to=[seat.interviewer.email],
                context={
                    "name": str(seat.interviewer),
                    "lead": "in 1 hour" if lead == "1h" else "tomorrow",
                    "candidate_name": name_for(seat.interviewer, interview.application),
                    "round_name": interview.round.name if interview.round else "Interview",
                    "posting_title": interview.application.posting.title,
                    "when": _when_label(interview.starts_at, seat.interviewer.time_zone),
                    "location": interview.location,
                    "meeting_url": interview.meeting_url,
                    "interview_url": settings.SITE_URL + reverse("interviews:detail", args=[interview.public_id]),
                },
                related=interview,
            )
        queued += 1
    return queued


def nudges_due(now: datetime | None = None) -> int:
    """Nudge each panelist whose scorecard is not submitted 24 hours after the interview
    ended (once per interview and person)."""
    now = now or timezone.now()
    seats = list(
        _seats(interview__ends_at__lte=now - NUDGE_AFTER, interview__ends_at__gt=now - NUDGE_WINDOW)
        .exclude(interview__status=Interview.Status.CANCELLED)
        .order_by("interview__starts_at")
    )
    submitted = set(
        Scorecard.objects.filter(
            interview_id__in={seat.interview_id for seat in seats}, status=Scorecard.Status.SUBMITTED
        ).values_list("interview_id", "interviewer_id")
    )
    wanted = [
        (f"scorecard-nudge:{seat.interview.public_id}:{seat.interviewer.email.lower()}"[:200], seat)
        for seat in seats
        if (seat.interview_id, seat.interviewer_id) not in submitted
    ]
    done = _existing([key for key, _ in wanted])
    queued = 0
    for key, seat in wanted:
        if key in done:
            continue
        interview = seat.interview
        with transaction.atomic():
            notification_queue(
                key=key,
                kind="scorecard_nudge",
                to=[seat.interviewer.email],
                context={
                    "name": str(seat.interviewer),
                    "candidate_name": name_for(seat.interviewer, interview.application),
                    "round_name": interview.round.name if interview.round else "Interview",
                    "posting_title": interview.application.posting.title,
                    "when": _when_label(interview.starts_at, seat.interviewer.time_zone),
                    "scorecard_url": settings.SITE_URL + reverse("interviews:scorecard", args=[interview.public_id]),
                },
                related=interview,
            )
        queued += 1
    return queued


@shared_task
def send_interview_reminders() -> int:
    """Beat job (every 10 minutes): 24-hour and 1-hour reminders to interviewers."""
    return reminders_due()


@shared_task
def send_scorecard_nudges() -> int:
    """Beat job (every 10 minutes): nudge panelists whose scorecard is 24 hours late."""
    return nudges_due()


@shared_task
def complete_past_interviews() -> int:
    """Beat job (every 10 minutes): scheduled interviews that have ended become completed."""
    return Interview.objects.filter(status=Interview.Status.SCHEDULED, ends_at__lt=timezone.now()).update(
        status=Interview.Status.COMPLETED, updated_at=timezone.now()
    )
