"""Writes on the pipeline: moving, rejecting, withdrawing, reopening and hiring
applications, and editing a posting's stages.

Every change of stage or state is one transaction that locks the application row,
checks its version (optimistic locking for the board), raises the version, and writes the
append-only StageTransition row, a timeline line and an audit row together.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import formats, timezone

from recruiting.audit.services import audit_record
from recruiting.notifications.services import notification_cancel_related, notification_queue
from recruiting.pipelines import signals
from recruiting.pipelines.models import (
    Application,
    RejectionReason,
    Stage,
    StageKind,
    StageTransition,
)
from recruiting.pipelines.services import activity_record

State = Application.State

DEFAULT_REJECTION_REASONS = (
    "Not enough experience",
    "Skills mismatch",
    "Compensation mismatch",
    "Notice period too long",
    "Knock-out",
    "Position filled",
    "Candidate unresponsive",
    "Other",
)


class MoveRefused(ValueError):
    """A move, rejection, withdrawal or reopening the pipeline's rules refuse; the message
    is for the person. (A ValueError too, for callers written before it existed.)"""


class StageChangeRefused(ValueError):
    """A change to a posting's stages that the rules refuse; the message is for the person."""


class StaleMove(MoveRefused):
    """The card changed since the user saw it. Carries the truth so the board can say
    "Meena moved Arjun to Technical at 14:05 — your move was not applied"."""

    def __init__(self, *, current: Application, last: StageTransition | None = None):
        self.current = current
        self.last = last
        self.by = last.by if last is not None else None
        self.at: datetime | None = last.at if last is not None else None
        self.from_stage = last.from_stage if last is not None else None
        self.to_stage = last.to_stage if last is not None else current.stage
        super().__init__(self.message)

    @property
    def message(self) -> str:
        who = (self.by.get_full_name() if self.by is not None else "") or "Somebody"
        name = self.current.candidate.full_name
        when = f" at {formats.time_format(timezone.localtime(self.at), 'H:i')}" if self.at else ""
        last = self.last
        if last is not None and last.to_state == State.REJECTED:
            did = f"rejected {name}"
        elif last is not None and last.to_state == State.WITHDRAWN:
            did = f"marked {name} as withdrawn"
        elif last is not None and last.from_state in (State.REJECTED, State.WITHDRAWN):
            did = f"reopened {name} in {self.to_stage}"
        else:
            did = f"moved {name} to {self.to_stage}"
        return f"{who} {did}{when} — your move was not applied."


def ensure_default_rejection_reasons() -> list[RejectionReason]:
    """The active rejection reasons, creating the default list on first use.

    One query when the reasons exist (the board calls it on every page). Migration
    pipelines/0006 seeds the same list; this puts back any that are missing (tests flush
    the database). Admins hide a reason with `active=False` rather than deleting it,
    because a deleted default comes back here.
    """
    reasons = list(RejectionReason.objects.all())
    missing = set(DEFAULT_REJECTION_REASONS) - {r.name for r in reasons}
    if missing:
        for order, name in enumerate(DEFAULT_REJECTION_REASONS):
            if name in missing:
                RejectionReason.objects.get_or_create(name=name, defaults={"order": order})
        reasons = list(RejectionReason.objects.all())
    return [r for r in reasons if r.active]


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("candidate", "posting", "stage")
        .get(pk=application.pk)
    )


def _last_transition(application: Application) -> StageTransition | None:
    return (
        StageTransition.objects.filter(application=application)
        .select_related("by", "from_stage", "to_stage")
        .order_by("-at", "-id")
        .first()
    )


def _check_version(locked: Application, expected_version: int | None) -> None:
    if expected_version is not None and locked.version != expected_version:
        raise StaleMove(current=locked, last=_last_transition(locked))


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _record_change(
    *,
    application: Application,
    from_stage: Stage,
    from_state: str,
    actor: Any,
    reason: str,
    action: str,
    summary: str,
    now: datetime,
    data: dict | None = None,
) -> StageTransition:
    """Transition row, timeline line and audit row for one change of stage or state."""
    transition = StageTransition.objects.create(
        application=application,
        from_stage=from_stage,
        to_stage=application.stage,
        from_state=from_state,
        to_state=application.state,
        by=_actor(actor),
        at=now,
        reason=reason[:500],
    )
    activity_record(
        candidate=application.candidate,
        application=application,
        actor=actor,
        kind=action,
        summary=summary,
        data={
            "from_stage": from_stage.name,
            "to_stage": application.stage.name,
            "from_state": from_state,
            "to_state": application.state,
            **(data or {}),
        },
        at=now,
    )
    audit_record(
        actor=actor,
        action=action,
        obj=application,
        before={"stage": from_stage.name, "state": from_state},
        after={
            "stage": application.stage.name,
            "state": application.state,
            "version": application.version,
            **({"reason": reason} if reason else {}),
        },
    )
    return transition


@transaction.atomic
def application_move(
    *, application: Application, to_stage: Stage, actor: Any, expected_version: int, reason: str = ""
) -> Application:
    """Move an application to another stage of its posting.

    Refuses a stale `expected_version` with StaleMove (who moved it last, when, where),
    and with MoveRefused a stage of another posting, a retired stage and rejected or
    withdrawn applications (reopen them first). Moving into a stage of kind "hired"
    makes the application hired; moving out of it makes it active again.
    """
    locked = _lock(application)
    _check_version(locked, expected_version)
    if to_stage.posting_id != locked.posting_id:
        raise MoveRefused("That stage belongs to another posting.")
    if to_stage.retired:
        raise MoveRefused(f"The stage {to_stage.name} is retired; choose another stage.")
    if locked.state in (State.REJECTED, State.WITHDRAWN):
        raise MoveRefused(f"{locked.candidate} is {locked.get_state_display().lower()}; reopen the application first.")
    if to_stage.pk == locked.stage_id:
        return locked
    now = timezone.now()
    from_stage, from_state = locked.stage, locked.state
    locked.stage = to_stage
    locked.state = State.HIRED if to_stage.kind == StageKind.HIRED else State.ACTIVE
    locked.stage_entered_at = now
    locked.version += 1
    locked.save(update_fields=["stage", "state", "stage_entered_at", "version", "updated_at"])
    _record_change(
        application=locked,
        from_stage=from_stage,
        from_state=from_state,
        actor=actor,
        reason=reason,
        action="application.move",
        summary=f"Moved from {from_stage} to {to_stage}",
        now=now,
    )
    signals.application_stage_changed.send(sender=Application, application=locked, from_stage=from_stage, actor=actor)
    if locked.state == State.HIRED and from_state != State.HIRED:
        activity_record(
            candidate=locked.candidate,
            application=locked,
            actor=actor,
            kind="application.hired",
            summary=f"Hired for {locked.posting.title}",
            at=now,
        )
        signals.application_hired.send(sender=Application, application=locked, actor=actor)
    return locked


@transaction.atomic
def application_hire(*, application: Application, actor: Any, expected_version: int | None = None) -> Application:
    """Move an application to its posting's hired stage (state becomes hired)."""
    stage = (
        Stage.objects.filter(posting_id=application.posting_id, kind=StageKind.HIRED, retired=False)
        .order_by("order")
        .first()
    )
    if stage is None:
        raise MoveRefused("This posting has no Hired stage.")
    version = expected_version if expected_version is not None else _lock(application).version
    return application_move(
        application=application, to_stage=stage, actor=actor, expected_version=version, reason="Hired"
    )


# Pending e-mails that tell a candidate "no": cancelled together when a rejection is undone.
REJECTION_EMAIL_KINDS = ("rejection", "knockout_rejection")


def rejection_email_key(application: Application, version: int | None = None) -> str:
    """The outbox key of the rejection e-mail queued at `version` (default: current)."""
    return f"rejection:{application.public_id}:{version if version is not None else application.version}"


@transaction.atomic
def application_reject(
    *,
    application: Application,
    reason: RejectionReason,
    note: str = "",
    actor: Any = None,
    send_email: bool = False,
    expected_version: int | None = None,
    email_delay_hours: int = 24,
) -> Application:
    """Reject an application with a reason (required) and an optional note.

    With `send_email`, a polite rejection e-mail is queued to go out after
    `email_delay_hours`; `application_cancel_rejection_email` stops it until then.
    `actor=None` is the system (knock-out rejections at apply time).
    """
    if reason is None:
        raise MoveRefused("A rejection needs a reason.")
    locked = _lock(application)
    _check_version(locked, expected_version)
    if locked.state in (State.REJECTED, State.WITHDRAWN):
        raise MoveRefused(f"{locked.candidate} is already {locked.get_state_display().lower()}.")
    now = timezone.now()
    from_state = locked.state
    locked.state = State.REJECTED
    locked.rejection_reason = reason
    locked.rejection_note = note.strip()[:500]
    locked.version += 1
    locked.save(update_fields=["state", "rejection_reason", "rejection_note", "version", "updated_at"])
    text = reason.name + (f": {locked.rejection_note}" if locked.rejection_note else "")
    _record_change(
        application=locked,
        from_stage=locked.stage,
        from_state=from_state,
        actor=actor,
        reason=text,
        action="application.reject",
        summary=f"Rejected in {locked.stage} ({text})",
        now=now,
        data={"reason": reason.name, "email": bool(send_email)},
    )
    signals.application_rejected.send(sender=Application, application=locked, actor=actor)
    if send_email and locked.contact_email:
        send_after = now + timedelta(hours=max(email_delay_hours, 0))
        notification_queue(
            key=rejection_email_key(locked),
            kind="rejection",
            to=[locked.contact_email],
            context={
                "name": locked.contact_name,
                "posting_title": locked.posting.title,
            },
            send_after=send_after,
            related=locked,
        )
        activity_record(
            candidate=locked.candidate,
            application=locked,
            actor=actor,
            kind="email.rejection_queued",
            summary=f"Rejection e-mail queued for {timezone.localtime(send_after):%d %b %H:%M}",
            at=now,
        )
    return locked


@transaction.atomic
def application_cancel_rejection_email(*, application: Application, actor: Any) -> bool:
    """Stop the pending rejection e-mail of a rejected application. Returns True when
    one was cancelled (False: none queued, or it has gone out already)."""
    locked = _lock(application)
    if locked.state != State.REJECTED:
        return False
    # Both the manual rejection e-mail and a knock-out rejection queued at apply time.
    cancelled = bool(notification_cancel_related(related=locked, kinds=REJECTION_EMAIL_KINDS))
    if cancelled:
        activity_record(
            candidate=locked.candidate,
            application=locked,
            actor=actor,
            kind="email.rejection_cancelled",
            summary="Rejection e-mail cancelled",
        )
        audit_record(actor=actor, action="application.rejection_email_cancel", obj=locked)
    return cancelled


@transaction.atomic
def application_withdraw(
    *, application: Application, actor: Any, reason: str = "", expected_version: int | None = None
) -> Application:
    """The candidate withdrew: the application leaves the board, its stage is kept."""
    locked = _lock(application)
    _check_version(locked, expected_version)
    if locked.state in (State.REJECTED, State.WITHDRAWN):
        raise MoveRefused(f"{locked.candidate} is already {locked.get_state_display().lower()}.")
    now = timezone.now()
    from_state = locked.state
    locked.state = State.WITHDRAWN
    locked.version += 1
    locked.save(update_fields=["state", "version", "updated_at"])
    _record_change(
        application=locked,
        from_stage=locked.stage,
        from_state=from_state,
        actor=actor,
        reason=reason,
        action="application.withdraw",
        summary=f"Withdrawn in {locked.stage}" + (f" ({reason})" if reason else ""),
        now=now,
    )
    return locked


@transaction.atomic
def application_reopen(
    *, application: Application, actor: Any, reason: str = "", expected_version: int | None = None
) -> Application:
    """Bring a rejected or withdrawn application back to the board, in the stage it left
    (the posting's first stage when that one has been retired since). A rejection
    e-mail that has not gone out yet is cancelled."""
    locked = _lock(application)
    _check_version(locked, expected_version)
    if locked.state not in (State.REJECTED, State.WITHDRAWN):
        raise MoveRefused(f"{locked.candidate} is not rejected or withdrawn.")
    if locked.state == State.REJECTED:
        notification_cancel_related(related=locked, kinds=REJECTION_EMAIL_KINDS)
    now = timezone.now()
    from_stage, from_state = locked.stage, locked.state
    if from_stage.retired:
        first = Stage.objects.filter(posting_id=locked.posting_id, retired=False).order_by("order").first()
        if first is None:
            raise MoveRefused("This posting has no stages left.")
        locked.stage = first
        locked.stage_entered_at = now
    locked.state = State.HIRED if locked.stage.kind == StageKind.HIRED else State.ACTIVE
    locked.rejection_reason = None
    locked.rejection_note = ""
    locked.version += 1
    locked.save(
        update_fields=[
            "stage",
            "state",
            "stage_entered_at",
            "rejection_reason",
            "rejection_note",
            "version",
            "updated_at",
        ]
    )
    _record_change(
        application=locked,
        from_stage=from_stage,
        from_state=from_state,
        actor=actor,
        reason=reason,
        action="application.reopen",
        summary=f"Reopened in {locked.stage}",
        now=now,
    )
    return locked


# --- Stages of a posting (the board's settings form) ---------------------------------


def _stage_audit(actor: Any, action: str, stage: Stage, before: dict | None = None, after: dict | None = None) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="pipelines.stage",
        object_id=str(stage.pk),
        label=f"{stage.posting} · {stage.name}"[:255],
        before=before,
        after=after,
    )


def _name_taken(posting_id: int, name: str, exclude_pk: int | None = None) -> bool:
    qs = Stage.objects.filter(posting_id=posting_id, retired=False, name__iexact=name)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


@transaction.atomic
def stage_update(*, stage: Stage, actor: Any, name: str, time_limit_days: int | None) -> Stage:
    """Rename a stage and set its time limit in working days (None: no limit). History
    keeps pointing at the same row, so nothing is lost by renaming."""
    name = " ".join(name.split())
    if not name:
        raise StageChangeRefused("A stage needs a name.")
    if time_limit_days is not None and not 0 < time_limit_days <= 365:
        raise StageChangeRefused("A time limit is between 1 and 365 working days.")
    if _name_taken(stage.posting_id, name, exclude_pk=stage.pk):
        raise StageChangeRefused(f"There is already a stage called {name}.")
    before = {"name": stage.name, "time_limit_days": stage.time_limit_days}
    stage.name = name[:60]
    stage.time_limit_days = time_limit_days
    stage.save(update_fields=["name", "time_limit_days"])
    _stage_audit(actor, "stage.update", stage, before, {"name": stage.name, "time_limit_days": time_limit_days})
    return stage


@transaction.atomic
def stage_add(*, posting, actor: Any, name: str, time_limit_days: int | None = None) -> Stage:
    """Add an active stage before the posting's offer/hired stages."""
    name = " ".join(name.split())
    if not name:
        raise StageChangeRefused("A stage needs a name.")
    # Lock the posting's stages so two people adding at once get distinct orders.
    stages = list(Stage.objects.select_for_update().filter(posting=posting).order_by("order"))
    if _name_taken(posting.pk, name):
        raise StageChangeRefused(f"There is already a stage called {name}.")
    closing = [s for s in stages if not s.retired and s.kind != StageKind.ACTIVE]
    position = closing[0].order if closing else (max((s.order for s in stages), default=-1) + 1)
    for later in [s for s in stages if s.order >= position]:
        later.order += 1
    Stage.objects.bulk_update([s for s in stages if s.order > position], ["order"])
    stage = Stage.objects.create(
        posting=posting, name=name[:60], order=position, kind=StageKind.ACTIVE, time_limit_days=time_limit_days
    )
    _stage_audit(actor, "stage.add", stage, after={"name": stage.name, "order": position})
    return stage


@transaction.atomic
def stage_shift(*, stage: Stage, actor: Any, offset: int) -> None:
    """Swap a stage with its neighbour among the posting's live stages (-1 up, +1 down)."""
    live = list(
        Stage.objects.select_for_update().filter(posting_id=stage.posting_id, retired=False).order_by("order", "id")
    )
    index = next((i for i, s in enumerate(live) if s.pk == stage.pk), None)
    if index is None or not 0 <= index + offset < len(live):
        return
    other = live[index + offset]
    mine = live[index]
    mine.order, other.order = other.order, mine.order
    if mine.order == other.order:  # equal orders from old data: make them distinct
        other.order += -1 if offset > 0 else 1
    Stage.objects.bulk_update([mine, other], ["order"])
    _stage_audit(actor, "stage.reorder", mine, after={"order": mine.order})


@transaction.atomic
def stage_retire(*, stage: Stage, actor: Any) -> Stage:
    """Hide a stage from the board. Only empty stages may be retired (move the
    active applications first); their history stays intact."""
    locked = Stage.objects.select_for_update().get(pk=stage.pk)
    if Application.objects.filter(stage=locked, state__in=[State.ACTIVE, State.HIRED]).exists():
        raise StageChangeRefused(f"{locked.name} still has candidates; move them before retiring the stage.")
    if not Stage.objects.filter(posting_id=locked.posting_id, retired=False).exclude(pk=locked.pk).exists():
        raise StageChangeRefused("A posting needs at least one stage.")
    locked.retired = True
    locked.save(update_fields=["retired"])
    _stage_audit(actor, "stage.retire", locked)
    return locked


@transaction.atomic
def stage_delete(*, stage: Stage, actor: Any) -> None:
    """Delete a stage that never held an application; others can only be retired."""
    locked = Stage.objects.select_for_update().get(pk=stage.pk)
    used = (
        Application.objects.filter(stage=locked).exists()
        or StageTransition.objects.filter(to_stage=locked).exists()
        or StageTransition.objects.filter(from_stage=locked).exists()
    )
    if used:
        raise StageChangeRefused(f"{locked.name} has history; it can be retired but not deleted.")
    if not Stage.objects.filter(posting_id=locked.posting_id, retired=False).exclude(pk=locked.pk).exists():
        raise StageChangeRefused("A posting needs at least one stage.")
    _stage_audit(actor, "stage.delete", locked, before={"name": locked.name})
    locked.delete()
