"""Background work for candidates: CV text extraction."""

from __future__ import annotations

import logging

from celery import shared_task

from recruiting.pipelines.digest import send_stage_digests  # noqa: F401  (registers the task)
from recruiting.pipelines.services import CV_MAX_RETRIES, candidate_cv_failed, candidate_extract_cv

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=CV_MAX_RETRIES)
def extract_cv_text(self, candidate_id: int) -> str:
    """Read a candidate's CV, store its text and make it searchable.

    Only storage hiccups (OSError while opening the file) are retried, at most
    CV_MAX_RETRIES times; a file that cannot be parsed is marked unreadable at once,
    because reading it again gives the same answer."""
    try:
        return candidate_extract_cv(candidate_id=candidate_id)
    except OSError as exc:
        if self.request.retries >= CV_MAX_RETRIES:
            logger.warning("CV of candidate %s still unreachable after retries: %s", candidate_id, exc)
            candidate_cv_failed(candidate_id=candidate_id, reason=f"storage: {type(exc).__name__}")
            return "unreadable"
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task
def purge_stale_import_batches(hours: int = 24) -> int:
    """Beat job: forget the CSV text of imports nobody confirmed within `hours`."""
    from recruiting.pipelines.services import import_batches_purge

    return import_batches_purge(older_than_hours=hours)


@shared_task(acks_late=True)
def anonymise_expired_candidates() -> int:
    """Beat job (daily): anonymise people whose applications all ended (rejected or
    withdrawn) more than RETENTION_DAYS_REJECTED days ago. Safe to run twice."""
    from recruiting.pipelines.privacy import candidates_anonymise_expired

    return candidates_anonymise_expired()
