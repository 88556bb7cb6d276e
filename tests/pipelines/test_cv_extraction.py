"""The extract_document_text task: readable CVs become searchable, junk is marked, not retried."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from recruiting.pipelines import tasks
from recruiting.pipelines.models import Document
from recruiting.pipelines.search import candidate_search
from recruiting.postings.sample_files import make_docx, make_pdf
from tests.factories import CandidateFactory, add_document
from tests.pipelines.factories import with_cv

pytestmark = pytest.mark.django_db


def hits(user, query):
    return [h.candidate.pk for h in candidate_search(user=user, query=query).hits]


def test_a_good_pdf_becomes_ready_and_searchable(recruiter):
    candidate = CandidateFactory(full_name="Kavya Suresh")
    document = with_cv(candidate, make_pdf("Built the Flink pipelines for fraud scoring"))
    assert tasks.extract_document_text.delay(document.pk) is not None
    document.refresh_from_db()
    assert document.text_status == "ready" and "Flink pipelines" in document.text
    assert hits(recruiter, "flink") == [candidate.pk]


def test_a_docx_is_read_too():
    document = with_cv(CandidateFactory(), make_docx(["Terraform modules for every region"]), kind="docx")
    tasks.extract_document_text.delay(document.pk)
    document.refresh_from_db()
    assert document.text_status == "ready" and "Terraform modules" in document.text


def test_every_cv_of_a_person_is_searchable_and_the_snippet_shows_the_newest(recruiter):
    candidate = CandidateFactory(full_name="Kavya Suresh")
    old = add_document(candidate, make_pdf("Wrote Cobol batch jobs"), uploaded_at=timezone.now() - timedelta(days=300))
    new = add_document(candidate, make_pdf("Runs Kubernetes clusters and Cobol bridges"))
    for document in (old, new):
        tasks.extract_document_text.delay(document.pk)
    assert hits(recruiter, "kubernetes") == [candidate.pk]
    assert hits(recruiter, "batch") == [candidate.pk]
    snippet = candidate_search(user=recruiter, query="cobol").hits[0].snippet
    assert snippet.index("bridges") < snippet.index("batch")


def test_junk_is_marked_unreadable_at_once_without_retrying(recruiter):
    candidate = CandidateFactory()
    document = with_cv(candidate, b"%PDF-1.4 this is not really a pdf %%EOF")
    with mock.patch.object(tasks.extract_document_text, "retry", side_effect=AssertionError("retried")) as retry:
        tasks.extract_document_text.delay(document.pk)
    document.refresh_from_db()
    assert document.text_status == "unreadable" and document.text == ""
    assert retry.call_count == 0
    assert candidate.activities.filter(kind="cv.unreadable").exists()


def test_storage_errors_are_retried_three_times_then_marked_unreadable():
    document = with_cv(CandidateFactory(), make_pdf("fine"))
    calls = []

    def unreachable(*, document_id):
        calls.append(document_id)
        raise OSError("storage down")

    with mock.patch.object(tasks, "document_extract_text", side_effect=unreachable):
        tasks.extract_document_text.apply(args=[document.pk])
    document.refresh_from_db()
    assert len(calls) == 1 + tasks.CV_MAX_RETRIES
    assert document.text_status == "unreadable"


def test_a_vanished_document_is_ignored():
    assert tasks.extract_document_text.apply(args=[987654]).get() == "gone"


def test_a_task_queued_before_documents_existed_reads_the_persons_waiting_documents():
    candidate = CandidateFactory()
    waiting = with_cv(candidate, make_pdf("Elixir and Phoenix"))
    assert tasks.extract_cv_text.apply(args=[candidate.pk]).get() == 1
    waiting.refresh_from_db()
    assert waiting.text_status == "ready"
    assert tasks.extract_cv_text.apply(args=[candidate.pk]).get() == 0


def test_reading_a_document_changes_nothing_but_its_text():
    document = with_cv(CandidateFactory(), make_pdf("Go and Kafka"))
    before = Document.objects.values("file", "original_filename", "size", "sha256", "uploaded_at").get(pk=document.pk)
    tasks.extract_document_text.delay(document.pk)
    assert (
        Document.objects.values("file", "original_filename", "size", "sha256", "uploaded_at").get(pk=document.pk)
        == before
    )
