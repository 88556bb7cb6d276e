"""/api/v1/postings/: read postings, publish, pause and close them."""

from __future__ import annotations

import uuid

from django.urls import reverse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from recruiting.api.auth import ApiAuth
from recruiting.api.endpoints.common import DEFAULT_LIMIT, MAX_LIMIT, keyset_page, limit_to_postings
from recruiting.api.problems import Problem, problem_responses
from recruiting.api.schemas import PostingDetailOut, PostingOut, PostingPage, PostingStatusIn
from recruiting.api.scopes import Scope
from recruiting.api.tokens import Caller
from recruiting.core.access import public_id_or_404
from recruiting.core.roles import MANAGER_ROLES
from recruiting.postings import services as posting_services
from recruiting.postings.access import can_see_pay
from recruiting.postings.forms import StatusForm
from recruiting.postings.models import Posting

router = Router(tags=["postings"])


class PostingFilters(Schema):
    status: Posting.Status | None = None
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def posting_out(posting: Posting, caller: Caller) -> dict:
    pay = None
    if Scope.OFFERS_READ in caller.scopes and can_see_pay(caller.user, posting):
        pay = {
            "currency": posting.pay_currency,
            "min": posting.pay_min,
            "max": posting.pay_max,
            "period": posting.pay_period,
        }
    return {
        "id": posting.public_id,
        "title": posting.title,
        "team": posting.team,
        "location": posting.location,
        "workplace_type": posting.workplace_type,
        "employment_type": posting.employment_type,
        "status": posting.status,
        "experience_min": posting.experience_min,
        "experience_max": posting.experience_max,
        "openings": posting.openings,
        "description": posting.description,
        "closes_on": posting.closes_on,
        "opened_at": posting.opened_at,
        "closed_at": posting.closed_at,
        "careers_url": reverse("careers:posting", args=[posting.public_id])
        if posting.status == Posting.Status.OPEN
        else None,
        "pay": pay,
    }


def _postings(caller: Caller):
    # Hiring managers' shared postings come through a subquery; the pay check below reads
    # `shared_with` once per posting only for hiring managers holding offers:read.
    return limit_to_postings(caller, Posting.objects.visible_to(caller.user).select_related("hiring_manager"), "pk")


def get_posting(caller: Caller, public_id: uuid.UUID, *, manage: bool = False) -> Posting:
    postings = _postings(caller)
    if manage:
        if not caller.user.has_role(*MANAGER_ROLES):
            raise Problem(403, "Your role cannot change postings.", kind="forbidden")
        postings = postings.filter(pk__in=Posting.objects.manageable_by(caller.user).values("pk"))
    posting = postings.filter(public_id=public_id_or_404(public_id)).first()
    if posting is None:
        raise Problem(404, "No such posting, or not one you may see.", kind="not-found")
    return posting


@router.get(
    "/", response={200: PostingPage, **problem_responses()}, auth=ApiAuth(Scope.POSTINGS_READ), url_name="postings"
)
def list_postings(request, filters: Query[PostingFilters]):
    """Postings the caller may see, newest first."""
    caller: Caller = request.auth
    postings = _postings(caller)
    if filters.status:
        postings = postings.filter(status=filters.status)
    rows, next_cursor = keyset_page(postings, cursor=filters.cursor, limit=filters.limit)
    return Status(200, {"items": [posting_out(p, caller) for p in rows], "next_cursor": next_cursor})


@router.get(
    "/{uuid:posting_id}/",
    response={200: PostingDetailOut, **problem_responses(404)},
    auth=ApiAuth(Scope.POSTINGS_READ),
    url_name="posting",
)
def get_posting_detail(request, posting_id: uuid.UUID):
    """One posting with its pipeline stages."""
    caller: Caller = request.auth
    posting = get_posting(caller, posting_id)
    stages = [
        {"id": s.pk, "name": s.name, "order": s.order, "kind": s.kind, "retired": s.retired}
        for s in posting.stages.order_by("order")
    ]
    return Status(200, {**posting_out(posting, caller), "stages": stages})


@router.post(
    "/{uuid:posting_id}/status/",
    response={200: PostingOut, **problem_responses(404, 409)},
    auth=ApiAuth(Scope.POSTINGS_WRITE),
    url_name="posting_status",
)
def change_posting_status(request, posting_id: uuid.UUID, payload: PostingStatusIn):
    """Publish (open), pause or close a posting, by the same workflow as the posting page."""
    caller: Caller = request.auth
    posting = get_posting(caller, posting_id, manage=True)
    form = StatusForm(data={"status": payload.status})
    if not form.is_valid():
        raise Problem(
            422, "Choose a status.", kind="invalid-input", errors=[{"field": "status", "message": "Unknown status."}]
        )
    try:
        posting_services.posting_change_status(posting=posting, status=form.cleaned_data["status"], actor=caller.user)
    except posting_services.PostingError as exc:
        raise Problem(409, str(exc), kind="status-refused") from None
    return Status(200, posting_out(posting, caller))
