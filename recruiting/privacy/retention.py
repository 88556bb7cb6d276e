"""The retention job: people whose applications all ended long enough ago are anonymised."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from recruiting.pipelines.models import (
    Application,
    Candidate,
    StageTransition,
)
from recruiting.privacy.erasure import ErasureRefused, candidate_erase

logger = logging.getLogger(__name__)


RETENTION_REASON = "Retention period ended ({days} days after the last application closed)"
ENDED_STATES = (Application.State.REJECTED, Application.State.WITHDRAWN)
OPEN_STATES = (Application.State.ACTIVE, Application.State.HIRED)


def candidates_due_for_anonymisation(*, now: datetime | None = None) -> QuerySet[Candidate]:
    """People not yet anonymised, none of whose applications (their merged records'
    included) is active or hired, whose last application ended more than
    `settings.RETENTION_DAYS_REJECTED` days before `now`. An application ended at its
    latest transition into its present state (rejected/withdrawn), else its updated_at.
    People who never applied are not covered (they have no application to end)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RETENTION_DAYS_REJECTED)
    ended_at = (
        StageTransition.objects.filter(application=OuterRef("pk"), to_state=OuterRef("state"))
        .order_by("-at")
        .values("at")[:1]
    )
    theirs = Q(candidate=OuterRef("pk")) | Q(candidate__merged_into=OuterRef("pk"))
    last_ended = (
        Application.objects.filter(theirs)
        .annotate(ended_at=Coalesce(Subquery(ended_at), F("updated_at")))
        .order_by("-ended_at")
        .values("ended_at")[:1]
    )
    still_open = Application.objects.filter(theirs, state__in=OPEN_STATES)
    return (
        Candidate.objects.filter(anonymised_at__isnull=True, merged_into__isnull=True)
        .annotate(last_ended_at=Subquery(last_ended))
        .filter(~Exists(still_open), last_ended_at__lt=cutoff)
    )


def candidates_anonymise_expired(*, now: datetime | None = None) -> int:
    """Anonymise everybody `candidates_due_for_anonymisation` finds, one transaction per
    person (one failure does not undo the others). Returns how many were anonymised."""
    due = candidates_due_for_anonymisation(now=now)
    reason = RETENTION_REASON.format(days=settings.RETENTION_DAYS_REJECTED)
    erased = 0
    for pk in list(due.values_list("pk", flat=True).order_by("pk")):
        try:
            with transaction.atomic():
                # Checked again under the person's lock: an application may have been
                # reopened since the list was read.
                person = Candidate.objects.select_for_update().filter(pk=pk).first()
                if person is None or not due.filter(pk=pk).exists():
                    continue
                erased += candidate_erase(candidate=person, actor=None, reason=reason)
        except ErasureRefused as exc:
            logger.warning("Retention: candidate %s not anonymised: %s", pk, exc)
        except Exception:
            logger.exception("Retention: anonymising candidate %s failed", pk)
    return erased
