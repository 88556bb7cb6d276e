"""Downloading a CV: one document, for users who may see the application it came with."""

from __future__ import annotations

import logging
import uuid

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from recruiting.audit.services import audit_record
from recruiting.core.decorators import role_required
from recruiting.pipelines.cv import safe_filename
from recruiting.pipelines.documents import get_document_for_user

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@role_required("admin", "recruiter", "hiring_manager", "interviewer")
@require_GET
def cv_download(request, public_id: uuid.UUID):
    """Stream one document as an attachment under the sender's (sanitised) file name.
    Who may: `Document.objects.visible_to` (an interviewer only the documents of the
    applications they interview on); anything else is 404."""
    document = get_document_for_user(request.user, public_id)
    kind = document.file_type if document.file_type in CONTENT_TYPES else "pdf"
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        logger.error("File of document %s is missing from storage", document.public_id)
        raise Http404("The CV file is missing") from None
    audit_record(
        actor=request.user,
        action="cv.download",
        obj=document.candidate,
        after={"document": str(document.public_id), "application_id": document.application_id},
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_filename(document.original_filename or "cv", kind),
        content_type=CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
