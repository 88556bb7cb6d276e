"""Reading a document's text (in the background) and making its person searchable by it.

Run by the `extract_document_text` task (tasks.py), which `documents.document_store`
queues after commit.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from recruiting.pipelines.cv import CVRejected, CVUnreadable, check_cv, extract_text
from recruiting.pipelines.models import CVStatus, Document
from recruiting.pipelines.services import activity_record, candidate_refresh_search

CV_MAX_RETRIES = 3
CV_MAX_CHARS = 200_000


def document_extract_text(*, document_id: int) -> str:
    """Read a document's text and make it searchable. Returns the new text_status.
    OSError (storage unreachable) propagates so the task can retry; a file that cannot be
    parsed is marked unreadable."""
    document = Document.objects.filter(pk=document_id).only("pk", "candidate_id", "file", "file_type").first()
    if document is None:
        return "gone"
    with document.file.open("rb") as handle:
        data = handle.read()
    try:
        kind = document.file_type if document.file_type in ("pdf", "docx") else check_cv(data)
        text = extract_text(data, kind, max_chars=CV_MAX_CHARS)
    except (CVRejected, CVUnreadable, ValueError) as exc:
        return document_text_failed(document_id=document_id, reason=str(exc)[:200])
    with transaction.atomic():
        Document.objects.filter(pk=document_id).update(text=text, text_status=CVStatus.READY, updated_at=timezone.now())
        candidate_refresh_search([document.candidate_id])
    return CVStatus.READY


def document_text_failed(*, document_id: int, reason: str) -> str:
    """Mark a document's text as unreadable (the file is kept and downloadable)."""
    with transaction.atomic():
        document = Document.objects.select_related("candidate", "application").filter(pk=document_id).first()
        if document is None:
            return "gone"
        Document.objects.filter(pk=document_id).update(
            text_status=CVStatus.UNREADABLE, text="", updated_at=timezone.now()
        )
        activity_record(
            candidate=document.candidate,
            application=document.application,
            kind="cv.unreadable",
            summary="The CV could not be read",
            data={"reason": reason, "document": str(document.public_id)},
        )
        candidate_refresh_search([document.candidate_id])
    return CVStatus.UNREADABLE
