"""Background work of the webhooks: post one delivery, hand out the due ones."""

from __future__ import annotations

from celery import shared_task

from recruiting.api.webhooks.delivery import Outcome, webhook_deliver, webhooks_due


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def deliver_webhook(self, pk: int) -> str:
    """Post one webhook delivery if it is due; schedule the next try when it failed.
    Safe to run any number of times: the row's state decides."""
    outcome, wait = webhook_deliver(pk=pk)
    if outcome == Outcome.RETRY:
        raise self.retry(countdown=wait)
    return outcome


@shared_task
def dispatch_due_webhooks() -> int:
    """Beat job: hand retries that are due (and rows whose task was lost) to workers."""
    pks = webhooks_due()
    for pk in pks:
        deliver_webhook.delay(pk)
    return len(pks)
