"""Background work for postings: the auto-close job. (Re-evaluating knock-outs walks
applications, so it runs in pipelines: `recruiting.pipelines.tasks`.)"""

from __future__ import annotations

import logging

from celery import shared_task

from recruiting.postings.services import postings_close_expired

logger = logging.getLogger(__name__)


@shared_task
def close_expired_postings() -> int:
    """Beat job: close postings whose closing date (settings.TIME_ZONE) has passed."""
    closed = postings_close_expired()
    if closed:
        logger.info("closed %s expired posting(s): %s", len(closed), ", ".join(str(p.public_id) for p in closed))
    return len(closed)
