"""Helpers for the candidate, search, list and merge tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from recruiting.pipelines.models import Candidate
from recruiting.pipelines.services import candidate_refresh_search
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory, add_document


def searchable(*, cv_text: str = "", **fields) -> Candidate:
    """A candidate whose search vector is up to date; `cv_text` is the read text of a CV
    document of theirs."""
    candidate = CandidateFactory(**fields)
    if cv_text:
        add_document(candidate, text=cv_text, status="ready")
    candidate_refresh_search([candidate.pk])
    candidate.refresh_from_db()
    return candidate


def posting_for(manager, **fields):
    return PostingFactory(hiring_manager=manager, **fields)


def application_for(posting, *, cv_text: str = "", **candidate_fields):
    """An application to `posting` by a new person; `cv_text` is the read text of the CV
    sent with it."""
    application = ApplicationFactory(posting=posting, candidate=CandidateFactory(**candidate_fields))
    if cv_text:
        add_document(application.candidate, application=application, text=cv_text, status="ready")
        candidate_refresh_search([application.candidate_id])
    return application


def interview_for(application, interviewer, *, days: int = 3):
    """Put `interviewer` on a panel for `application` (what makes it visible to them)."""
    from django.db.backends.postgresql.psycopg_any import DateTimeTZRange

    from recruiting.interviews.models import Interview, InterviewPanelist

    starts = timezone.now() + timedelta(days=days)
    interview = Interview.objects.create(
        application=application, title="Technical interview", starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    InterviewPanelist.objects.create(
        interview=interview, interviewer=interviewer, busy=DateTimeTZRange(starts, starts + timedelta(hours=1))
    )
    return interview


def with_cv(candidate: Candidate, data: bytes, *, kind: str = "pdf", name: str = "cv.pdf", application=None):
    """A CV document for `candidate` (of `application`, or of the person), waiting to be read."""
    return add_document(candidate, data, application=application, name=name, file_type=kind)
