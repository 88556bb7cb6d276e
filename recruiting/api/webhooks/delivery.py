"""Webhook deliveries: an outbox row per (event, endpoint) written in the business
transaction, posted by a worker after commit, retried with back-off until
`retry_until` (a day), then dead-lettered for an admin to redeliver.

Delivery is at least once: the row is locked (skip_locked) while it is posted, so two
workers never post it at the same time, but a worker that dies after the receiver
answered and before the row is marked posts it again later. Receivers drop repeats by
`webhook-id`, which is the same on every attempt.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from recruiting.api.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from recruiting.api.webhooks.signing import headers
from recruiting.api.webhooks.urlcheck import UnsafeWebhookUrl, check_webhook_url

# Seconds before the 2nd, 3rd ... attempt (Standard Webhooks' suggestion); the last repeats.
DEFAULT_BACKOFF = (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600)
RESPONSE_KEPT = 2000


class Outcome:
    DELIVERED = "delivered"
    RETRY = "retry"
    DEAD = "dead"
    SKIPPED = "skipped"  # delivered or dead already, not due yet, or another worker holds it


def backoff(attempts: int) -> int:
    schedule = getattr(settings, "WEBHOOK_BACKOFF_SECONDS", None) or DEFAULT_BACKOFF
    return int(schedule[min(max(attempts - 1, 0), len(schedule) - 1)])


def _body(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()


def _post(delivery: WebhookDelivery) -> dict[str, Any]:
    """One HTTP attempt; what to log of it. Never follows redirects (they could lead
    anywhere, our own network included)."""
    endpoint = delivery.endpoint
    started = time.monotonic()
    result: dict[str, Any] = {"status_code": None, "response_body": "", "error": ""}
    try:
        check_webhook_url(endpoint.url)
        body = _body(delivery)
        response = requests.post(
            endpoint.url,
            data=body,
            headers=headers(endpoint.secret, message_id=delivery.message_id, timestamp=int(time.time()), body=body),
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
        result["status_code"] = response.status_code
        result["response_body"] = response.text[:RESPONSE_KEPT]
    except UnsafeWebhookUrl as exc:
        result["error"] = str(exc)[:500]
    except requests.RequestException as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"[:500]
    result["duration_ms"] = int((time.monotonic() - started) * 1000)
    return result


def webhook_deliver(*, pk: int) -> tuple[str, int]:
    """Post delivery `pk` once if it is due; returns (outcome, seconds until the next try)."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint")
            .filter(pk=pk)
            .first()
        )
        if delivery is None or delivery.status in (DeliveryStatus.DELIVERED, DeliveryStatus.DEAD):
            return Outcome.SKIPPED, 0
        now = timezone.now()
        if delivery.next_attempt_at is not None and delivery.next_attempt_at > now:
            return Outcome.SKIPPED, 0
        result = _post(delivery)
        now = timezone.now()
        WebhookAttempt.objects.create(delivery=delivery, at=now, **result)
        delivery.attempts += 1
        code = result["status_code"]
        if code is not None and 200 <= code < 300:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
            outcome, wait = Outcome.DELIVERED, 0
        else:
            wait = backoff(delivery.attempts)
            if now + timedelta(seconds=wait) > delivery.retry_until:
                delivery.status = DeliveryStatus.DEAD
                delivery.next_attempt_at = None
                outcome, wait = Outcome.DEAD, 0
            else:
                delivery.status = DeliveryStatus.RETRYING
                delivery.next_attempt_at = now + timedelta(seconds=wait)
                outcome = Outcome.RETRY
        delivery.save(update_fields=["attempts", "status", "delivered_at", "next_attempt_at", "updated_at"])
        return outcome, wait


def webhooks_due(*, now=None, stale_after: timedelta = timedelta(minutes=5)) -> list[int]:
    """Deliveries a worker should try now: retries whose time has come, and pending rows
    whose task the broker lost (older than `stale_after`)."""
    now = now or timezone.now()
    retrying = WebhookDelivery.objects.filter(status=DeliveryStatus.RETRYING, next_attempt_at__lte=now)
    stranded = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, created_at__lte=now - stale_after)
    return list(retrying.union(stranded).values_list("pk", flat=True)[:500])
