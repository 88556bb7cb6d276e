"""The outbox. Every e-mail the portal sends goes through `notification_queue`."""

from __future__ import annotations

import base64
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from recruiting.audit.services import audit_record
from recruiting.core.metrics import EMAILS
from recruiting.notifications.models import Notification

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
    from recruiting.notifications.tasks import deliver_notification

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


def notification_resend(*, notification: Notification, actor) -> None:
    """Put a failed (or cancelled) notification back in the queue, from the admin."""
    with transaction.atomic():
        row = Notification.objects.select_for_update().get(pk=notification.pk)
        if row.status == Status.SENT:
            return
        row.status = Status.QUEUED
        row.attempts = 0
        row.last_error = ""
        row.send_after = None
        row.save(update_fields=["status", "attempts", "last_error", "send_after", "updated_at"])
        audit_record(actor=actor, action="notification.resend", obj=row)
        _enqueue_on_commit(row.pk)


def retry_delay(attempts: int) -> int:
    """Exponential back-off in seconds: 30 s, 1 min, 2 min ... capped at one hour."""
    return min(30 * 2 ** max(attempts - 1, 0), 3600)


class DeliveryOutcome:
    SENT = "sent"
    SKIPPED = "skipped"
    RETRY = "retry"
    FAILED = "failed"
    NOT_DUE = "not_due"


def notification_deliver(*, pk: int) -> tuple[str, int]:
    """Send one notification at most once; return (outcome, attempts).

    The row stays locked (SELECT ... FOR UPDATE) while the message is handed to the mail
    server, so a redelivered task for the same row waits and then finds it sent. The one
    remaining window, a crash after the server accepted the message and before the commit,
    is covered by the stable Message-ID header that receiving servers use to drop repeats.
    """
    with transaction.atomic():
        row = Notification.objects.select_for_update().filter(pk=pk).first()
        if row is None or row.status in (Status.SENT, Status.CANCELLED, Status.FAILED):
            return DeliveryOutcome.SKIPPED, 0
        if row.send_after and row.send_after > timezone.now():
            return DeliveryOutcome.NOT_DUE, row.attempts
        message = EmailMultiAlternatives(
            subject=row.subject,
            body=row.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=row.to,
            headers={"Message-ID": row.message_id, "X-Idempotency-Key": row.idempotency_key, **row.headers},
        )
        if row.body_html:
            message.attach_alternative(row.body_html, "text/html")
        for item in row.attachments:
            message.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
        row.attempts += 1
        try:
            message.send()
        except Exception as exc:  # any transport error is retried, then parked as failed
            row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            gave_up = row.attempts >= settings.NOTIFICATION_MAX_RETRIES
            row.status = Status.FAILED if gave_up else Status.RETRYING
            row.save(update_fields=["attempts", "last_error", "status", "updated_at"])
            EMAILS.labels("failed" if gave_up else "retry").inc()
            logger.warning("e-mail %s attempt %s failed: %s", row.pk, row.attempts, row.last_error)
            return (DeliveryOutcome.FAILED if gave_up else DeliveryOutcome.RETRY), row.attempts
        row.status = Status.SENT
        row.sent_at = timezone.now()
        row.last_error = ""
        row.save(update_fields=["attempts", "status", "sent_at", "last_error", "updated_at"])
        EMAILS.labels("sent").inc()
        return DeliveryOutcome.SENT, row.attempts


def notifications_due(*, stale_after: timedelta = timedelta(minutes=5)) -> list[int]:
    """Rows a worker should pick up: delayed ones now due, and queued ones whose
    hand-off to the broker was lost (for example the broker was down at commit)."""
    now = timezone.now()
    due = Notification.objects.filter(status=Status.QUEUED, send_after__isnull=False, send_after__lte=now)
    stuck = Notification.objects.filter(
        status__in=[Status.QUEUED, Status.RETRYING], send_after__isnull=True, updated_at__lt=now - stale_after
    )
    return list(due.values_list("pk", flat=True)[:500]) + list(stuck.values_list("pk", flat=True)[:500])
