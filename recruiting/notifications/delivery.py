"""Delivering the outbox: claim a row, hand it to the mail server at most once, record
the outcome (ADR 3); find the rows that are due. The delivery task (tasks.py) runs
`notification_deliver`; services.py queues that task."""

from __future__ import annotations

import base64
import logging
import smtplib
import socket
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from recruiting.core.metrics import EMAILS
from recruiting.notifications.models import Notification

logger = logging.getLogger(__name__)

Status = Notification.Status


def retry_delay(attempts: int) -> int:
    """Exponential back-off in seconds: 30 s, 1 min, 2 min ... capped at one hour."""
    return min(30 * 2 ** max(attempts - 1, 0), 3600)


class DeliveryOutcome:
    SENT = "sent"
    SKIPPED = "skipped"
    BUSY = "busy"  # another live worker is sending this row right now
    RETRY = "retry"
    FAILED = "failed"
    UNCERTAIN = "uncertain"
    NOT_DUE = "not_due"


_CLAIMED = "claimed"


def _sender_lock_key(pk: int) -> str:
    return f"notification-sender:{pk}"


def _try_sender_lock(pk: int) -> bool:
    """Take the session-level advisory lock a live sender holds while it sends this row.

    It outlives the claiming transaction and PostgreSQL drops it with the connection when
    the worker dies, so "status sending and the lock is free" means the sender is gone."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtextextended(%s, 0))", [_sender_lock_key(pk)])
        return bool(cursor.fetchone()[0])


def _release_sender_lock(pk: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", [_sender_lock_key(pk)])
    except DatabaseError:  # the connection is gone, and the lock with it
        logger.warning("could not release the sender lock of e-mail %s; its connection is gone", pk)


INTERRUPTED = (
    "Delivery was interrupted after the message was handed to the mail server; it may or may not have been sent."
)


def _mark_uncertain(row: Notification) -> None:
    row.status = Status.UNCERTAIN
    row.last_error = INTERRUPTED
    row.save(update_fields=["status", "last_error", "updated_at"])
    EMAILS.labels("uncertain").inc()
    logger.warning("e-mail %s: %s", row.pk, INTERRUPTED)


def _claim(pk: int) -> tuple[str, Notification | None]:
    """Mark the row as being sent, in its own committed transaction, holding the sender lock.

    Returns (outcome, row); the row only when this caller now owns the delivery and holds
    the sender lock, which it must release."""
    locked = False
    try:
        with transaction.atomic():
            row = Notification.objects.select_for_update().filter(pk=pk).first()
            if row is None or row.status in (Status.SENT, Status.CANCELLED, Status.FAILED, Status.UNCERTAIN):
                return DeliveryOutcome.SKIPPED, None
            if row.status == Status.QUEUED and row.send_after and row.send_after > timezone.now():
                return DeliveryOutcome.NOT_DUE, None
            locked = _try_sender_lock(pk)
            if not locked:
                return DeliveryOutcome.BUSY, None
            if row.status == Status.SENDING:
                # An earlier attempt claimed the row and its worker died before recording
                # the result: the message may have gone out. Never send it again by itself.
                _mark_uncertain(row)
                return DeliveryOutcome.UNCERTAIN, None
            row.status = Status.SENDING
            row.sending_since = timezone.now()
            row.attempts += 1
            row.save(update_fields=["status", "sending_since", "attempts", "updated_at"])
        # Committed: from here on a crash leaves the row `sending`, never `queued`.
        locked = False  # the caller owns the lock now
        return _CLAIMED, row
    finally:
        if locked:
            _release_sender_lock(pk)


def _message(row: Notification) -> EmailMultiAlternatives:
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
    return message


class _NotSent(Exception):
    """The message surely did not reach the mail server (safe to try again)."""


def _refused_before_acceptance(exc: BaseException) -> bool:
    """Whether an error raised while sending proves the server did not accept the message.

    An SMTP reply with an error code (sender or every recipient refused, DATA refused,
    authentication failed) is a refusal: the server answered and said no. A refused
    connection or an unknown host never carried anything, and an invalid address is
    rejected before anything is sent. A dropped connection or a timeout after the data
    went out proves nothing: the server may have accepted it."""
    return isinstance(
        exc,
        (
            smtplib.SMTPResponseException,
            smtplib.SMTPRecipientsRefused,
            ConnectionRefusedError,
            socket.gaierror,
            ValueError,
        ),
    )


def _hand_over(row: Notification) -> int:
    """Give the message to the mail server; return how many messages it accepted.

    Raises _NotSent when it surely did not go out; any other exception means it may have."""
    try:
        message = _message(row)
        if not message.recipients():
            return 0
        mailer = mailers.default
        mailer.open()  # connecting, TLS and login: nothing handed over yet
    except Exception as exc:
        raise _NotSent(f"{type(exc).__name__}: {exc}") from exc
    try:
        return mailer.send_messages([message])
    except Exception as exc:
        if _refused_before_acceptance(exc):
            raise _NotSent(f"{type(exc).__name__}: {exc}") from exc
        raise
    finally:
        try:
            mailer.close()
        except Exception:  # noqa: BLE001 - the outcome is already known; QUIT may fail
            logger.info("closing the mail connection failed after e-mail %s", row.pk, exc_info=True)


def _record(row: Notification, claimed_at, **changes) -> bool:
    """Record the result of this attempt, unless a newer attempt has claimed the row.

    A row marked uncertain by someone who thought this sender dead (its database
    connection dropped) is corrected: this sender knows what happened."""
    updated = Notification.objects.filter(
        pk=row.pk, sending_since=claimed_at, status__in=[Status.SENDING, Status.UNCERTAIN]
    ).update(**changes, updated_at=timezone.now())
    if not updated:
        logger.warning("e-mail %s was claimed again while this attempt ran; its result was not recorded", row.pk)
    return bool(updated)


def notification_deliver(*, pk: int) -> tuple[str, int]:
    """Hand one notification to the mail server at most once; return (outcome, attempts).

    1. Claim: lock the row, take the sender lock, mark it `sending` and commit.
    2. Hand the message to the mail server, outside any transaction.
    3. Record `sent`; or, when the error proves the server did not take the message,
       `retrying` (with back-off) or `failed`; after any other error, `uncertain`.

    A delivery that finds the row `sending` with nobody holding the sender lock knows the
    earlier sender died between 1 and 3: it marks the row `uncertain` and sends nothing.
    """
    outcome, row = _claim(pk)
    if row is None:
        return outcome, 0
    claimed_at = row.sending_since
    try:
        try:
            accepted = _hand_over(row)
        except _NotSent as exc:
            error = str(exc)[:2000]
            gave_up = row.attempts >= settings.NOTIFICATION_MAX_RETRIES
            _record(
                row,
                claimed_at,
                status=Status.FAILED if gave_up else Status.RETRYING,
                last_error=error,
                sending_since=None,
                send_after=None if gave_up else timezone.now() + timedelta(seconds=retry_delay(row.attempts)),
            )
            EMAILS.labels("failed" if gave_up else "retry").inc()
            logger.warning("e-mail %s attempt %s was not sent: %s", row.pk, row.attempts, error)
            return (DeliveryOutcome.FAILED if gave_up else DeliveryOutcome.RETRY), row.attempts
        except Exception as exc:
            # The server may have accepted it (a connection lost after the data, a
            # timeout waiting for its answer ...): uncertain, never sent again unasked.
            error = f"{type(exc).__name__}: {exc}"[:1500]
            logger.exception("e-mail %s: delivery ended without a known result", row.pk)
            _record(row, claimed_at, status=Status.UNCERTAIN, last_error=f"{error}. {INTERRUPTED}")
            EMAILS.labels("uncertain").inc()
            return DeliveryOutcome.UNCERTAIN, row.attempts
        if accepted == 0:
            _record(row, claimed_at, status=Status.FAILED, last_error="No recipients.", sending_since=None)
            EMAILS.labels("failed").inc()
            return DeliveryOutcome.FAILED, row.attempts
        _record(row, claimed_at, status=Status.SENT, sent_at=timezone.now(), last_error="", sending_since=None)
        EMAILS.labels("sent").inc()
        return DeliveryOutcome.SENT, row.attempts
    finally:
        _release_sender_lock(row.pk)


def _stale_after() -> timedelta:
    return timedelta(seconds=settings.NOTIFICATION_STALE_SECONDS)


def notifications_mark_interrupted(*, older_than: timedelta | None = None) -> list[int]:
    """Rows left `sending` by a worker that died and whose task was lost too: mark them
    `uncertain` so they show in the admin instead of waiting forever. A row whose sender
    is alive (it holds the sender lock) is left alone, however long it takes."""
    marked: list[int] = []
    older_than = _stale_after() if older_than is None else older_than
    stale = Notification.objects.filter(status=Status.SENDING, sending_since__lt=timezone.now() - older_than)
    for pk in stale.values_list("pk", flat=True)[:500]:
        with transaction.atomic():
            row = Notification.objects.select_for_update(skip_locked=True).filter(pk=pk, status=Status.SENDING).first()
            if row is None or not _try_sender_lock(pk):
                continue
            try:
                _mark_uncertain(row)
            finally:
                _release_sender_lock(pk)
            marked.append(pk)
    return marked


def notifications_due(*, stale_after: timedelta | None = None) -> list[int]:
    """Rows a worker should pick up: delayed ones now due; queued ones whose hand-off to
    the broker was lost (for example the broker was down at commit); retries whose
    retry task was lost (well past their time)."""
    now = timezone.now()
    stale = now - (_stale_after() if stale_after is None else stale_after)
    rows = Notification.objects.filter(
        Q(status=Status.QUEUED, send_after__isnull=False, send_after__lte=now)
        | Q(status=Status.QUEUED, send_after__isnull=True, updated_at__lt=stale)
        | Q(status=Status.RETRYING, send_after__isnull=False, send_after__lt=stale)
        | Q(status=Status.RETRYING, send_after__isnull=True, updated_at__lt=stale)
    )
    return list(rows.order_by("pk").values_list("pk", flat=True)[:1000])
