"""Documents (CVs) kept with the application they came with (ADR 6).

A document is stored once and never changed: a newer CV is a new row, so every
application keeps what it was sent with and nothing typed into a public form replaces a
file we hold. Text extraction fills in `text` and `text_status` in the background and
feeds the person's search vector (all their documents, newest first).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from recruiting.core.access import public_id_or_404
from recruiting.core.vetoes import document_veto
from recruiting.pipelines.cv import safe_filename
from recruiting.pipelines.extraction import (  # noqa: F401  (re-exported)
    CV_MAX_CHARS,
    CV_MAX_RETRIES,
    document_extract_text,
    document_text_failed,
)
from recruiting.pipelines.models import Application, Candidate, CVStatus, Document
from recruiting.pipelines.services import activity_record
from recruiting.pipelines.tasks import extract_document_text

_HASH_CHUNK = 1 << 16


def _size_and_digest(upload) -> tuple[int, str]:
    """Size and SHA-256 of a seekable upload, read in chunks; rewinds it."""
    digest = hashlib.sha256()
    size = 0
    upload.seek(0)
    while chunk := upload.read(_HASH_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return size, digest.hexdigest()


def document_store(
    *,
    candidate: Candidate,
    upload: Any,
    file_type: str,
    application: Application | None = None,
    actor: Any | None = None,
    stored: list[str] | None = None,
) -> Document:
    """Keep an uploaded file (already accepted by `pipelines.cv.check_cv`, which gave
    `file_type`) as a new document of `application` (or of the person, without one), and
    queue its text extraction after commit.

    The file goes to storage under a random name; the sender's name is kept, made safe,
    in `original_filename`. Its storage name is appended to `stored` so a caller can
    delete it again when its transaction fails (storage does not roll back)."""
    if application is not None and application.candidate_id != candidate.pk:
        raise ValueError("A document belongs to the person of its application.")
    size, digest = _size_and_digest(upload)
    document = Document(
        candidate=candidate,
        application=application,
        original_filename=safe_filename(getattr(upload, "name", "") or "cv", file_type),
        file_type=file_type,
        size=size,
        sha256=digest,
        uploaded_at=timezone.now(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        text_status=CVStatus.PROCESSING,
    )
    document.file.save("cv", upload, save=False)
    if stored is not None:
        stored.append(document.file.name)
    document.save()
    where = f" with the application to {application.posting.title}" if application is not None else ""
    activity_record(
        candidate=candidate,
        application=application,
        actor=actor,
        kind="cv.uploaded",
        summary=f"CV received{where}" if actor is None else f"CV added{where}",
        data={"document": str(document.public_id)},
    )
    document_queue_extraction(document_id=document.pk)
    return document


def document_queue_extraction(*, document_id: int) -> None:
    """Queue `extract_document_text` once the current transaction commits."""
    transaction.on_commit(lambda: extract_document_text.delay(document_id))


# ---------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------


def documents_of(user, candidate: Candidate) -> QuerySet[Document]:
    """The documents of `candidate` that `user` may see (`Document.objects.visible_to`),
    newest first, with the application and posting each came with."""
    return (
        Document.objects.visible_to(user)
        .filter(candidate=candidate)
        .select_related("application__posting", "uploaded_by")
        .defer("text")
        .order_by("-uploaded_at", "-id")
    )


def get_document_for_user(user, public_id) -> Document:
    """The document `public_id` if `user` may download it, else Http404 (whether it
    exists or not, so nobody learns about documents by guessing ids)."""
    key = public_id_or_404(public_id)
    document = (
        Document.objects.visible_to(user)
        .filter(public_id=key, candidate__anonymised_at__isnull=True)
        .select_related("candidate")
        .defer("text")
        .first()
    )
    if document is None or document_veto(user, document) is not None:
        # A veto (blind CV review: the interviews app's redacted rendition) looks the same.
        raise Http404("No such document")
    return document
