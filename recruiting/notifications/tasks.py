from __future__ import annotations

from celery import shared_task

from recruiting.notifications.services import (
    DeliveryOutcome,
    notification_deliver,
    notifications_due,
    retry_delay,
)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def deliver_notification(self, pk: int) -> str:
    """Send one outbox row. Safe to run twice: the row's state decides."""
    outcome, attempts = notification_deliver(pk=pk)
    if outcome == DeliveryOutcome.RETRY:
        raise self.retry(countdown=retry_delay(attempts))
    return outcome


@shared_task
def dispatch_due_notifications() -> int:
    """Beat job: hand delayed and stranded notifications to workers."""
    pks = notifications_due()
    for pk in pks:
        deliver_notification.delay(pk)
    return len(pks)
