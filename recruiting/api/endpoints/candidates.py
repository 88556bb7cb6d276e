"""/api/v1/candidates/: read a person (what the caller's role shows on the candidate
page) and their notes; add a note (with @mentions, through `note_create`)."""

from __future__ import annotations

import uuid

from django.db.models import Q
from django.http import Http404
from ninja import Router, Status

from recruiting.api.auth import ApiAuth
from recruiting.api.endpoints.common import limit_to_postings
from recruiting.api.problems import Problem, form_errors, problem_responses
from recruiting.api.schemas import CandidateOut, NoteIn, NoteOut
from recruiting.api.scopes import Scope
from recruiting.api.tokens import Caller
from recruiting.core.roles import MANAGER_ROLES
from recruiting.interviews.blind import candidate_mask
from recruiting.pipelines.access_candidates import get_candidate_for_user
from recruiting.pipelines.forms import NoteForm
from recruiting.pipelines.models import Application, Candidate, Note
from recruiting.pipelines.services import note_create

router = Router(tags=["candidates"])


def _get_candidate(caller: Caller, public_id: uuid.UUID, *, manage: bool = False) -> tuple[Candidate, list]:
    try:
        candidate = get_candidate_for_user(caller.user, public_id)
    except Http404:
        raise Problem(404, "No such candidate, or not one you may see.", kind="not-found") from None
    applications = list(
        limit_to_postings(caller, Application.objects.visible_to(caller.user).filter(candidate=candidate))
        .select_related("posting", "stage")
        .order_by("-created_at")
    )
    if caller.posting_ids is not None and not applications:
        raise Problem(404, "No such candidate, or not one you may see.", kind="not-found")
    if manage and not caller.user.has_role(*MANAGER_ROLES):
        raise Problem(403, "Notes are for hiring managers and recruiters.", kind="forbidden")
    return candidate, applications


@router.get(
    "/{uuid:candidate_id}/",
    response={200: CandidateOut, **problem_responses(404)},
    auth=ApiAuth(Scope.CANDIDATES_READ),
    url_name="candidate",
)
def get_candidate(request, candidate_id: uuid.UUID):
    """A person and their applications the caller may see. Interviewers get what their
    page shows: no contact details and no tags."""
    caller: Caller = request.auth
    candidate, applications = _get_candidate(caller, candidate_id)
    reduced = caller.user.is_interviewer
    # Blind CV review: the label the candidate page shows, and no location either.
    masked = candidate_mask(caller.user, applications) if reduced else None
    return Status(
        200,
        {
            "id": candidate.public_id,
            "full_name": masked or candidate.full_name,
            "email": "" if reduced else candidate.email,
            "phone": "" if reduced else candidate.phone,
            "current_role": candidate.current_role,
            "current_company": candidate.current_company,
            "total_years": candidate.total_years,
            "notice_period_days": candidate.notice_period_days,
            "location": "" if masked else candidate.location,
            "skills": [str(skill) for skill in candidate.skills or []],
            "tags": [] if reduced else [tag.name for tag in candidate.tags.all()],
            "applications": [
                {
                    "id": a.public_id,
                    "posting": {"id": a.posting.public_id, "title": a.posting.title},
                    "state": a.state,
                    "stage": a.stage.name,
                }
                for a in applications
            ],
        },
    )


def _note_out(note: Note) -> dict:
    return {
        "id": note.pk,
        "author": str(note.author) if note.author else "",
        "body": note.body,
        "created_at": note.created_at,
    }


@router.get(
    "/{uuid:candidate_id}/notes/",
    response={200: list[NoteOut], **problem_responses(404)},
    auth=ApiAuth(Scope.CANDIDATES_READ),
    url_name="candidate_notes",
)
def list_notes(request, candidate_id: uuid.UUID):
    """The notes the candidate page shows (the newest 100); not for interviewers."""
    caller: Caller = request.auth
    candidate, applications = _get_candidate(caller, candidate_id, manage=True)
    visible = Q(application__isnull=True) | Q(application__in=[a.pk for a in applications])
    notes = Note.objects.filter(visible, candidate=candidate).select_related("author").order_by("-created_at")[:100]
    return Status(200, [_note_out(note) for note in notes])


@router.post(
    "/{uuid:candidate_id}/notes/",
    response={201: NoteOut, **problem_responses(404)},
    auth=ApiAuth(Scope.CANDIDATES_WRITE),
    url_name="candidate_note_add",
)
def add_note(request, candidate_id: uuid.UUID, payload: NoteIn):
    """Add a note; colleagues @mentioned in it are e-mailed, as from the page."""
    caller: Caller = request.auth
    candidate, _ = _get_candidate(caller, candidate_id, manage=True)
    form = NoteForm(data={"body": payload.body})
    if not form.is_valid():
        raise Problem(422, "Some fields are not valid.", kind="invalid-input", errors=form_errors(form))
    note = note_create(candidate=candidate, author=caller.user, body=form.cleaned_data["body"])
    return Status(201, _note_out(note))
