"""Background work of the outbox: deliver one e-mail, dispatch the due ones."""

from __future__ import annotations

from celery import shared_task

from recruiting.notifications.delivery import (
    DeliveryOutcome,
    notification_deliver,
    notifications_due,
    notifications_mark_interrupted,
    retry_delay,
)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def deliver_notification(self, pk: int) -> str:
    """Send one outbox row at most once. Safe to run any number of times: the row's
    state decides, and a run that finds an interrupted send marks it uncertain."""
    outcome, attempts = notification_deliver(pk=pk)
    if outcome == DeliveryOutcome.RETRY:
        raise self.retry(countdown=retry_delay(attempts))
    return outcome


@shared_task
def dispatch_due_notifications() -> int:
    """Beat job: mark sends whose worker died (and whose task was lost) uncertain, then
    hand delayed and stranded notifications to workers."""
    notifications_mark_interrupted()
    pks = notifications_due()
    for pk in pks:
        deliver_notification.delay(pk)
    return len(pks)
