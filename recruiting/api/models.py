"""API tokens and webhooks: who may call the API, and where business events are sent."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from recruiting.api.scopes import Scope
from recruiting.core.models import PublicIdModel, TimeStampedModel, choices_constraint


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ApiToken(PublicIdModel):
    """A named credential an admin gives to a job board, an agency or the HR system.

    Only a SHA-256 digest of the secret is kept (the secret is random, 32 bytes, so a
    slow hash adds nothing); the secret is shown once, when the token is created. The
    token acts as `user` (whose role and postings bound what it sees), narrowed further
    by its scopes and, when set, to some postings."""

    name = models.CharField(max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        help_text="The account the token acts as: its role and postings bound what the token sees",
    )
    prefix = models.CharField(max_length=12, unique=True, editable=False, help_text="Identifies the token in logs")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = ArrayField(models.CharField(max_length=32, choices=Scope.choices), default=list)
    postings = models.ManyToManyField(
        "postings.Posting", blank=True, related_name="+", help_text="Empty: every posting the account may see"
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(scopes__contained_by=Scope.values), name="api_token_scopes_known"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class WebhookEvent(models.TextChoices):
    APPLICATION_CREATED = "application.created", "Application created"
    APPLICATION_STAGE_CHANGED = "application.stage_changed", "Application moved to another stage"
    APPLICATION_REJECTED = "application.rejected", "Application rejected"
    APPLICATION_HIRED = "application.hired", "Candidate hired"
    INTERVIEW_SCHEDULED = "interview.scheduled", "Interview scheduled"
    INTERVIEW_CANCELLED = "interview.cancelled", "Interview cancelled"
    SCORECARD_SUBMITTED = "scorecard.submitted", "Scorecard submitted"
    OFFER_ACCEPTED = "offer.accepted", "Offer accepted"
    OFFER_DECLINED = "offer.declined", "Offer declined"
    CANDIDATE_ERASED = "candidate.erased", "Candidate erased"


class WebhookEndpoint(PublicIdModel):
    """A receiver an admin registered: its URL, its signing secret and the events it wants."""

    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500)
    secret = models.CharField(
        max_length=100, editable=False, help_text="whsec_… (Standard Webhooks); shown in the admin to copy"
    )
    events = ArrayField(models.CharField(max_length=40, choices=WebhookEvent.choices), default=list)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(events__contained_by=WebhookEvent.values), name="webhook_events_known"),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.url}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    RETRYING = "retrying", "Retrying"
    DEAD = "dead", "Dead-lettered"


class WebhookDelivery(TimeStampedModel):
    """One event for one endpoint: written in the business transaction (an outbox row),
    sent by a worker after commit, retried with back-off, dead-lettered after a day."""

    Status = DeliveryStatus

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    message_id = models.CharField(max_length=40, unique=True, help_text="webhook-id: the same on every attempt")
    event = models.CharField(max_length=40, choices=WebhookEvent.choices, db_index=True)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    retry_until = models.DateTimeField(help_text="Failed attempts are retried until then, then dead-lettered")
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at"]
        constraints = [
            choices_constraint("status", DeliveryStatus, name="webhook_delivery_status_known"),
            choices_constraint("event", WebhookEvent, name="webhook_delivery_event_known"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint.name} ({self.status})"


class WebhookAttempt(models.Model):
    """One try of a delivery: what the receiver answered (or why nothing came back)."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True, help_text="The first 2,000 characters")
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"
