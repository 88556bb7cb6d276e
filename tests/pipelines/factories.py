"""Helpers for the candidate, search, list and merge tests."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from recruiting.pipelines.models import Candidate
from recruiting.pipelines.services import candidate_refresh_search
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory


def searchable(**fields) -> Candidate:
    """A candidate whose search vector is up to date."""
    candidate = CandidateFactory(**fields)
    candidate_refresh_search([candidate.pk])
    candidate.refresh_from_db()
    return candidate


def posting_for(manager, **fields):
    return PostingFactory(hiring_manager=manager, **fields)


def application_for(posting, **candidate_fields):
    return ApplicationFactory(posting=posting, candidate=CandidateFactory(**candidate_fields))


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


def with_cv(candidate: Candidate, data: bytes, *, kind: str = "pdf", name: str = "cv.pdf") -> Candidate:
    candidate.cv.save("cv", ContentFile(data), save=False)
    candidate.cv_filename = name
    candidate.cv_kind = kind
    candidate.cv_status = "processing"
    candidate.save(update_fields=["cv", "cv_filename", "cv_kind", "cv_status"])
    return candidate
