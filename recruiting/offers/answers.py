"""The candidate's side: a signed link per revision (no sign-in), accept, decline, ask.

The token names the offer and the revision it was sent with; a revised offer makes old
links say so and never accept the new terms. Answers lock the offer row, so accepting
twice, or accepting and declining in two tabs, gives one outcome and tells the other tab.
Accepting hires through pipelines' services; when that fills the posting's openings, the
posting closes and its hiring manager is asked whether to reject the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from recruiting.audit.services import audit_record
from recruiting.notifications.services import notification_queue
from recruiting.offers.models import DeclineReason, Offer, OfferQuestion, OfferRevision, OfferState, PostingFill
from recruiting.offers.signals import offer_accepted, offer_declined
from recruiting.pipelines import moves
from recruiting.pipelines.models import Application
from recruiting.pipelines.services import activity_record
from recruiting.postings.models import Posting
from recruiting.postings.services import posting_change_status

_SALT = "offers.candidate-link"


class LinkProblem(Exception):
    """The link cannot be used; `kind` picks the plain page: tampered, revised, expired,
    answered, withdrawn."""

    def __init__(self, kind: str, message: str, offer: Offer | None = None):
        super().__init__(message)
        self.kind = kind
        self.offer = offer


class AnswerRefused(Exception):
    """An answer the form accepted but the rules refuse (the name does not match …)."""


def offer_link_token(offer: Offer, revision: OfferRevision) -> str:
    return signing.dumps({"o": str(offer.public_id), "r": revision.number}, salt=_SALT, compress=True)


def offer_link_url(offer: Offer, revision: OfferRevision) -> str:
    return settings.SITE_URL + reverse("offers:respond", args=[offer_link_token(offer, revision)])


@dataclass
class Link:
    offer: Offer
    revision: OfferRevision


def _check(offer: Offer, number: int) -> None:
    if offer.state == OfferState.ACCEPTED:
        raise LinkProblem("answered", "You have accepted this offer. Welcome aboard!", offer)
    if offer.state == OfferState.DECLINED:
        raise LinkProblem("answered", "You have declined this offer; we have let the team know.", offer)
    if offer.state == OfferState.WITHDRAWN:
        raise LinkProblem("withdrawn", "This offer has been withdrawn. Please contact the recruiter.", offer)
    if offer.current_id is None or offer.current.number != number or offer.sent_revision != number:
        raise LinkProblem(
            "revised", "This offer has been revised. Please use the link in our most recent e-mail.", offer
        )
    if offer.state == OfferState.EXPIRED or offer.current.expires_on < timezone.localdate():
        raise LinkProblem("expired", "This offer has expired. Please contact the recruiter.", offer)
    if offer.state != OfferState.SENT:
        raise LinkProblem("revised", "This offer is being revised. You will receive a new e-mail.", offer)


def link_resolve(token: str, *, lock: bool = False) -> Link:
    """The offer and revision of a link, or LinkProblem saying why not."""
    try:
        data = signing.loads(token, salt=_SALT)
        public_id, number = str(data["o"]), int(data["r"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise LinkProblem("tampered", "This link is not valid. Please use the link from our e-mail.") from None
    rows = Offer.objects.select_related("current", "application__candidate", "application__posting")
    if lock:
        rows = rows.select_for_update(of=("self",))
    offer = rows.filter(public_id=public_id).first()
    if offer is None:
        raise LinkProblem("tampered", "This link is not valid. Please use the link from our e-mail.")
    _check(offer, number)
    return Link(offer=offer, revision=offer.current)


def _names_match(typed: str, expected: str) -> bool:
    def norm(text: str) -> str:
        return " ".join(text.casefold().split())

    return bool(norm(typed)) and norm(typed) == norm(expected)


def _tell_team(offer: Offer, kind: str, context: dict) -> None:
    application = offer.application
    people = {application.posting.hiring_manager, *application.posting.recruiters.all()}
    if offer.created_by is not None:
        people.add(offer.created_by)
    for person in sorted((p for p in people if p.is_active), key=lambda p: p.pk):
        notification_queue(
            key=f"{kind}:{offer.public_id}:{offer.version}:{person.pk}",
            kind=kind,
            to=[person.email],
            context={
                "name": person.get_short_name(),
                "candidate": application.candidate.full_name,
                "posting_title": application.posting.title,
                "url": offer.get_absolute_url(),
                **context,
            },
            related=offer,
        )


def _record(offer: Offer, action: str, summary: str, after: dict) -> None:
    audit_record(actor=None, action=action, obj=offer, after=after)
    activity_record(
        candidate=offer.application.candidate,
        application=offer.application,
        kind=action,
        summary=summary,
        restricted=True,
    )


@transaction.atomic
def offer_accept(*, token: str, typed_name: str, ip: str) -> Offer:
    """The candidate accepts the revision their link names: signed with their typed
    name, time and address recorded. Hires the application; may close the posting."""
    link = link_resolve(token, lock=True)
    offer = link.offer
    if not _names_match(typed_name, offer.application.contact_name):
        raise AnswerRefused(f"Type your full name as it appears on the letter ({offer.application.contact_name}).")
    now = timezone.now()
    offer.state = OfferState.ACCEPTED
    offer.answered_at = now
    offer.signature_name = " ".join(typed_name.split())[:150]
    offer.signature_ip = ip if ip and ip != "unknown" else None
    offer.version += 1
    offer.save(update_fields=["state", "answered_at", "signature_name", "signature_ip", "version", "updated_at"])
    try:
        application = moves.application_hire(application=offer.application, actor=None)
    except moves.MoveRefused as refused:  # no Hired stage, or the application left the board
        raise AnswerRefused(
            f"Your acceptance could not be recorded ({refused}); please contact the recruiter."
        ) from None
    offer.application = application
    _record(
        offer,
        "offer.accept",
        f"Offer accepted by the candidate (revision {link.revision.number})",
        {"revision": link.revision.number, "signature": offer.signature_name, "ip": offer.signature_ip},
    )
    offer_accepted.send(sender=Offer, offer=offer, application=application)
    _tell_team(offer, "offer_accepted", {})
    posting_fill_check(posting=application.posting)
    return offer


@transaction.atomic
def offer_decline(*, token: str, reason: str, text: str = "") -> Offer:
    """The candidate declines with a reason; the application stays at the offer stage."""
    if reason not in DeclineReason.values:
        raise AnswerRefused("Choose a reason.")
    link = link_resolve(token, lock=True)
    offer = link.offer
    offer.state = OfferState.DECLINED
    offer.answered_at = timezone.now()
    offer.decline_reason = reason
    offer.decline_text = text.strip()[:1000]
    offer.version += 1
    offer.save(update_fields=["state", "answered_at", "decline_reason", "decline_text", "version", "updated_at"])
    label = DeclineReason(reason).label
    _record(offer, "offer.decline", f"Offer declined: {label}", {"reason": reason, "text": offer.decline_text})
    offer_declined.send(sender=Offer, offer=offer, application=offer.application)
    _tell_team(offer, "offer_declined", {"reason": label, "text": offer.decline_text})
    return offer


@transaction.atomic
def offer_ask(*, token: str, text: str, ip: str) -> OfferQuestion:
    """The candidate asks a question; the recruiters (and whoever prepared the offer)
    get it by e-mail and it shows with the offer on the candidate page."""
    link = link_resolve(token, lock=True)
    text = text.strip()[:2000]
    if not text:
        raise AnswerRefused("Write your question.")
    question = OfferQuestion.objects.create(
        offer=link.offer,
        revision_number=link.revision.number,
        text=text,
        asked_at=timezone.now(),
        ip=ip if ip and ip != "unknown" else None,
    )
    _record(link.offer, "offer.question", "The candidate asked a question about the offer", {"question": question.pk})
    _tell_team(link.offer, "offer_question", {"question": text, "pk": question.pk})
    return question


# --- Filled postings -------------------------------------------------------------------------
def posting_fill_check(*, posting: Posting) -> PostingFill | None:
    """When hired applications reach the posting's openings: close it (if open or
    paused) and ask its hiring manager, once, about the candidates still active."""
    locked = Posting.objects.select_for_update().get(pk=posting.pk)
    hired = Application.objects.filter(posting=locked, state=Application.State.HIRED).count()
    if hired < locked.openings or PostingFill.objects.filter(posting=locked).exists():
        return None
    if locked.status in (Posting.Status.OPEN, Posting.Status.PAUSED):
        posting_change_status(posting=locked, status=Posting.Status.CLOSED, actor=None)
    fill = PostingFill.objects.create(posting=locked, filled_at=timezone.now())
    active = Application.objects.filter(posting=locked, state=Application.State.ACTIVE).count()
    manager = locked.hiring_manager
    notification_queue(
        key=f"posting-filled:{locked.public_id}",
        kind="offer_posting_filled",
        to=[manager.email],
        context={
            "name": manager.get_short_name(),
            "posting_title": locked.title,
            "active": active,
            "url": reverse("offers:filled", args=[locked.public_id]),
        },
        related=locked,
    )
    return fill


class FillRefused(Exception):
    pass


@transaction.atomic
def posting_reject_remaining(*, posting: Posting, actor: Any) -> int:
    """The hiring manager's one click: reject every still-active application of a filled
    posting as "Position filled", each with the polite e-mail delayed by the posting's
    hours (cancellable from the board until it goes). Returns how many."""
    fill = PostingFill.objects.select_for_update().filter(posting=posting).first()
    if fill is None:
        raise FillRefused("This posting has not been filled by offers.")
    if fill.resolved_at is not None:
        raise FillRefused("This was already answered.")
    reasons = {r.name: r for r in moves.ensure_default_rejection_reasons()}
    reason = reasons.get("Position filled") or next(iter(reasons.values()))
    count = 0
    for application in Application.objects.filter(posting=posting, state=Application.State.ACTIVE).order_by("pk"):
        moves.application_reject(
            application=application,
            reason=reason,
            actor=actor,
            send_email=True,
            email_delay_hours=posting.rejection_delay_hours,
        )
        count += 1
    fill.resolved_at = timezone.now()
    fill.resolved_by = actor
    fill.rejected_count = count
    fill.save(update_fields=["resolved_at", "resolved_by", "rejected_count"])
    audit_record(actor=actor, action="posting.reject_remaining", obj=posting, after={"rejected": count})
    return count


@transaction.atomic
def posting_keep_remaining(*, posting: Posting, actor: Any) -> None:
    """The hiring manager keeps the remaining candidates: the question is answered."""
    fill = PostingFill.objects.select_for_update().filter(posting=posting).first()
    if fill is None or fill.resolved_at is not None:
        raise FillRefused("There is nothing to answer for this posting.")
    fill.resolved_at = timezone.now()
    fill.resolved_by = actor
    fill.save(update_fields=["resolved_at", "resolved_by"])
    audit_record(actor=actor, action="posting.keep_remaining", obj=posting)
