"""Knock-out results of applications: the posting's rules applied to the answers given.

The rules themselves are postings' (`recruiting.postings.knockouts.evaluate_answer`,
pure); the answers, the flags on the application and the `KnockoutEvaluation` history
are held per application, here. `application_evaluate_knockouts` runs at apply time;
`knockouts_reevaluate_run` walks a posting's active applications after a rule edit (the
`reevaluate_knockouts` task, queued when postings announces `knockout_rules_changed`).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count

from recruiting.pipelines.models import Answer, Application, KnockoutEvaluation
from recruiting.pipelines.services import application_set_flags
from recruiting.postings.knockouts import knockout_flags
from recruiting.postings.services import reevaluation_progress_set


@transaction.atomic
def application_evaluate_knockouts(*, application, reason: str, actor=None) -> list[str]:
    """Recompute an application's knock-out flags from its stored answers.

    The flags are replaced through `application_set_flags` (which writes the timeline
    line); when they change, a `KnockoutEvaluation` row records before, after and
    `reason` ("Answers at application", "Rule changed on Notice period" ...). Returns
    the new flags. Safe to call repeatedly.
    """
    # Lock the row so two evaluations (a rule edit while another runs) record a true "before".
    locked = Application.objects.select_for_update().select_related("posting", "candidate").get(pk=application.pk)
    answers = (
        Answer.objects.filter(application=locked).select_related("question").order_by("question__order", "question__id")
    )
    flags = knockout_flags(locked.posting, ((answer.question, answer.value) for answer in answers))
    before = list(locked.knockout_flags)
    changed = application_set_flags(application=locked, flags=flags, reason=reason, actor=actor)
    if changed:
        KnockoutEvaluation.objects.create(
            application=locked, flags_before=before, flags_after=flags, reason=reason[:300]
        )
    # Keep the caller's instance in step with the database.
    application.knockout_flags = locked.knockout_flags
    application.is_flagged = locked.is_flagged
    return flags


def active_applications_count(posting_id: int) -> int:
    return Application.objects.filter(posting_id=posting_id, state=Application.State.ACTIVE).count()


def knockouts_reevaluate_run(*, posting_id: int, reason: str, batch: int = 25) -> int:
    """Re-evaluate every active application of a posting; returns how many were checked.

    Each application is evaluated in its own transaction, so a long run holds no locks
    for long and a crash loses nothing already done. Progress goes where the posting
    page reads it (`postings.services.reevaluation_progress`).
    """
    ids = list(
        Application.objects.filter(posting_id=posting_id, state=Application.State.ACTIVE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    total = len(ids)
    reevaluation_progress_set(posting_id, done=0, total=total, finished=total == 0)
    done = 0
    for start in range(0, total, batch):
        for application in Application.objects.filter(pk__in=ids[start : start + batch]).order_by("pk"):
            if application.state == Application.State.ACTIVE:
                application_evaluate_knockouts(application=application, reason=reason)
            done += 1
        reevaluation_progress_set(posting_id, done=done, total=total, finished=done >= total)
    return done


def active_application_counts(posting_ids: list[int]) -> dict[int, int]:
    """Active applications per posting, in one grouped query (postings' lists and panels
    count through `postings.counts`, which this fills)."""
    rows = (
        Application.objects.filter(posting_id__in=list(posting_ids), state=Application.State.ACTIVE)
        .values("posting_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["posting_id"]: row["n"] for row in rows}
