"""Writes on offers by the people inside: prepare and revise, approve or refuse, send,
withdraw. The candidate's answers are in `offers/answers.py`.

Every write locks the offer row, checks its `version` (two people editing the same offer:
the second is told who changed it), writes the audit row and a timeline line without
figures (interviewers read timelines), and queues e-mails on commit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.utils import formats, timezone

from recruiting.audit.services import audit_record
from recruiting.interviews.scheduling import holidays_for
from recruiting.notifications.services import notification_queue
from recruiting.offers.models import (
    EDITABLE_STATES,
    FIGURE_FIELDS,
    REVISION_FIELDS,
    ApprovalState,
    ApprovalStep,
    Offer,
    OfferApproval,
    OfferRevision,
    OfferState,
    StepKind,
)
from recruiting.offers.rules import Band, approval_reasons, joining_problems, revision_changes
from recruiting.pipelines import moves
from recruiting.pipelines.models import Application, StageKind
from recruiting.pipelines.services import activity_record

DEFAULT_CTC_THRESHOLD = Decimal(5_000_000)  # ₹50 lakh a year


class OfferRefused(Exception):
    """A write the offer rules refuse; the message is for the person. `fields` maps form
    fields to messages when the problem is with what was typed."""

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}


class StaleOffer(OfferRefused):
    """The offer changed since the user opened it: says who changed it and when."""

    def __init__(self, offer: Offer):
        who = (offer.updated_by.get_full_name() if offer.updated_by else "") or "Somebody"
        when = formats.time_format(timezone.localtime(offer.updated_at), "H:i")
        super().__init__(f"{who} changed this offer at {when} — your change was not applied. Here is the offer now.")


class RevisionChanged(OfferRefused):
    """An approval of a revision that is no longer the current one."""


def ctc_threshold() -> Decimal:
    return Decimal(str(getattr(settings, "OFFER_CTC_APPROVAL_THRESHOLD", DEFAULT_CTC_THRESHOLD)))


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _lock(offer: Offer) -> Offer:
    return (
        Offer.objects.select_for_update(of=("self",))
        .select_related("application__candidate", "application__posting", "current", "updated_by")
        .get(pk=offer.pk)
    )


def _check_version(locked: Offer, expected_version: int | None) -> None:
    if expected_version is not None and locked.version != expected_version:
        raise StaleOffer(locked)


def _touch(offer: Offer, actor: Any, *fields: str) -> None:
    offer.version += 1
    offer.updated_by = _actor(actor)
    offer.save(update_fields=[*fields, "version", "updated_by", "updated_at"])


def _timeline(offer: Offer, actor: Any, kind: str, summary: str) -> None:
    # No figures on the timeline: interviewers may read it.
    activity_record(
        candidate=offer.application.candidate,
        application=offer.application,
        actor=actor,
        kind=kind,
        summary=summary,
        restricted=True,
    )


def _audit(offer: Offer, actor: Any, action: str, before: dict | None = None, after: dict | None = None) -> None:
    audit_record(actor=actor, action=action, obj=offer, before=before, after=after)


def _plain(values: dict) -> dict:
    return {k: (str(v) if v is not None and not isinstance(v, int | str) else v) for k, v in values.items()}


# --- The approvals chain -------------------------------------------------------------------
def chain_for(posting) -> list[tuple[str, Any]]:
    """(kind, user or None) for each step of the posting's chain: its own steps, or the
    default (its hiring manager, then any offer approver)."""
    steps = list(ApprovalStep.objects.filter(posting=posting).select_related("user").order_by("order", "id"))
    if not steps:
        return [(StepKind.HIRING_MANAGER, posting.hiring_manager), (StepKind.ANY_APPROVER, None)]
    return [
        (step.kind, posting.hiring_manager if step.kind == StepKind.HIRING_MANAGER else step.user) for step in steps
    ]


def offer_approvers():
    """Everybody holding the offer approver flag who may see offers (interviewers never)."""
    return get_user_model().objects.filter(is_active=True, is_offer_approver=True).exclude(role__in=["", "interviewer"])


def may_act_on(user, step: OfferApproval) -> bool:
    """Whether `user` may approve or refuse this step."""
    if not user.is_authenticated or user.is_interviewer or not user.effective_role:
        return False
    if step.kind == StepKind.ANY_APPROVER:
        return bool(user.is_offer_approver)
    return step.approver_id == user.pk


def waiting_step(offer: Offer) -> OfferApproval | None:
    """The step of the current revision waiting for a decision, or None."""
    if offer.current_id is None:
        return None
    return (
        OfferApproval.objects.filter(revision_id=offer.current_id, state=ApprovalState.WAITING)
        .select_related("approver")
        .order_by("order")
        .first()
    )


def _ask(offer: Offer, step: OfferApproval) -> None:
    """E-mail the people who can act on `step` (no figures in the e-mail)."""
    people = [step.approver] if step.approver is not None else list(offer_approvers())
    for person in people:
        notification_queue(
            key=f"offer-approval:{step.pk}:{person.pk}",
            kind="offer_approval_request",
            to=[person.email],
            context={
                "name": person.get_short_name(),
                "candidate": offer.application.candidate.full_name,
                "posting_title": offer.application.posting.title,
                "url": offer.get_absolute_url(),
            },
            related=offer,
        )


def _start_approvals(offer: Offer, revision: OfferRevision) -> None:
    OfferApproval.objects.filter(offer=offer, state=ApprovalState.WAITING).update(
        state=ApprovalState.VOID, updated_at=timezone.now()
    )
    steps = [
        OfferApproval(offer=offer, revision=revision, order=index, kind=kind, approver=user)
        for index, (kind, user) in enumerate(chain_for(offer.application.posting), start=1)
    ]
    OfferApproval.objects.bulk_create(steps)
    _ask(offer, steps[0])


# --- Prepare and revise --------------------------------------------------------------------
def _check_application(application: Application) -> None:
    if application.state != Application.State.ACTIVE:
        raise OfferRefused(
            f"{application.candidate} is {application.get_state_display().lower()}; "
            "an offer needs an active application."
        )


def _check_terms(application: Application, terms: dict, today) -> list[str]:
    holidays = holidays_for({terms["joining_date"].year, today.year})
    problems = joining_problems(
        joining_date=terms["joining_date"],
        expires_on=terms["expires_on"],
        today=today,
        notice_days=application.candidate.notice_period_days,
        early_reason=terms.get("early_joining_reason", ""),
        holidays=holidays,
    )
    if problems:
        raise OfferRefused("Please correct the dates.", problems)
    fixed = terms["fixed_pay"]
    total = fixed + terms["variable_pay"] + terms["joining_bonus"] + terms["relocation"]
    return approval_reasons(
        fixed_pay=fixed, total_ctc=total, band=Band.of(application.posting), threshold=ctc_threshold()
    )


@transaction.atomic
def offer_save(*, application: Application, actor: Any, terms: dict, expected_version: int | None = None) -> Offer:
    """Prepare the application's offer, or revise it (a new revision row).

    `terms` holds every field of REVISION_FIELDS (the form's cleaned data). Refuses an
    application that is not active, an accepted offer, a stale `expected_version` and
    joining dates the rules refuse. Above the band or the CTC threshold the approvals
    chain starts (again, if the figures changed); otherwise the offer is ready to send.
    """
    terms = {name: terms.get(name, "") for name in REVISION_FIELDS}
    terms["early_joining_reason"] = (terms["early_joining_reason"] or "").strip()
    locked_app = (
        Application.objects.select_for_update(of=("self",))
        .select_related("candidate", "posting")
        .get(pk=application.pk)
    )
    _check_application(locked_app)
    today = timezone.localdate()
    reasons = _check_terms(locked_app, terms, today)
    offer = Offer.objects.filter(application=locked_app).first()
    if offer is None:
        if expected_version:
            raise OfferRefused("This offer no longer exists.")
        offer = Offer.objects.create(
            application=locked_app, state=OfferState.READY, created_by=_actor(actor), updated_by=_actor(actor)
        )
        offer.application = locked_app
        previous = None
    else:
        offer = _lock(offer)
        _check_version(offer, expected_version)
        if offer.state not in EDITABLE_STATES:
            raise OfferRefused(f"This offer is {offer.get_state_display().lower()}; it can no longer be changed.")
        previous = offer.current
    before = {name: getattr(previous, name) for name in REVISION_FIELDS} if previous else None
    changes = revision_changes(before, terms)
    if previous is not None and not changes:
        raise OfferRefused("Nothing changed.")
    revision = OfferRevision.objects.create(
        offer=offer,
        number=(previous.number + 1) if previous else 1,
        approval_reasons=reasons,
        changes=changes,
        created_by=_actor(actor),
        **terms,
    )
    figures_changed = previous is None or any(name in changes for name in FIGURE_FIELDS)
    offer.current = revision
    if not reasons:
        offer.state = OfferState.READY
    elif figures_changed or offer.state not in (OfferState.READY, OfferState.SENT):
        offer.state = OfferState.PENDING_APPROVAL
        _start_approvals(offer, revision)
    else:
        # Only words changed on an approved offer: the approvals carry over.
        _carry_approvals(offer, previous, revision)
        offer.state = OfferState.READY
    _touch(offer, actor, "current", "state")
    _audit(
        offer,
        actor,
        "offer.prepare" if previous is None else "offer.revise",
        before=_plain(before) if before else None,
        after={**_plain(terms), "revision": revision.number, "state": offer.state, "approval_reasons": reasons},
    )
    _timeline(
        offer,
        actor,
        "offer.prepared" if previous is None else "offer.revised",
        f"Offer prepared for {locked_app.posting.title}"
        if previous is None
        else f"Offer revised (revision {revision.number})",
    )
    return offer


def _carry_approvals(offer: Offer, previous: OfferRevision, revision: OfferRevision) -> None:
    done = list(OfferApproval.objects.filter(revision=previous).exclude(state=ApprovalState.VOID))
    OfferApproval.objects.bulk_create(
        [
            OfferApproval(
                offer=offer,
                revision=revision,
                order=step.order,
                kind=step.kind,
                approver_id=step.approver_id,
                state=step.state,
                acted_by_id=step.acted_by_id,
                acted_at=step.acted_at,
                comment=step.comment,
            )
            for step in done
        ]
    )


# --- Approvals -------------------------------------------------------------------------------
@transaction.atomic
def approval_decide(*, offer: Offer, actor: Any, revision_number: int, approve: bool, comment: str = "") -> Offer:
    """The waiting step's approver approves or refuses the current revision.

    Refuses with RevisionChanged when the offer was revised since the approver opened it
    (they approve what they saw, or nothing), and with OfferRefused when it is not their
    turn. The requester and the next approver get an e-mail."""
    locked = _lock(offer)
    if locked.current is None or locked.current.number != revision_number:
        raise RevisionChanged(
            f"The offer was changed (now revision {locked.current.number if locked.current else '—'}) "
            "since you opened it; review the new figures before deciding."
        )
    if locked.state != OfferState.PENDING_APPROVAL:
        raise OfferRefused(f"This offer is {locked.get_state_display().lower()}; there is nothing to approve.")
    step = waiting_step(locked)
    if step is None or not may_act_on(actor, step):
        raise OfferRefused("It is not your turn to approve this offer.")
    comment = comment.strip()[:1000]
    if not approve and not comment:
        raise OfferRefused("Say why you refuse the offer.", {"comment": "A comment is required to refuse."})
    now = timezone.now()
    step.state = ApprovalState.APPROVED if approve else ApprovalState.REJECTED
    step.acted_by = actor
    step.acted_at = now
    step.comment = comment
    step.save(update_fields=["state", "acted_by", "acted_at", "comment", "updated_at"])
    following = None
    if not approve:
        locked.state = OfferState.APPROVAL_REFUSED
    else:
        following = waiting_step(locked)
        if following is None:
            locked.state = OfferState.READY
    _touch(locked, actor, "state")
    _audit(
        locked,
        actor,
        "offer.approve" if approve else "offer.refuse",
        after={"revision": revision_number, "step": step.order, "comment": comment, "state": locked.state},
    )
    verdict = "approved" if approve else "refused"
    _timeline(locked, actor, f"offer.{verdict}", f"Offer {verdict} by {actor} (step {step.order})")
    requester = locked.current.created_by
    if requester is not None and requester.pk != actor.pk:
        notification_queue(
            key=f"offer-approval-result:{step.pk}",
            kind="offer_approval_result",
            to=[requester.email],
            context={
                "name": requester.get_short_name(),
                "who": str(actor),
                "verdict": verdict,
                "comment": comment,
                "ready": locked.state == OfferState.READY,
                "candidate": locked.application.candidate.full_name,
                "url": locked.get_absolute_url(),
            },
            related=locked,
        )
    if following is not None:
        _ask(locked, following)
    return locked


# --- Sending and withdrawing -----------------------------------------------------------------
@transaction.atomic
def offer_send(*, offer: Offer, actor: Any, expected_version: int | None = None) -> Offer:
    """E-mail the candidate the letter (PDF) and their link. Only a ready offer (fully
    approved, or within the band) is sent; the application moves to the offer stage if
    it is not there yet."""
    from recruiting.offers.answers import offer_link_url
    from recruiting.offers.letter import letter_filename, letter_pdf

    locked = _lock(offer)
    _check_version(locked, expected_version)
    if locked.state != OfferState.READY:
        if locked.state == OfferState.PENDING_APPROVAL:
            raise OfferRefused("This offer is waiting for approval; it is sent once fully approved.")
        raise OfferRefused(f"This offer is {locked.get_state_display().lower()}; only a ready offer is sent.")
    application = locked.application
    _check_application(application)
    revision = locked.current
    if revision.expires_on < timezone.localdate():
        raise OfferRefused("The offer's validity date has passed; revise it before sending.")
    if application.stage.kind != StageKind.OFFER:
        offer_stage = application.posting.stages.filter(kind=StageKind.OFFER, retired=False).order_by("order").first()
        if offer_stage is not None:
            application = moves.application_move(
                application=application,
                to_stage=offer_stage,
                actor=actor,
                expected_version=Application.objects.get(pk=application.pk).version,
                reason="Offer sent",
            )
            locked.application = application
    now = timezone.now()
    locked.state = OfferState.SENT
    locked.sent_at = now
    locked.sent_revision = revision.number
    locked.answered_at = None
    _touch(locked, actor, "state", "sent_at", "sent_revision", "answered_at")
    notification_queue(
        key=f"offer-letter:{locked.public_id}:{revision.number}",
        kind="offer_letter",
        to=[application.contact_email],
        context={
            "name": application.contact_name,
            "posting_title": application.posting.title,
            "url": offer_link_url(locked, revision),
            "expires_on": revision.expires_on,
            "note": revision.note_to_candidate,
        },
        attachments=[(letter_filename(revision), letter_pdf(revision), "application/pdf")],
        related=locked,
    )
    _audit(locked, actor, "offer.send", after={"revision": revision.number, "to": application.contact_email})
    _timeline(locked, actor, "offer.sent", f"Offer e-mailed to the candidate (revision {revision.number})")
    return locked


@transaction.atomic
def offer_withdraw(*, offer: Offer, actor: Any, expected_version: int | None = None, reason: str = "") -> Offer:
    """Take the offer back: the candidate's link stops working. An accepted offer stays."""
    locked = _lock(offer)
    _check_version(locked, expected_version)
    if locked.state in (OfferState.ACCEPTED, OfferState.WITHDRAWN):
        raise OfferRefused(f"This offer is already {locked.get_state_display().lower()}.")
    before = {"state": locked.state}
    locked.state = OfferState.WITHDRAWN
    OfferApproval.objects.filter(offer=locked, state=ApprovalState.WAITING).update(
        state=ApprovalState.VOID, updated_at=timezone.now()
    )
    _touch(locked, actor, "state")
    _audit(locked, actor, "offer.withdraw", before=before, after={"state": locked.state, "reason": reason})
    _timeline(locked, actor, "offer.withdrawn", "Offer withdrawn")
    return locked


def pending_approvals_for(user, *, limit: int = 10) -> list[OfferApproval]:
    """Waiting steps `user` may act on now (the first waiting step of a current revision),
    for the approver's dashboard. Three queries whatever the number of offers."""
    if not user.is_authenticated or user.is_interviewer or not user.effective_role:
        return []
    mine = Q(approver=user)
    if user.is_offer_approver:
        mine |= Q(kind=StepKind.ANY_APPROVER)
    candidates = list(
        OfferApproval.objects.filter(mine, state=ApprovalState.WAITING, offer__state=OfferState.PENDING_APPROVAL)
        .filter(revision_id=F("offer__current_id"))
        .select_related("offer__application__candidate", "offer__application__posting", "revision")
        .order_by("created_at")
    )
    earlier_waiting = set(
        OfferApproval.objects.filter(
            state=ApprovalState.WAITING, revision_id__in=[step.revision_id for step in candidates]
        ).values_list("revision_id", "order")
    )
    result = []
    for step in candidates:
        if any(rev == step.revision_id and order < step.order for rev, order in earlier_waiting):
            continue
        result.append(step)
        if len(result) >= limit:
            break
    return result
