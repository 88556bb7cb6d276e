"""Background work for candidates: document text extraction, knock-out re-evaluation
and the import clean-up job."""

from __future__ import annotations

import logging

from celery import shared_task

from recruiting.pipelines.digest import send_stage_digests  # noqa: F401  (registers the task)
from recruiting.pipelines.extraction import CV_MAX_RETRIES, document_extract_text, document_text_failed
from recruiting.pipelines.knockouts import knockouts_reevaluate_run

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=CV_MAX_RETRIES)
def extract_document_text(self, document_id: int) -> str:
    """Read a document (CV), store its text and make its person searchable by it.

    Only storage hiccups (OSError while opening the file) are retried, at most
    CV_MAX_RETRIES times; a file that cannot be parsed is marked unreadable at once,
    because reading it again gives the same answer."""
    try:
        return document_extract_text(document_id=document_id)
    except OSError as exc:
        if self.request.retries >= CV_MAX_RETRIES:
            logger.warning("Document %s still unreachable after retries: %s", document_id, exc)
            document_text_failed(document_id=document_id, reason=f"storage: {type(exc).__name__}")
            return "unreadable"
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task(acks_late=True)
def extract_cv_text(candidate_id: int) -> int:
    """Queued by releases before documents (ADR 6), with a candidate id: read that
    person's documents still waiting for their text. Returns how many were queued."""
    from recruiting.pipelines.models import CVStatus, Document

    pending = list(
        Document.objects.filter(candidate_id=candidate_id, text_status=CVStatus.PROCESSING).values_list("pk", flat=True)
    )
    for pk in pending:
        extract_document_text.delay(pk)
    return len(pending)


# Named as before it moved from postings, so tasks queued by the previous release still run.
@shared_task(name="recruiting.postings.tasks.reevaluate_knockouts", acks_late=True, reject_on_worker_lost=True)
def reevaluate_knockouts(posting_id: int, reason: str = "Knock-out rules changed") -> int:
    """Re-check every active application of a posting against its current rules.

    Safe to run twice: evaluating an application again gives the same flags and records
    nothing new."""
    return knockouts_reevaluate_run(posting_id=posting_id, reason=reason)


@shared_task
def purge_stale_import_batches(hours: int = 24) -> int:
    """Beat job: forget the CSV text of imports nobody confirmed within `hours`."""
    from recruiting.pipelines.services import import_batches_purge

    return import_batches_purge(older_than_hours=hours)
