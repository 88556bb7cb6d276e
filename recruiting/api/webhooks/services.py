"""Webhook deliveries: an outbox row per (event, endpoint) written in the business
transaction and handed to a worker after commit (recruiting/api/webhooks/delivery.py posts
it); an admin may send one again."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from recruiting.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from recruiting.api.webhooks.tasks import deliver_webhook
from recruiting.audit.services import audit_record


def webhook_enqueue(*, event: str, data: dict[str, Any]) -> list[WebhookDelivery]:
    """Write one delivery per active endpoint that wants `event`, inside the caller's
    transaction, and hand each to a worker once it commits. One query when nobody listens."""
    return webhook_enqueue_many(event=event, data_list=[data])


def webhook_enqueue_many(*, event: str, data_list: list[dict[str, Any]]) -> list[WebhookDelivery]:
    """`webhook_enqueue` for several occurrences of one event (many applications created
    together): a delivery per (occurrence, endpoint), each with its own webhook-id, in
    two queries whatever their number (one when nobody listens)."""
    if not data_list:
        return []
    endpoints = list(WebhookEndpoint.objects.filter(active=True, events__contains=[event]).only("pk"))
    if not endpoints:
        return []
    now = timezone.now()
    retry_until = now + timedelta(hours=settings.WEBHOOK_RETRY_HOURS)
    deliveries = []
    for data in data_list:
        payload = {"type": event, "timestamp": now.isoformat(), "data": data}
        # Stored as the exact text that is signed and sent, so every attempt is identical.
        stored = json.dumps(payload, cls=DjangoJSONEncoder)
        for endpoint in endpoints:
            deliveries.append(
                WebhookDelivery(
                    endpoint=endpoint,
                    message_id=f"msg_{uuid.uuid4().hex}",
                    event=event,
                    payload=json.loads(stored),
                    retry_until=retry_until,
                )
            )
    WebhookDelivery.objects.bulk_create(deliveries)
    pks = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: _queue(pks))
    return deliveries


def _queue(pks: list[int]) -> None:
    for pk in pks:
        deliver_webhook.delay(pk)


@transaction.atomic
def webhook_redeliver(*, delivery: WebhookDelivery, actor: Any) -> None:
    """An admin sends a delivery again (dead-lettered or delivered): same webhook-id,
    a fresh day of retries."""
    now = timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING,
        next_attempt_at=None,
        retry_until=now + timedelta(hours=settings.WEBHOOK_RETRY_HOURS),
        updated_at=now,
    )
    audit_record(actor=actor, action="webhook.redeliver", obj=delivery, after={"event": delivery.event})
    transaction.on_commit(lambda: _queue([delivery.pk]))
