"""The extract_cv_text task: readable CVs become searchable, junk is marked, not retried."""

from __future__ import annotations

from unittest import mock

import pytest

from recruiting.pipelines import tasks
from recruiting.pipelines.models import Candidate
from recruiting.pipelines.search import candidate_search
from recruiting.postings.sample_files import make_docx, make_pdf
from tests.factories import CandidateFactory
from tests.pipelines.factories import with_cv

pytestmark = pytest.mark.django_db


def test_a_good_pdf_becomes_ready_and_searchable(recruiter):
    candidate = with_cv(
        CandidateFactory(full_name="Kavya Suresh"), make_pdf("Built the Flink pipelines for fraud scoring")
    )
    assert tasks.extract_cv_text.delay(candidate.pk) is not None
    candidate.refresh_from_db()
    assert candidate.cv_status == "ready" and "Flink pipelines" in candidate.cv_text
    assert [h.candidate.pk for h in candidate_search(user=recruiter, query="flink").hits] == [candidate.pk]


def test_a_docx_is_read_too():
    candidate = with_cv(CandidateFactory(), make_docx(["Terraform modules for every region"]), kind="docx")
    tasks.extract_cv_text.delay(candidate.pk)
    candidate.refresh_from_db()
    assert candidate.cv_status == "ready" and "Terraform modules" in candidate.cv_text


def test_junk_is_marked_unreadable_at_once_without_retrying(recruiter):
    candidate = with_cv(CandidateFactory(), b"%PDF-1.4 this is not really a pdf %%EOF")
    with mock.patch.object(tasks.extract_cv_text, "retry", side_effect=AssertionError("retried")) as retry:
        tasks.extract_cv_text.delay(candidate.pk)
    candidate.refresh_from_db()
    assert candidate.cv_status == "unreadable" and candidate.cv_text == ""
    assert retry.call_count == 0
    assert candidate.activities.filter(kind="cv.unreadable").exists()


def test_storage_errors_are_retried_three_times_then_marked_unreadable():
    candidate = with_cv(CandidateFactory(), make_pdf("fine"))
    calls = []

    def unreachable(*, candidate_id):
        calls.append(candidate_id)
        raise OSError("storage down")

    with mock.patch.object(tasks, "candidate_extract_cv", side_effect=unreachable):
        tasks.extract_cv_text.apply(args=[candidate.pk])
    candidate.refresh_from_db()
    assert len(calls) == 1 + tasks.CV_MAX_RETRIES
    assert candidate.cv_status == "unreadable"


def test_a_candidate_without_a_cv_is_left_without_one():
    candidate = CandidateFactory()
    tasks.extract_cv_text.delay(candidate.pk)
    assert Candidate.objects.get(pk=candidate.pk).cv_status == "none"


def test_a_vanished_candidate_is_ignored():
    assert tasks.extract_cv_text.apply(args=[987654]).get() == "gone"
