"""/api/v1/applications/: list, read, create (agencies and job boards, with a CV), move
and reject. Writes go through the services the board and the candidate pages use, with
the same forms for their input, and carry the application's version as an ETag."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from recruiting.api.auth import ApiAuth
from recruiting.api.endpoints.common import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    etag,
    filtered,
    keyset_page,
    limit_to_postings,
    version_from_if_match,
)
from recruiting.api.problems import Problem, form_errors, problem_responses
from recruiting.api.schemas import (
    ApplicationCreateIn,
    ApplicationOut,
    ApplicationPage,
    Instant,
    MoveIn,
    ReasonOut,
    RejectIn,
)
from recruiting.api.scopes import Scope
from recruiting.api.tokens import Caller
from recruiting.core.access import public_id_or_404
from recruiting.core.roles import MANAGER_ROLES
from recruiting.interviews.blind import list_name_for
from recruiting.pipelines.applying import candidate_add_by_recruiter
from recruiting.pipelines.forms import CandidateAddForm
from recruiting.pipelines.forms_board import MoveForm, RejectForm
from recruiting.pipelines.models import Application, Source
from recruiting.pipelines.moves import (
    MoveRefused,
    StaleMove,
    application_move,
    application_reject,
    ensure_default_rejection_reasons,
)
from recruiting.pipelines.services import candidate_find_by_email
from recruiting.postings.models import Posting

router = Router(tags=["applications"])
API_SOURCES = (Source.AGENCY, Source.JOB_BOARD, Source.SOURCED)


class ApplicationFilters(Schema):
    posting: uuid.UUID | None = None
    stage: int | None = Field(None, ge=1, le=2**31 - 1)
    state: Application.State | None = None
    source: Source | None = None
    created_after: Instant | None = None
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def application_out(application: Application, viewer=None) -> dict:
    """The application as JSON; for `viewer` (lists and reads) the candidate's name is
    the blind label where blind CV review hides it from them (writes are managers')."""
    stage = application.stage
    name = list_name_for(viewer, application) if viewer is not None else application.candidate.full_name
    return {
        "id": application.public_id,
        "version": application.version,
        "posting": {"id": application.posting.public_id, "title": application.posting.title},
        "candidate": {"id": application.candidate.public_id, "name": name},
        "stage": {
            "id": stage.pk,
            "name": stage.name,
            "order": stage.order,
            "kind": stage.kind,
            "retired": stage.retired,
        },
        "state": application.state,
        "stage_entered_at": application.stage_entered_at,
        "source": application.source,
        "source_detail": application.source_detail,
        "rejection_reason": application.rejection_reason.name if application.rejection_reason_id else None,
        "rejection_note": application.rejection_note,
        "knockout_flags": [str(flag) for flag in application.knockout_flags or []],
        "created_at": application.created_at,
        "updated_at": application.updated_at,
    }


def visible_applications(caller: Caller):
    return limit_to_postings(
        caller,
        Application.objects.visible_to(caller.user).select_related(
            "candidate", "posting__interview_settings", "stage", "rejection_reason"
        ),
    )


def get_application(caller: Caller, public_id, *, manage: bool = False) -> Application:
    """Not visible → 404; visible but the role cannot change it → 403 (as on the pages)."""
    application = visible_applications(caller).filter(public_id=public_id_or_404(public_id)).first()
    if application is None:
        raise Problem(404, "No such application, or not one you may see.", kind="not-found")
    if manage and not (
        caller.user.has_role(*MANAGER_ROLES)
        and Posting.objects.manageable_by(caller.user).filter(pk=application.posting_id).exists()
    ):
        raise Problem(403, "Your role cannot change applications.", kind="forbidden")
    return application


def _with_etag(response: HttpResponse, application: Application) -> HttpResponse:
    response["ETag"] = etag(application.version)
    return response


@router.get(
    "/",
    response={200: ApplicationPage, **problem_responses()},
    auth=ApiAuth(Scope.APPLICATIONS_READ),
    url_name="applications",
)
def list_applications(request, filters: Query[ApplicationFilters]):
    """Applications the caller may see, newest first, a page at a time (follow `next_cursor`)."""
    caller: Caller = request.auth
    applications = filtered(
        visible_applications(caller),
        filters,
        {
            "posting": "posting__public_id",
            "stage": "stage_id",
            "state": "state",
            "source": "source",
            "created_after": "created_at__gt",
        },
    )
    rows, next_cursor = keyset_page(applications, cursor=filters.cursor, limit=filters.limit)
    return Status(200, {"items": [application_out(a, request.auth.user) for a in rows], "next_cursor": next_cursor})


@router.get(
    "/{uuid:application_id}/",
    response={200: ApplicationOut, **problem_responses(404)},
    auth=ApiAuth(Scope.APPLICATIONS_READ),
    url_name="application",
)
def get_application_detail(request, application_id: uuid.UUID, response: HttpResponse):
    """One application; its ETag is the version to send back in If-Match."""
    application = get_application(request.auth, application_id)
    _with_etag(response, application)
    return Status(200, application_out(application, request.auth.user))


@router.post(
    "/",
    response={200: ApplicationOut, 201: ApplicationOut, **problem_responses(404, 413)},
    auth=ApiAuth(Scope.APPLICATIONS_WRITE),
    url_name="application_create",
)
def create_application(
    request,
    response: HttpResponse,
    payload: Form[ApplicationCreateIn],
    cv: UploadedFile | None = File(None),  # noqa: B008 - how django-ninja declares an optional file
):
    """An agency or job board sends a candidate for a posting, optionally with a CV (PDF
    or .docx). The same identity rule as the careers page: an existing person with the
    same e-mail gets the application, unchanged. Sending the same person for the same
    posting again answers 200 with the application already held."""
    caller: Caller = request.auth
    if not caller.user.has_role(*MANAGER_ROLES):
        raise Problem(403, "Your role cannot add candidates.", kind="forbidden")
    if payload.source not in API_SOURCES:
        raise Problem(
            422,
            "Unknown source.",
            kind="invalid-input",
            errors=[{"field": "source", "message": f"One of {', '.join(API_SOURCES)}."}],
        )
    postings = limit_to_postings(caller, Posting.objects.manageable_by(caller.user), "pk")
    posting = postings.filter(public_id=payload.posting).first()
    if posting is None:
        raise Problem(404, "No such posting, or not one you may add candidates to.", kind="not-found")
    form = CandidateAddForm(
        data={
            "full_name": payload.full_name,
            "email": payload.email,
            "phone": payload.phone,
            "source": payload.source,
            "source_name": payload.source_name,
            "posting": str(posting.public_id),
            "current_role": payload.current_role,
            "total_years": "" if payload.total_years is None else str(payload.total_years),
            "notice_period_days": "" if payload.notice_period_days is None else str(payload.notice_period_days),
        },
        files={"cv": cv} if cv is not None else None,
        postings=[posting],
    )
    if not form.is_valid():
        raise Problem(422, "Some fields are not valid.", kind="invalid-input", errors=form_errors(form))
    data = form.cleaned_data
    existing = candidate_find_by_email(data["email"]) if data.get("email") else None
    held = existing is not None and Application.objects.filter(candidate=existing, posting=posting).exists()
    _, application, _ = candidate_add_by_recruiter(
        actor=caller.user,
        full_name=data["full_name"],
        email=data.get("email") or "",
        phone=data.get("phone") or "",
        posting=posting,
        source=data["source"],
        source_detail=data.get("source_name") or "",
        cv=data.get("cv") or None,
        cv_type=form.cv_type,
        **form.profile(),
    )
    application = visible_applications(caller).get(pk=application.pk)
    _with_etag(response, application)
    return Status((200 if held else 201), application_out(application))


def _refused(exc: MoveRefused) -> Problem:
    if isinstance(exc, StaleMove):
        return Problem(412, exc.message, kind="stale-version")
    return Problem(409, str(exc), kind="move-refused")


@router.post(
    "/{uuid:application_id}/move/",
    response={200: ApplicationOut, **problem_responses(404, 409, 412, 428)},
    auth=ApiAuth(Scope.APPLICATIONS_WRITE),
    url_name="application_move",
)
def move_application(request, application_id: uuid.UUID, payload: MoveIn, response: HttpResponse):
    """Move to another stage of its posting. Needs `If-Match` with the ETag from GET;
    412 when somebody changed the application since (the detail says who and how)."""
    caller: Caller = request.auth
    application = get_application(caller, application_id, manage=True)
    version = version_from_if_match(request.headers.get("If-Match"))
    form = MoveForm(data={"version": version, "to_stage": payload.stage}, posting=application.posting)
    if not form.is_valid():
        raise Problem(422, "Some fields are not valid.", kind="invalid-input", errors=_renamed(form, to_stage="stage"))
    try:
        moved = application_move(
            application=application,
            to_stage=form.cleaned_data["to_stage"],
            actor=caller.user,
            expected_version=form.cleaned_data["version"],
            reason=payload.reason,
        )
    except MoveRefused as exc:
        raise _refused(exc) from None
    moved = visible_applications(caller).get(pk=moved.pk)
    _with_etag(response, moved)
    return Status(200, application_out(moved))


def _renamed(form, **names: str) -> list[dict[str, str]]:
    return [{**error, "field": names.get(error["field"], error["field"])} for error in form_errors(form)]


@router.post(
    "/{uuid:application_id}/reject/",
    response={200: ApplicationOut, **problem_responses(404, 409, 412, 428)},
    auth=ApiAuth(Scope.APPLICATIONS_WRITE),
    url_name="application_reject",
)
def reject_application(request, application_id: uuid.UUID, payload: RejectIn, response: HttpResponse):
    """Reject with a reason (GET /rejection-reasons/), an optional note and, when asked,
    the polite e-mail (sent after the usual delay, as from the board). Needs `If-Match`."""
    caller: Caller = request.auth
    application = get_application(caller, application_id, manage=True)
    version = version_from_if_match(request.headers.get("If-Match"))
    reasons = ensure_default_rejection_reasons()
    by_name = {reason.name.casefold(): reason.pk for reason in reasons}
    form = RejectForm(
        data={
            "reason": by_name.get(payload.reason.strip().casefold(), ""),
            "note": payload.note,
            "send_email": "on" if payload.send_email else "",
            "version": version,
        },
        reasons=reasons,
    )
    if not form.is_valid():
        raise Problem(422, "Some fields are not valid.", kind="invalid-input", errors=form_errors(form))
    try:
        rejected = application_reject(
            application=application,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            actor=caller.user,
            send_email=form.cleaned_data["send_email"],
            expected_version=form.cleaned_data["version"],
            email_delay_hours=application.posting.rejection_delay_hours,
        )
    except MoveRefused as exc:
        raise _refused(exc) from None
    rejected = visible_applications(caller).get(pk=rejected.pk)
    _with_etag(response, rejected)
    return Status(200, application_out(rejected))


reasons_router = Router(tags=["applications"])


@reasons_router.get(
    "/",
    response={200: list[ReasonOut], **problem_responses()},
    auth=ApiAuth(Scope.APPLICATIONS_READ),
    url_name="rejection_reasons",
)
def list_rejection_reasons(request):
    """The reasons an application may be rejected with."""
    return Status(200, [{"name": reason.name} for reason in ensure_default_rejection_reasons()])
