"""The daily digest of applications stuck in a stage longer than its time limit.

Beat runs `send_stage_digests` every morning (08:30 Asia/Kolkata). Each hiring manager
gets at most one e-mail per day, whatever the retries: the outbox key carries the date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import DurationField, ExpressionWrapper, F, Value
from django.urls import reverse
from django.utils import timezone

from recruiting.notifications.services import notification_queue
from recruiting.pipelines.board import holidays_since, working_days_in_stage
from recruiting.pipelines.models import Application
from recruiting.postings.models import Posting


@dataclass
class StuckApplication:
    application: Application
    days: int
    limit: int


def applications_over_limit(*, today: date | None = None) -> dict[object, list[StuckApplication]]:
    """Active applications over their stage's limit (in working days), by the posting's
    hiring manager. Postings that are open or paused only."""
    today = today or timezone.localdate()
    # A working-day limit is never shorter than the same number of calendar days, so the
    # database can drop everything that has not even been there that many calendar days.
    calendar_limit = ExpressionWrapper(
        F("stage__time_limit_days") * Value(timedelta(days=1)), output_field=DurationField()
    )
    candidates = (
        Application.objects.filter(
            state=Application.State.ACTIVE,
            stage__retired=False,
            stage__time_limit_days__isnull=False,
            posting__status__in=[Posting.Status.OPEN, Posting.Status.PAUSED],
            posting__hiring_manager__is_active=True,
        )
        .alias(calendar_limit=calendar_limit)
        .filter(stage_entered_at__date__lt=Value(today) - F("calendar_limit"))
        .select_related("candidate", "stage", "posting", "posting__hiring_manager")
        .order_by("posting__title", "stage__order", "stage_entered_at")
    )
    rows = list(candidates)
    by_manager: dict[object, list[StuckApplication]] = defaultdict(list)
    if not rows:
        return by_manager
    entered = [timezone.localtime(row.stage_entered_at).date() for row in rows]
    holidays = holidays_since(min(entered).year, today)
    for application, day in zip(rows, entered, strict=True):
        days = working_days_in_stage(day, today, holidays)
        limit = application.stage.time_limit_days
        if days > limit:
            by_manager[application.posting.hiring_manager].append(StuckApplication(application, days, limit))
    return by_manager


def stage_digests_send(*, today: date | None = None) -> int:
    """Queue one digest e-mail per hiring manager with stuck applications; returns how
    many managers were written to. Safe to run twice on one day."""
    today = today or timezone.localdate()
    sent = 0
    for manager, stuck in applications_over_limit(today=today).items():
        postings: dict[int, dict] = {}
        for item in stuck:
            posting = item.application.posting
            entry = postings.setdefault(
                posting.pk,
                {
                    "title": posting.title,
                    "board_url": reverse("pipelines:board", args=[posting.public_id]),
                    "rows": [],
                },
            )
            entry["rows"].append(
                {
                    "name": item.application.candidate.full_name,
                    "stage": item.application.stage.name,
                    "days": item.days,
                    "limit": item.limit,
                }
            )
        with transaction.atomic():
            notification_queue(
                key=f"stage-digest:{manager.pk}:{today.isoformat()}",
                kind="stage_digest",
                to=[manager.email],
                context={
                    "name": manager.get_short_name(),
                    "date": today,
                    "postings": list(postings.values()),
                    "count": len(stuck),
                },
                related=manager,
            )
        sent += 1
    return sent


@shared_task
def send_stage_digests() -> int:
    """Beat job (daily, 08:30 Asia/Kolkata): e-mail each hiring manager what is stuck."""
    return stage_digests_send()
