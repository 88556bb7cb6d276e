"""Interview plans: a posting's rounds and their scorecard criteria."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from recruiting.accounts.models import User
from recruiting.audit.services import audit_record
from recruiting.interviews.models import (
    DEFAULT_CRITERIA,
    InterviewRound,
    ScorecardCriterion,
    ScorecardRating,
)
from recruiting.interviews.services.common import PlanRefused


# --- Interview plans ---------------------------------------------------------------------
def default_criteria_for(posting) -> list[str]:
    """The posting's evaluation focus when it has one, else the house list."""
    focus = [str(item).strip()[:120] for item in (posting.evaluation_focus or []) if str(item).strip()]
    return focus or list(DEFAULT_CRITERIA)


@transaction.atomic
def round_create(
    *, posting, actor: Any, pool: Sequence[User] = (), shadows: Sequence[User] = (), **fields: Any
) -> InterviewRound:
    """Add a round to the posting's plan, with the default scorecard criteria."""
    if fields.get("stage") is not None and fields["stage"].posting_id != posting.pk:
        raise PlanRefused("That stage belongs to another posting.")
    order = fields.pop("order", None)
    if order is None:
        order = InterviewRound.objects.filter(posting=posting).count()
    interview_round = InterviewRound.objects.create(posting=posting, order=order, **fields)
    interview_round.pool.set(pool)
    interview_round.shadows.set(shadows)
    ScorecardCriterion.objects.bulk_create(
        ScorecardCriterion(round=interview_round, name=name, order=index)
        for index, name in enumerate(default_criteria_for(posting))
    )
    audit_record(
        actor=actor, action="interview_round.create", obj=interview_round, after={"posting": str(posting.public_id)}
    )
    return interview_round


@transaction.atomic
def round_update(
    *,
    interview_round: InterviewRound,
    actor: Any,
    pool: Sequence[User] | None = None,
    shadows: Sequence[User] | None = None,
    **fields: Any,
) -> InterviewRound:
    if fields.get("stage") is not None and fields["stage"].posting_id != interview_round.posting_id:
        raise PlanRefused("That stage belongs to another posting.")
    for name, value in fields.items():
        setattr(interview_round, name, value)
    interview_round.save(update_fields=[*fields, "updated_at"])
    if pool is not None:
        interview_round.pool.set(pool)
    if shadows is not None:
        interview_round.shadows.set(shadows)
    audit_record(actor=actor, action="interview_round.update", obj=interview_round)
    return interview_round


@transaction.atomic
def round_delete(*, interview_round: InterviewRound, actor: Any) -> None:
    """Remove a round. Booked interviews keep their data (their round becomes empty)."""
    audit_record(actor=actor, action="interview_round.delete", obj=interview_round)
    interview_round.delete()


@transaction.atomic
def criterion_add(*, interview_round: InterviewRound, name: str, description: str = "") -> ScorecardCriterion:
    name = " ".join(name.split())
    if not name:
        raise PlanRefused("A criterion needs a name.")
    order = ScorecardCriterion.objects.filter(round=interview_round).count()
    return ScorecardCriterion.objects.create(
        round=interview_round, name=name[:120], description=description[:300], order=order
    )


@transaction.atomic
def criterion_update(*, criterion: ScorecardCriterion, name: str, description: str = "") -> ScorecardCriterion:
    name = " ".join(name.split())
    if not name:
        raise PlanRefused("A criterion needs a name.")
    criterion.name, criterion.description = name[:120], description[:300]
    criterion.save(update_fields=["name", "description"])
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: ScorecardCriterion) -> None:
    """Delete a criterion nobody has rated yet; rated ones stay (history)."""
    if ScorecardRating.objects.filter(criterion=criterion, rating__isnull=False).exists():
        raise PlanRefused("Scorecards already rate this criterion; it cannot be deleted.")
    criterion.delete()
