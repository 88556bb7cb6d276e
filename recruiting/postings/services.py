"""Writes on postings, their skills and screening questions.

Views and tasks call these functions; none of them repeats what is done here. Every
function is atomic, writes the audit row for what it changed and queues background
work only after the transaction commits.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from recruiting.audit.services import audit_record
from recruiting.postings.models import LibraryQuestion, Posting, PostingSkill, ScreeningQuestion
from recruiting.postings.signals import knockout_rules_changed, posting_created

logger = logging.getLogger(__name__)

Status = Posting.Status

# Which status may follow which. Reopening a closed posting is allowed; a draft may be
# abandoned (closed) without ever being published.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.OPEN, Status.CLOSED}),
    Status.OPEN: frozenset({Status.PAUSED, Status.CLOSED}),
    Status.PAUSED: frozenset({Status.OPEN, Status.CLOSED}),
    Status.CLOSED: frozenset({Status.OPEN}),
}

# Labels of the buttons that lead to each status, by the status they start from.
ACTION_LABELS = {
    Status.OPEN: "Publish",
    Status.PAUSED: "Pause",
    Status.CLOSED: "Close",
}

COMPENSATION_FIELDS = ("pay_currency", "pay_min", "pay_max", "pay_period")
# Editable scalar fields of a posting (the form's fields minus relations).
POSTING_FIELDS = (
    "title", "team", "hiring_manager", "location", "workplace_type", "employment_type",
    "experience_min", "experience_max", *COMPENSATION_FIELDS, "openings", "description",
    "education", "interview_mode", "weekday_interviews_only", "notice_period_max_days",
    "evaluation_focus", "closes_on", "knockout_action", "rejection_delay_hours",
)  # fmt: skip
# A change in any of these changes what a knock-out rule means.
RULE_FIELDS = (
    "kind", "choices", "skill", "currency",
    "knockout_op", "knockout_value", "knockout_band_max", "knockout_tolerance_pct",
)  # fmt: skip
QUESTION_FIELDS = ("text", "help_text", "required", *RULE_FIELDS)


class PostingError(Exception):
    """A request that breaks a posting rule; the message is shown to the user."""


# --- Helpers ------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    """A JSON-friendly copy of a field value for audit rows (Decimals stay exact)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk") and hasattr(value, "_meta"):
        return str(value)
    return value


def _snapshot(obj, fields: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def _apply_fields(obj, fields: dict[str, Any], allowed: Sequence[str]) -> list[str]:
    """Set the allowed fields that differ; return the names that changed."""
    changed = []
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"{name} is not an editable field")
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _replace_skills(posting: Posting, skills: Sequence[dict[str, Any]]) -> None:
    posting.skills.all().delete()
    seen: set[str] = set()
    rows = []
    for index, skill in enumerate(skills):
        name = " ".join(str(skill["name"]).split())
        if not name or name.lower() in seen:  # the database holds one row per name
            continue
        seen.add(name.lower())
        rows.append(
            PostingSkill(
                posting=posting,
                name=name,
                required=bool(skill.get("required", True)),
                min_years=skill.get("min_years"),
                order=index,
            )
        )
    PostingSkill.objects.bulk_create(rows)


# --- Postings -----------------------------------------------------------------------
@transaction.atomic
def posting_create(
    *,
    actor,
    fields: dict[str, Any],
    recruiters: Iterable = (),
    shared_with: Iterable = (),
    skills: Sequence[dict[str, Any]] = (),
    questions: Sequence[dict[str, Any]] = (),
    choices: Mapping[str, Any] | None = None,
) -> Posting:
    """Create a draft posting with its skills, screening questions and pipeline stages.

    `fields` holds the posting's own fields (see POSTING_FIELDS); a hiring manager who
    creates a posting is its owner (the view decides, the form offers no choice).
    `choices` holds the answers to the fields the apps above added to the form
    (`postings.extensions`; pipelines' `stage_template`), passed on with `posting_created`.
    """
    unknown = set(fields) - set(POSTING_FIELDS)
    if unknown:
        raise TypeError(f"not posting fields: {sorted(unknown)}")
    posting = Posting.objects.create(**fields, status=Status.DRAFT, created_by=actor)
    posting.recruiters.set(list(recruiters))
    posting.shared_with.set(list(shared_with))
    _replace_skills(posting, skills)
    for index, data in enumerate(questions):
        ScreeningQuestion.objects.create(posting=posting, order=index, **_question_data(data))
    # Pipelines (a layer above) gives the posting its stages, in this transaction.
    posting_created.send(sender=Posting, posting=posting, choices=dict(choices or {}))
    audit_record(
        actor=actor,
        action="posting.create",
        obj=posting,
        after={**_snapshot(posting, ("title", "hiring_manager", *COMPENSATION_FIELDS)), "questions": len(questions)},
    )
    return posting


@transaction.atomic
def posting_update(
    *,
    posting: Posting,
    actor,
    fields: dict[str, Any],
    recruiters: Iterable | None = None,
    shared_with: Iterable | None = None,
    skills: Sequence[dict[str, Any]] | None = None,
) -> Posting:
    """Change a posting's fields (and, when given, its recruiters, sharing and skills).

    Pay band edits are audited separately with before/after figures. When the band
    maximum moves, questions whose knock-out compares with it are re-evaluated.
    """
    locked = Posting.objects.select_for_update().get(pk=posting.pk)
    before = _snapshot(locked, POSTING_FIELDS)
    changed = _apply_fields(locked, fields, POSTING_FIELDS)
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
    if recruiters is not None:
        locked.recruiters.set(list(recruiters))
    if shared_with is not None:
        locked.shared_with.set(list(shared_with))
    if skills is not None:
        _replace_skills(locked, skills)

    pay_changed = [name for name in changed if name in COMPENSATION_FIELDS]
    other_changed = [name for name in changed if name not in COMPENSATION_FIELDS]
    if pay_changed:
        audit_record(
            actor=actor,
            action="posting.compensation_change",
            obj=locked,
            before={name: before[name] for name in COMPENSATION_FIELDS},
            after=_snapshot(locked, COMPENSATION_FIELDS),
        )
    if other_changed or skills is not None or recruiters is not None or shared_with is not None:
        audit_record(
            actor=actor,
            action="posting.update",
            obj=locked,
            before={name: before[name] for name in other_changed},
            after=_snapshot(locked, other_changed),
        )
    band_dependent = {"pay_max", "pay_currency"} & set(changed)
    if band_dependent and locked.questions.filter(knockout_band_max=True).exists():
        knockouts_reevaluate(posting=locked, reason="Pay band maximum changed")
    posting.__dict__.update({name: getattr(locked, name) for name in changed})
    return locked


def allowed_transitions(posting: Posting) -> list[str]:
    """Statuses `posting` may move to next, in a stable order for buttons."""
    allowed = TRANSITIONS.get(posting.status, frozenset())
    return [status for status in (Status.OPEN, Status.PAUSED, Status.CLOSED) if status in allowed]


@transaction.atomic
def posting_change_status(*, posting: Posting, status: str, actor) -> Posting:
    """Publish, pause, close or reopen a posting.

    Raises PostingError for a move the workflow does not allow (draft → paused, for
    example). Opening stamps `opened_at` (and clears `closed_at` on a reopen); closing
    stamps `closed_at`. `actor=None` is the system (the auto-close job).
    """
    locked = Posting.objects.select_for_update().get(pk=posting.pk)
    if status not in Status.values:
        raise PostingError(f"Unknown status “{status}”.")
    if status == locked.status:
        raise PostingError(f"The posting is already {locked.get_status_display().lower()}.")
    if status not in TRANSITIONS[locked.status]:
        raise PostingError(f"A {locked.get_status_display().lower()} posting cannot be {Status(status).label.lower()}.")
    before = {"status": locked.status}
    now = timezone.now()
    locked.status = status
    update = ["status", "updated_at"]
    if status == Status.OPEN:
        locked.opened_at = now
        locked.closed_at = None
        update += ["opened_at", "closed_at"]
    elif status == Status.CLOSED:
        locked.closed_at = now
        update.append("closed_at")
    locked.save(update_fields=update)
    audit_record(actor=actor, action="posting.status", obj=locked, before=before, after={"status": status})
    for name in ("status", "opened_at", "closed_at", "updated_at"):
        setattr(posting, name, getattr(locked, name))
    return posting


def postings_close_expired(*, today: dt.date | None = None) -> list[Posting]:
    """Close open and paused postings whose closing day has passed (in TIME_ZONE).

    Each posting is closed in its own transaction so one failure does not keep the
    others open."""
    today = today or timezone.localdate()
    expired = Posting.objects.filter(status__in=[Status.OPEN, Status.PAUSED], closes_on__lt=today)
    closed = []
    for posting in expired:
        try:
            closed.append(posting_change_status(posting=posting, status=Status.CLOSED, actor=None))
        except PostingError:  # changed meanwhile (closed by hand): nothing to do
            continue
    return closed


# --- Screening questions -------------------------------------------------------------
def _question_data(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - {*QUESTION_FIELDS, "library_question"}
    if unknown:
        raise TypeError(f"not question fields: {sorted(unknown)}")
    return dict(data)


def _rule(question: ScreeningQuestion) -> tuple | None:
    """What decides the knock-out outcome; None when the question has no rule."""
    if not question.has_knockout:
        return None
    return tuple(getattr(question, name) for name in RULE_FIELDS)


def _next_order(posting: Posting) -> int:
    current = posting.questions.aggregate(top=Max("order"))["top"]
    return 0 if current is None else current + 1


@transaction.atomic
def question_create(*, posting: Posting, actor, data: dict[str, Any]) -> ScreeningQuestion:
    """Add a screening question at the end. A knock-out on a posting that already has
    applications is evaluated against their answers (in the background)."""
    question = ScreeningQuestion.objects.create(posting=posting, order=_next_order(posting), **_question_data(data))
    audit_record(actor=actor, action="question.create", obj=question, after={"posting": str(posting.public_id)})
    if question.has_knockout:
        knockouts_reevaluate(posting=posting, reason=f"Knock-out added: {question.text}")
    return question


@transaction.atomic
def question_add_from_library(*, posting: Posting, actor, library_question: LibraryQuestion) -> ScreeningQuestion:
    """Copy a library question (with its knock-out rule) onto the posting."""
    data = {name: getattr(library_question, name) for name in QUESTION_FIELDS}
    if data["kind"] == "money" and not data["currency"]:
        data["currency"] = posting.pay_currency
    return question_create(posting=posting, actor=actor, data={**data, "library_question": library_question})


@transaction.atomic
def question_update(*, question: ScreeningQuestion, actor, data: dict[str, Any]) -> bool:
    """Edit a question. Returns True when its knock-out rule changed: then the rule
    version goes up and open applications are re-evaluated in the background."""
    locked = ScreeningQuestion.objects.select_for_update().get(pk=question.pk)
    rule_before = _rule(locked)
    before = _snapshot(locked, QUESTION_FIELDS)
    changed = _apply_fields(locked, _question_data(data), QUESTION_FIELDS)
    rule_changed = _rule(locked) != rule_before
    if rule_changed:
        locked.rule_version += 1
        changed.append("rule_version")
    if not changed:
        return False
    locked.save(update_fields=changed)
    audit_record(
        actor=actor,
        action="question.rule_change" if rule_changed else "question.update",
        obj=locked,
        before={name: before[name] for name in changed if name in before},
        after=_snapshot(locked, [name for name in changed if name in before]),
    )
    if rule_changed:
        knockouts_reevaluate(
            posting=locked.posting, reason=f"Knock-out rule changed on “{locked.text}” (v{locked.rule_version})"
        )
    question.__dict__.update({name: getattr(locked, name) for name in changed})
    return rule_changed


@transaction.atomic
def question_delete(*, question: ScreeningQuestion, actor) -> None:
    """Remove a question and its answers; flags it caused are re-evaluated away."""
    posting = question.posting
    had_rule = question.has_knockout
    audit_record(actor=actor, action="question.delete", obj=question, before=_snapshot(question, QUESTION_FIELDS))
    question.delete()
    if had_rule:
        knockouts_reevaluate(posting=posting, reason=f"Knock-out removed: {question.text}")


@transaction.atomic
def question_move(*, question: ScreeningQuestion, offset: int) -> None:
    """Move a question up (offset -1) or down (+1) in its posting's order."""
    siblings = list(ScreeningQuestion.objects.select_for_update().filter(posting_id=question.posting_id))
    siblings.sort(key=lambda q: (q.order, q.pk))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    target = index + offset
    if target < 0 or target >= len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for order, item in enumerate(siblings):
        item.order = order
    ScreeningQuestion.objects.bulk_update(siblings, ["order"])


# --- The board's change counter -------------------------------------------------------
def posting_board_changed(*, posting_id: int, changes: int = 1) -> None:
    """Count a change (or `changes` of them, written together) on the posting's board (a
    move, rejection, reopening, new application): one UPDATE in the caller's transaction,
    so the counter and the change commit together and viewers polling the board token see
    it at once."""
    Posting.objects.filter(pk=posting_id).update(board_version=F("board_version") + changes)


# --- Re-evaluating knock-outs ----------------------------------------------------------
def progress_key(posting_id: int) -> str:
    return f"postings:reevaluation:{posting_id}"


def reevaluation_progress(posting: Posting) -> dict[str, Any] | None:
    """{"done", "total", "finished"} of the latest re-evaluation of `posting`, if any."""
    return cache.get(progress_key(posting.pk))


def reevaluation_progress_set(posting_id: int, *, done: int, total: int, finished: bool) -> None:
    """Record how far the re-evaluation of a posting's applications has got (written by
    the re-evaluation in pipelines, read by the posting page)."""
    # An hour is plenty for the page to show the outcome; the cache forgets it after.
    cache.set(progress_key(posting_id), {"done": done, "total": total, "finished": finished}, 3600)


def knockouts_reevaluate(*, posting: Posting, reason: str) -> None:
    """Announce that the posting's knock-out rules changed, inside the caller's transaction.

    Pipelines, which holds the answers, queues a re-evaluation of the active applications
    after commit and writes the progress entry at once so the posting page starts
    polling it.
    """
    knockout_rules_changed.send(sender=Posting, posting=posting, reason=reason)
