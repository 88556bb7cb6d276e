"""Downloading a candidate's CV: only for users who may see one of their applications."""

from __future__ import annotations

import logging
import uuid

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from recruiting.audit.services import audit_record
from recruiting.core.decorators import role_required
from recruiting.pipelines.models import Application, Candidate
from recruiting.postings.apply import safe_filename

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def candidate_cv_for_user(user, public_id: uuid.UUID) -> Candidate:
    """The candidate whose CV `user` may download: one with at least one application
    visible to `user` (`Application.objects.visible_to`) and a stored CV.

    Anything else is 404, so nobody learns that a candidate exists by guessing ids.
    """
    visible = Application.objects.visible_to(user).values("candidate_id")
    candidate = Candidate.objects.filter(public_id=public_id, pk__in=visible).first()
    if candidate is None or not candidate.cv:
        raise Http404("No such CV")
    return candidate


@role_required("admin", "recruiter", "hiring_manager", "interviewer")
@require_GET
def cv_download(request, public_id: uuid.UUID):
    """Stream the CV as an attachment under the applicant's (sanitised) file name."""
    candidate = candidate_cv_for_user(request.user, public_id)
    kind = candidate.cv_kind if candidate.cv_kind in CONTENT_TYPES else "pdf"
    try:
        handle = candidate.cv.open("rb")
    except FileNotFoundError:
        logger.error("CV file of candidate %s is missing from storage", candidate.public_id)
        raise Http404("The CV file is missing") from None
    audit_record(actor=request.user, action="cv.download", obj=candidate)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_filename(candidate.cv_filename or "cv", kind),
        content_type=CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
