"""Scorecards: saving (with revisions and the blind rule), scores and averages."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from recruiting.accounts.models import User
from recruiting.audit.services import audit_record
from recruiting.interviews.models import (
    Interview,
    InterviewPanelist,
    Scorecard,
    ScorecardRating,
    ScorecardRevision,
)
from recruiting.interviews.services.common import ScorecardIncomplete, ScorecardTooEarly
from recruiting.pipelines.models import Application
from recruiting.pipelines.services import activity_record, application_set_rating

# --- Scorecards ---------------------------------------------------------------------------
RECOMMENDATION_POINTS = {
    Scorecard.Recommendation.STRONG_NO: 1,
    Scorecard.Recommendation.NO: 2,
    Scorecard.Recommendation.YES: 3,
    Scorecard.Recommendation.STRONG_YES: 4,
}


def scorecard_score(card: Scorecard) -> Decimal | None:
    """One scorecard's score on the 1–4 scale: the mean of its criterion ratings, or its
    recommendation (strong no 1 … strong yes 4) when it rates no criterion."""
    rated = [r.rating for r in card.ratings.all() if r.rating]
    if rated:
        return Decimal(sum(rated)) / Decimal(len(rated))
    points = RECOMMENDATION_POINTS.get(card.recommendation)
    return Decimal(points) if points else None


def application_rating_average(application: Application) -> Decimal | None:
    """The application's average rating: the mean of the scores of its submitted
    scorecards (each scorecard counts once, whatever its number of criteria), on 1–4,
    two decimals. Scorecards of cancelled interviews and of shadows do not count."""
    shadow = InterviewPanelist.objects.filter(
        interview=OuterRef("interview"), interviewer=OuterRef("interviewer"), shadow=True
    )
    cards = (
        Scorecard.objects.filter(interview__application=application, status=Scorecard.Status.SUBMITTED)
        .exclude(interview__status=Interview.Status.CANCELLED)
        .exclude(Exists(shadow))
        .prefetch_related("ratings")
    )
    scores = [score for card in cards if (score := scorecard_score(card)) is not None]
    if not scores:
        return None
    return (sum(scores) / Decimal(len(scores))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _snapshot(card: Scorecard) -> dict:
    return {
        "recommendation": card.recommendation,
        "notes": card.notes,
        "submitted_at": card.submitted_at.isoformat() if card.submitted_at else None,
        "ratings": [
            {"criterion": r.criterion.name, "rating": r.rating, "evidence": r.evidence}
            for r in card.ratings.select_related("criterion").order_by("criterion__order", "criterion_id")
        ],
    }


@transaction.atomic
def scorecard_save(
    *,
    interview: Interview,
    interviewer: User,
    recommendation: str,
    notes: str,
    ratings: Mapping[int, tuple[int | None, str]],
    submit: bool,
) -> Scorecard:
    """Save the interviewer's scorecard as a draft, or submit it.

    Submitting needs the interview to have started, a recommendation and a rating for
    every criterion; the card then locks. Saving a submitted card again is an edit after
    submission: the previous content is kept as a ScorecardRevision, the version rises
    and the card is marked.
    Every submit or edit refreshes the application's average rating.
    """
    if submit and interview.starts_at > timezone.now():
        raise ScorecardTooEarly("The interview has not started yet: save a draft now and submit it afterwards.")
    criteria = list(interview.round.criteria.all()) if interview.round else []
    card, _ = Scorecard.objects.select_for_update().get_or_create(interview=interview, interviewer=interviewer)
    was_submitted = card.is_submitted
    if recommendation and recommendation not in Scorecard.Recommendation.values:
        raise ScorecardIncomplete("Choose a recommendation from the list.")
    for rating, _evidence in ratings.values():
        if rating is not None and not 1 <= rating <= 4:
            raise ScorecardIncomplete("Ratings go from 1 to 4.")
    if was_submitted or submit:
        missing = [c.name for c in criteria if ratings.get(c.pk, (None, ""))[0] is None]
        if missing or not recommendation:
            parts = []
            if missing:
                parts.append("rate " + ", ".join(missing))
            if not recommendation:
                parts.append("choose an overall recommendation")
            raise ScorecardIncomplete("To submit, " + " and ".join(parts) + ".")
    now = timezone.now()
    if was_submitted:
        ScorecardRevision.objects.create(
            scorecard=card, version=card.version, edited_by=interviewer, edited_at=now, previous=_snapshot(card)
        )
        card.version += 1
        card.edited_after_submission = True
    elif submit:
        card.status = Scorecard.Status.SUBMITTED
        card.submitted_at = now
        card.version = 1
    card.recommendation = recommendation
    card.notes = notes
    card.save(
        update_fields=[
            "status",
            "submitted_at",
            "version",
            "edited_after_submission",
            "recommendation",
            "notes",
            "updated_at",
        ]
    )
    existing = {r.criterion_id: r for r in card.ratings.all()}
    create, update = [], []
    for criterion in criteria:
        rating, evidence = ratings.get(criterion.pk, (None, ""))
        row = existing.get(criterion.pk)
        if row is None:
            create.append(ScorecardRating(scorecard=card, criterion=criterion, rating=rating, evidence=evidence))
        else:
            row.rating, row.evidence = rating, evidence
            update.append(row)
    ScorecardRating.objects.bulk_create(create)
    ScorecardRating.objects.bulk_update(update, ["rating", "evidence"])
    if card.is_submitted:
        application = interview.application
        application_set_rating(application=application, average=application_rating_average(application))
        action = "scorecard.edit" if was_submitted else "scorecard.submit"
        # Restricted: other interviewers must not learn the recommendation from the timeline.
        activity_record(
            candidate=application.candidate,
            application=application,
            actor=interviewer,
            kind=action,
            summary=f"Scorecard {'edited after submission' if was_submitted else 'submitted'} by {interviewer} "
            f"({card.get_recommendation_display()})",
            restricted=True,
            data={"interview": str(interview.public_id), "version": card.version},
        )
        audit_record(actor=interviewer, action=action, obj=card, after={"version": card.version})
    return card
