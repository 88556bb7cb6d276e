"""/api/v1/interviews/: interviews the caller may look at (as on the interview pages:
the panel's own seats, and every interview of the applications they manage)."""

from __future__ import annotations

import uuid

from django.db.models import Exists, OuterRef, Prefetch, Q
from ninja import Query, Router, Schema, Status
from pydantic import Field

from recruiting.api.auth import ApiAuth
from recruiting.api.endpoints.common import DEFAULT_LIMIT, MAX_LIMIT, filtered, keyset_page, limit_to_postings
from recruiting.api.problems import Problem, problem_responses
from recruiting.api.schemas import Instant, InterviewOut, InterviewPage
from recruiting.api.scopes import Scope
from recruiting.api.tokens import Caller
from recruiting.core.access import public_id_or_404
from recruiting.interviews.blind import list_name_for
from recruiting.interviews.models import Interview, InterviewPanelist, InterviewStatus
from recruiting.postings.models import Posting

router = Router(tags=["interviews"])


class InterviewFilters(Schema):
    application: uuid.UUID | None = None
    status: InterviewStatus | None = None
    starts_after: Instant | None = None
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def visible_interviews(caller: Caller):
    user = caller.user
    if user.has_role("recruiter"):  # recruiters and admins manage every posting
        interviews = Interview.objects.all()
    elif user.effective_role:
        seat = InterviewPanelist.objects.filter(interview=OuterRef("pk"), interviewer=user, active=True)
        managed = Q(application__posting__in=Posting.objects.manageable_by(user).values("pk"))
        interviews = Interview.objects.filter(Exists(seat) | managed)
    else:
        interviews = Interview.objects.none()
    return (
        limit_to_postings(caller, interviews, "application__posting_id")
        .select_related("application__candidate", "application__posting__interview_settings", "round")
        .prefetch_related(
            Prefetch("panel", queryset=InterviewPanelist.objects.filter(active=True).select_related("interviewer"))
        )
    )


def interview_out(interview: Interview, viewer) -> dict:
    """The interview as JSON for `viewer`: on a blind posting a panelist gets the label
    for the candidate and the round for the title (which names the candidate)."""
    application = interview.application
    name = list_name_for(viewer, application)
    hidden = name != application.candidate.full_name
    return {
        "id": interview.public_id,
        "application": application.public_id,
        "candidate": {"id": application.candidate.public_id, "name": name},
        "posting": {"id": application.posting.public_id, "title": application.posting.title},
        "title": (interview.round.name if interview.round_id else "Interview") if hidden else interview.title,
        "round": interview.round.name if interview.round_id else None,
        "status": interview.status,
        "starts_at": interview.starts_at,
        "ends_at": interview.ends_at,
        "location": interview.location,
        "meeting_url": interview.meeting_url,
        "panel": [
            {"name": seat.interviewer.get_full_name() or seat.interviewer.email, "email": seat.interviewer.email}
            for seat in interview.panel.all()
        ],
    }


@router.get(
    "/",
    response={200: InterviewPage, **problem_responses()},
    auth=ApiAuth(Scope.INTERVIEWS_READ),
    url_name="interviews",
)
def list_interviews(request, filters: Query[InterviewFilters]):
    """Interviews the caller may see, newest booked first."""
    interviews = filtered(
        visible_interviews(request.auth),
        filters,
        {"application": "application__public_id", "status": "status", "starts_after": "starts_at__gt"},
    )
    rows, next_cursor = keyset_page(interviews, cursor=filters.cursor, limit=filters.limit)
    return Status(200, {"items": [interview_out(i, request.auth.user) for i in rows], "next_cursor": next_cursor})


@router.get(
    "/{uuid:interview_id}/",
    response={200: InterviewOut, **problem_responses(404)},
    auth=ApiAuth(Scope.INTERVIEWS_READ),
    url_name="interview",
)
def get_interview(request, interview_id: uuid.UUID):
    """One interview."""
    interview = visible_interviews(request.auth).filter(public_id=public_id_or_404(interview_id)).first()
    if interview is None:
        raise Problem(404, "No such interview, or not one you may see.", kind="not-found")
    return Status(200, interview_out(interview, request.auth.user))
