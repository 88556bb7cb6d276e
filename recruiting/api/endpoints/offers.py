"""/api/v1/offers/: read offers, with their pay figures, within the offers' own rules.

Every operation needs the `offers:read` scope (pay figures have no other way out of the
API). Which offers a caller sees is `offers.access`: recruiters and admins every offer,
hiring managers those of the postings they manage, approvers those they are on, and
interviewers none, whatever their token holds. A token limited to some postings sees
the offers of those postings only.
"""

from __future__ import annotations

import uuid

from ninja import Query, Router, Schema, Status
from pydantic import Field

from recruiting.api.auth import ApiAuth
from recruiting.api.endpoints.common import DEFAULT_LIMIT, MAX_LIMIT, filtered, keyset_page, limit_to_postings
from recruiting.api.problems import Problem, problem_responses
from recruiting.api.schemas import OfferDetailOut, OfferPage
from recruiting.api.scopes import Scope
from recruiting.api.tokens import Caller
from recruiting.offers.access import offers_visible_to
from recruiting.offers.models import ApprovalState, Offer, OfferRevision, OfferState

router = Router(tags=["offers"])
TERM_FIELDS = (
    *("title", "level", "fixed_pay", "variable_pay", "joining_bonus", "relocation", "equity_units"),
    *("equity_vesting", "work_location", "workplace_type", "reporting_manager", "joining_date", "expires_on"),
)
OFFER_CURRENCY = "INR"  # offer amounts are rupees (offers/letter.py, core.money)


class OfferFilters(Schema):
    posting: uuid.UUID | None = None
    application: uuid.UUID | None = None
    status: OfferState | None = None
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


# What the answers read, and nothing more: a page of 50 offers would otherwise carry every
# column of five tables (the candidate's search vectors, the revision history) from the database.
_READ = (
    *("public_id", "version", "state", "sent_revision", "sent_at", "answered_at", "decline_reason"),
    *("created_at", "updated_at", "application__public_id"),
    *("application__candidate__public_id", "application__candidate__full_name"),
    *("application__posting__public_id", "application__posting__title"),
    *(f"current__{name}" for name in ("number", "approval_reasons", *TERM_FIELDS)),
)


def visible_offers(caller: Caller):
    if Scope.OFFERS_READ not in caller.scopes:  # ApiAuth refused already; never widen by mistake
        return Offer.objects.none()
    offers = limit_to_postings(caller, offers_visible_to(caller.user), "application__posting_id")
    return offers.select_related("application__candidate", "application__posting", "current").only(*_READ)


def _terms(revision: OfferRevision | None) -> dict | None:
    if revision is None:
        return None
    return {
        "revision": revision.number,
        "currency": OFFER_CURRENCY,
        "total_ctc": revision.total_ctc,
        **{name: getattr(revision, name) for name in TERM_FIELDS},
    }


def offer_out(offer: Offer) -> dict:
    application = offer.application
    return {
        "id": offer.public_id,
        "version": offer.version,
        "application": application.public_id,
        "candidate": {"id": application.candidate.public_id, "name": application.candidate.full_name},
        "posting": {"id": application.posting.public_id, "title": application.posting.title},
        "status": offer.state,
        "terms": _terms(offer.current),
        "sent_revision": offer.sent_revision,
        "sent_at": offer.sent_at,
        "answered_at": offer.answered_at,
        "decline_reason": offer.decline_reason,
        "created_at": offer.created_at,
        "updated_at": offer.updated_at,
    }


def _approval(offer: Offer) -> dict:
    current = offer.current
    reasons = [str(reason) for reason in (current.approval_reasons or [])] if current else []
    steps = (
        list(offer.approvals.filter(revision=current).select_related("approver", "acted_by").order_by("order"))
        if current
        else []
    )
    states = {step.state for step in steps}
    if not reasons:
        state = "not_needed"
    elif ApprovalState.REJECTED in states:
        state = "refused"
    elif ApprovalState.WAITING in states:
        state = "waiting"
    else:
        state = "approved"
    return {
        "needed": bool(reasons),
        "reasons": reasons,
        "state": state,
        "steps": [
            {
                "order": step.order,
                "kind": step.kind,
                "approver": step.approver_label,
                "state": step.state,
                "acted_by": str(step.acted_by) if step.acted_by_id else None,
                "acted_at": step.acted_at,
                "comment": step.comment,
            }
            for step in steps
        ],
    }


def _revisions(offer: Offer) -> list[dict]:
    return [
        {
            "number": revision.number,
            "created_at": revision.created_at,
            "created_by": str(revision.created_by) if revision.created_by_id else None,
            "changed": sorted(revision.changes or {}),
            "sent": revision.number == offer.sent_revision,
        }
        for revision in offer.revisions.select_related("created_by").order_by("-number")
    ]


@router.get("/", response={200: OfferPage, **problem_responses()}, auth=ApiAuth(Scope.OFFERS_READ), url_name="offers")
def list_offers(request, filters: Query[OfferFilters]):
    """Offers the caller may see, newest first, with the current revision's terms (follow
    `next_cursor`). Filter by posting, application or status."""
    caller: Caller = request.auth
    offers = filtered(
        visible_offers(caller),
        filters,
        {"posting": "application__posting__public_id", "application": "application__public_id", "status": "state"},
    )
    rows, next_cursor = keyset_page(offers, cursor=filters.cursor, limit=filters.limit)
    return Status(200, {"items": [offer_out(offer) for offer in rows], "next_cursor": next_cursor})


@router.get(
    "/{uuid:offer_id}/",
    response={200: OfferDetailOut, **problem_responses(404)},
    auth=ApiAuth(Scope.OFFERS_READ),
    url_name="offer",
)
def get_offer(request, offer_id: uuid.UUID):
    """One offer: the current revision's terms, the approvals of that revision and a
    summary of every revision (which fields changed; the figures stay on the current one)."""
    offer = visible_offers(request.auth).filter(public_id=offer_id).first()
    if offer is None:
        raise Problem(404, "No such offer, or not one you may see.", kind="not-found")
    return Status(200, {**offer_out(offer), "approval": _approval(offer), "revisions": _revisions(offer)})
