"""Background work for postings: knock-out re-evaluation and the auto-close job."""

from __future__ import annotations

import logging

from celery import shared_task

from recruiting.postings.services import knockouts_reevaluate_run, postings_close_expired

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def reevaluate_knockouts(posting_id: int, reason: str = "Knock-out rules changed") -> int:
    """Re-check every active application of a posting against its current rules.

    Safe to run twice: evaluating an application again gives the same flags and records
    nothing new."""
    return knockouts_reevaluate_run(posting_id=posting_id, reason=reason)


@shared_task
def close_expired_postings() -> int:
    """Beat job: close postings whose closing date (settings.TIME_ZONE) has passed."""
    closed = postings_close_expired()
    if closed:
        logger.info("closed %s expired posting(s): %s", len(closed), ", ".join(str(p.public_id) for p in closed))
    return len(closed)
