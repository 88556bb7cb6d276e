"""What interviews holds about a person, for export and erasure (core.privacy; the
`recruiting.privacy` app calls these for every registered app)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce

from recruiting.core.privacy import Subject
from recruiting.interviews.models import (
    Interview,
    InterviewRound,
    SchedulingLink,
    Scorecard,
    ScorecardRating,
    ScorecardRevision,
)
from recruiting.interviews.services import interview_cancel


def held_counts(*, subject: Subject) -> dict[str, int]:
    ids = subject.application_ids
    return {
        "interviews": Interview.objects.filter(application_id__in=ids).count(),
        "scorecards": Scorecard.objects.filter(interview__application_id__in=ids).count(),
        "scheduling_links": SchedulingLink.objects.filter(application_id__in=ids).count(),
    }


def _scorecard(card) -> dict[str, Any]:
    return {
        "interviewer": str(card.interviewer),
        "recommendation": card.get_recommendation_display(),
        "notes": card.notes,
        "submitted_at": card.submitted_at,
        "edited_after_submission": card.edited_after_submission,
        "ratings": [
            {"criterion": rating.criterion.name, "rating": rating.rating, "evidence": rating.evidence}
            for rating in card.ratings.all()
        ],
    }


def export_applications(*, subject: Subject) -> dict[int, dict[str, Any]]:
    """Each application's interviews (by start) with their submitted scorecards (3 queries)."""
    scorecards = (
        Scorecard.objects.filter(status=Scorecard.Status.SUBMITTED)
        .select_related("interviewer")
        .prefetch_related(Prefetch("ratings", queryset=ScorecardRating.objects.select_related("criterion")))
    )
    interviews = (
        Interview.objects.filter(application_id__in=subject.application_ids)
        .select_related("round")
        .prefetch_related(Prefetch("scorecards", queryset=scorecards, to_attr="submitted_scorecards"))
    )
    exported: dict[int, dict[str, Any]] = {pk: {"interviews": []} for pk in subject.application_ids}
    for interview in interviews:
        exported[interview.application_id]["interviews"].append(
            {
                "title": interview.title,
                "round": interview.round.name if interview.round else None,
                "starts_at": interview.starts_at,
                "ends_at": interview.ends_at,
                "status": interview.status,
                "location": interview.location,
                "meeting_url": interview.meeting_url,
                "time_zone": interview.candidate_time_zone,
                "scorecards": [_scorecard(card) for card in interview.submitted_scorecards],
            }
        )
    return exported


def erase(*, subject: Subject) -> list[tuple[str, list[int]]]:
    """Titles (which carry the name) reset to the round's name; upcoming interviews
    cancelled (the panel is told, its time is free again); scorecards keep ratings and
    recommendation, lose their free text (in earlier revisions too); unused
    self-scheduling links revoked. Returns the interviews and links, whose e-mails the
    outbox part blanks."""
    app_ids, now = subject.application_ids, subject.now
    interviews = Interview.objects.filter(application_id__in=app_ids)
    round_name = InterviewRound.objects.filter(pk=OuterRef("round_id")).values("name")[:1]
    interviews.update(title=Coalesce(Subquery(round_name), Value("Interview")), updated_at=now)
    for interview in interviews.filter(status=Interview.Status.SCHEDULED, starts_at__gt=now):
        interview_cancel(interview=interview, actor=subject.actor, reason="The candidate is no longer in the process.")
    Scorecard.objects.filter(interview__application_id__in=app_ids).update(notes="", updated_at=now)
    ScorecardRating.objects.filter(scorecard__interview__application_id__in=app_ids).update(evidence="")
    revisions = list(ScorecardRevision.objects.filter(scorecard__interview__application_id__in=app_ids))
    for revision in revisions:
        previous = dict(revision.previous or {})
        previous["notes"] = ""
        previous["ratings"] = [{**rating, "evidence": ""} for rating in previous.get("ratings") or []]
        revision.previous = previous
    ScorecardRevision.objects.bulk_update(revisions, ["previous"])
    links = SchedulingLink.objects.filter(application_id__in=app_ids)
    links.filter(revoked_at__isnull=True, used_at__isnull=True).update(revoked_at=now, updated_at=now)
    return [
        (Interview._meta.label_lower, list(interviews.values_list("pk", flat=True))),
        (SchedulingLink._meta.label_lower, list(links.values_list("pk", flat=True))),
    ]
