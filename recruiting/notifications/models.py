from __future__ import annotations

from django.db import models

from recruiting.core.models import TimeStampedModel


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"  # handed (or about to be handed) to the mail server
    SENT = "sent", "Sent"
    RETRYING = "retrying", "Retrying"
    FAILED = "failed", "Failed"
    # The sender died between handing the message over and recording the result: it
    # may or may not have gone out. Never retried by itself; an admin decides.
    UNCERTAIN = "uncertain", "Uncertain"
    CANCELLED = "cancelled", "Cancelled"


class Notification(TimeStampedModel):
    """One outgoing e-mail, recorded inside the business transaction that caused it.

    The idempotency key makes the same business event produce one row however often the
    service is called; the row's state makes the same row go to the mail server at most
    once however often the task runs (docs/adr/0003-notifications.md).
    """

    Status = NotificationStatus

    idempotency_key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=64, db_index=True, help_text="Template name, e.g. apply_confirmation")
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True, help_text="[{filename, mimetype, content}]")
    headers = models.JSONField(default=dict, blank=True)
    send_after = models.DateTimeField(
        null=True, blank=True, help_text="Not before this time: delayed e-mails (rejections) and the next retry"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sending_since = models.DateTimeField(
        null=True, blank=True, help_text="When the current delivery attempt claimed the row (status sending)"
    )
    related_type = models.CharField(max_length=64, blank=True, db_index=True)
    related_id = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "send_after"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=NotificationStatus.values), name="notification_status_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sending") | models.Q(sending_since__isnull=False),
                name="notification_sending_has_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {', '.join(self.to)} ({self.status})"

    @property
    def message_id(self) -> str:
        # Stable per notification so a receiving server can drop a duplicate delivery.
        return f"<notification-{self.pk}@recruiting.portal>"
