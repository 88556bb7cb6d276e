"""What we hold about a person, for the admins' data-protection page: access, the records
and applications, and counts across every app."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from recruiting.core.access import public_id_or_404
from recruiting.core.privacy import Subject, privacy_modules
from recruiting.notifications.models import Notification
from recruiting.notifications.privacy import addressed_to
from recruiting.pipelines.models import (
    Activity,
    Answer,
    Application,
    Candidate,
    Document,
    Note,
)
from recruiting.pipelines.privacy import (
    emails_of,
    merge_group,
)
from recruiting.postings.models import ConsentText

logger = logging.getLogger(__name__)


def get_candidate_for_privacy(user, public_id) -> Candidate:
    """The candidate `public_id` for the data-protection page: admins only (403 for any
    other role), every record including merged-away and already-erased ones (404 when
    there is no such record)."""
    if not (user.is_authenticated and user.is_admin):
        raise PermissionDenied("Only admins handle data-protection requests.")
    candidate = Candidate.objects.select_related("merged_into").filter(public_id=public_id_or_404(public_id)).first()
    if candidate is None:
        raise Http404("No such candidate")
    return candidate


def candidate_holdings(candidate: Candidate) -> dict[str, Any]:
    """What we hold about the person behind `candidate` (their whole merge group), for
    the data-protection page: the records, the applications with their consent, and
    counts. A constant number of queries, however many applications there are."""
    group = merge_group(candidate)
    ids = [person.pk for person in group]
    applications = list(
        Application.objects.filter(candidate_id__in=ids)
        .select_related("posting", "stage", "rejection_reason")
        .order_by("created_at", "pk")
    )
    texts = dict(
        ConsentText.objects.filter(version__in={a.consent_version for a in applications if a.consent_version})
        .values_list("version", "text")
        .order_by()
    )
    for application in applications:
        application.consent_text = texts.get(application.consent_version, "")
    app_ids = [a.pk for a in applications]
    counts = held_counts(ids, app_ids, emails_of(group))
    tags = list(Candidate.tags.through.objects.filter(candidate_id__in=ids).values_list("tag__name", flat=True))
    return {
        "group": group,
        "merged_records": group[1:],
        "applications": applications,
        "counts": counts,
        "tags": sorted(set(tags)),
        "documents": list(
            Document.objects.filter(candidate_id__in=ids).select_related("application__posting").defer("text")
        ),
    }


def held_counts(candidate_ids: Sequence[int], application_ids: Sequence[int], emails: Sequence[str]) -> dict[str, int]:
    """How many rows of each kind hold data about these records: numbers only, never
    content (this is what the erasure's audit row keeps). Apps above pipelines add their
    own counts through their privacy parts (core.privacy)."""
    subject = Subject(candidate_ids=list(candidate_ids), application_ids=list(application_ids), emails=list(emails))
    counts = {
        "records": len(candidate_ids),
        "applications": len(application_ids),
        "active_applications": Application.objects.filter(
            pk__in=application_ids, state=Application.State.ACTIVE
        ).count(),
        "answers": Answer.objects.filter(application_id__in=application_ids).count(),
        "notes": Note.objects.filter(candidate_id__in=candidate_ids).count(),
        "timeline": Activity.objects.filter(candidate_id__in=candidate_ids).count(),
    }
    for module in privacy_modules():
        if hasattr(module, "held_counts"):
            counts.update(module.held_counts(subject=subject))
    counts["emails"] = Notification.objects.filter(addressed_to(emails)).count() if emails else 0
    counts["cv_files"] = Document.objects.filter(candidate_id__in=candidate_ids).count()
    return counts
