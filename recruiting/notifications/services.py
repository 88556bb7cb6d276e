"""The outbox. Every e-mail the portal sends goes through `notification_queue`; delivery
(at most once) is in delivery.py, run by the task in tasks.py that this module queues."""

from __future__ import annotations

import base64
import logging
from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from recruiting.audit.services import audit_record
from recruiting.notifications.delivery import (  # noqa: F401  (re-exported: the outbox's one entry point)
    DeliveryOutcome,
    notification_deliver,
    notifications_due,
    notifications_mark_interrupted,
    retry_delay,
)
from recruiting.notifications.models import Notification
from recruiting.notifications.tasks import deliver_notification

logger = logging.getLogger(__name__)

Status = Notification.Status


def _render(kind: str, context: dict) -> tuple[str, str, str]:
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{kind}.subject.txt", context).split())
    text = render_to_string(f"emails/{kind}.txt", context)
    html = render_to_string(f"emails/{kind}.html", context)
    return subject, text, html


def notification_queue(
    *,
    key: str,
    kind: str,
    to: Sequence[str],
    context: dict,
    send_after: datetime | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    related: object | None = None,
) -> Notification:
    """Record an e-mail under `key` and hand it to a worker after the transaction commits.

    Calling it again with the same key returns the existing row and queues nothing, so
    business code may call it from retried tasks. `kind` names the templates
    `emails/<kind>.subject.txt`, `.txt` and `.html`.
    """
    subject, text, html = _render(kind, context)
    encoded = [
        {"filename": name, "content": base64.b64encode(content).decode(), "mimetype": mimetype}
        for name, content, mimetype in attachments
    ]
    notification, created = Notification.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "kind": kind,
            "to": list(to),
            "subject": subject,
            "body_text": text,
            "body_html": html,
            "attachments": encoded,
            "send_after": send_after,
            "related_type": related._meta.label_lower if related is not None else "",
            "related_id": str(getattr(related, "pk", "") or ""),
        },
    )
    if created and send_after is None:
        _enqueue_on_commit(notification.pk)
    return notification


def _enqueue_on_commit(pk: int) -> None:
    transaction.on_commit(lambda: deliver_notification.delay(pk))


def notification_cancel(*, key: str) -> bool:
    """Cancel a notification that has not gone out yet (e.g. a delayed rejection)."""
    updated = Notification.objects.filter(idempotency_key=key, status__in=[Status.QUEUED, Status.RETRYING]).update(
        status=Status.CANCELLED, updated_at=timezone.now()
    )
    return bool(updated)


def notification_cancel_related(*, related, kinds: Sequence[str]) -> int:
    """Cancel every not-yet-sent notification of these kinds about `related` (for
    example all pending rejection e-mails of an application, whoever queued them)."""
    return Notification.objects.filter(
        related_type=related._meta.label_lower,
        related_id=str(related.pk),
        kind__in=list(kinds),
        status__in=[Status.QUEUED, Status.RETRYING],
    ).update(status=Status.CANCELLED, updated_at=timezone.now())


def notification_resend(*, notification: Notification, actor) -> bool:
    """Put a failed, uncertain or cancelled notification back in the queue, from the admin.

    Resending an uncertain one is a person's decision that a second copy is better than
    none. A sent row, one being sent right now, and one without recipients (erased) are
    left alone; returns whether the row was queued again."""
    with transaction.atomic():
        row = Notification.objects.select_for_update().get(pk=notification.pk)
        if row.status in (Status.SENT, Status.SENDING) or not row.to:
            return False
        previous = row.status
        row.status = Status.QUEUED
        row.attempts = 0
        row.last_error = ""
        row.send_after = None
        row.sending_since = None
        row.save(update_fields=["status", "attempts", "last_error", "send_after", "sending_since", "updated_at"])
        audit_record(
            actor=actor,
            action="notification.resend",
            obj=row,
            before={"status": previous},
            after={"status": row.status},
        )
        _enqueue_on_commit(row.pk)
    return True
