"""Background work for data protection: the retention job."""

from __future__ import annotations

from celery import shared_task

from recruiting.privacy.services import candidates_anonymise_expired


@shared_task(acks_late=True)
def anonymise_expired_candidates() -> int:
    """Beat job (daily): anonymise people whose applications all ended (rejected or
    withdrawn) more than RETENTION_DAYS_REJECTED days ago. Safe to run twice."""
    return candidates_anonymise_expired()
