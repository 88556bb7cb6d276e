"""Offers: one current offer per application, every change a new revision row, an
approvals chain per posting, the letter template and the candidate's answers."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from recruiting.core.inputs import DB_DATE_CEILING, DB_DATE_FLOOR
from recruiting.core.models import PublicIdModel, SaneDateField, TimeStampedModel, choices_constraint
from recruiting.core.money import MONEY_MAX

# The amounts of a revision. A change to any of them restarts the approvals.
MONEY_FIELDS = ("fixed_pay", "variable_pay", "joining_bonus", "relocation")
FIGURE_FIELDS = (*MONEY_FIELDS, "equity_units")
# Everything a revision holds, in the order the history shows it.
REVISION_FIELDS = (
    "title",
    "level",
    *FIGURE_FIELDS,
    "equity_vesting",
    "work_location",
    "workplace_type",
    "reporting_manager",
    "joining_date",
    "early_joining_reason",
    "expires_on",
    "note_to_candidate",
)


def _money(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class WorkplaceType(models.TextChoices):
    ONSITE = "onsite", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class OfferState(models.TextChoices):
    PENDING_APPROVAL = "pending_approval", "Waiting for approval"
    APPROVAL_REFUSED = "approval_refused", "Approval refused"
    READY = "ready", "Ready to send"
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"
    WITHDRAWN = "withdrawn", "Withdrawn"


# States in which the recruiter may still change the offer (a revision).
EDITABLE_STATES = (
    OfferState.PENDING_APPROVAL,
    OfferState.APPROVAL_REFUSED,
    OfferState.READY,
    OfferState.SENT,
    OfferState.DECLINED,
    OfferState.EXPIRED,
    OfferState.WITHDRAWN,
)


class DeclineReason(models.TextChoices):
    COMPENSATION = "compensation", "Compensation"
    OTHER_OFFER = "other_offer", "Accepted another offer"
    COUNTER_OFFER = "counter_offer", "Counter-offer from my employer"
    LOCATION = "location", "Location or workplace"
    ROLE = "role", "The role itself"
    TIMING = "timing", "Joining date or timing"
    PERSONAL = "personal", "Personal reasons"
    OTHER = "other", "Other"


class OfferQuerySet(models.QuerySet["Offer"]):
    def for_lists(self) -> OfferQuerySet:
        return self.select_related("application__candidate", "application__posting", "current")


class Offer(PublicIdModel):
    """The one offer of an application. Its figures live in `OfferRevision` rows;
    `current` is the newest. `version` is raised by every write (optimistic locking)."""

    application = models.OneToOneField("pipelines.Application", on_delete=models.CASCADE, related_name="offer")
    state = models.CharField(max_length=16, choices=OfferState.choices, db_index=True)
    current = models.ForeignKey("OfferRevision", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_revision = models.PositiveIntegerField(null=True, blank=True, help_text="The revision the candidate has")
    answered_at = models.DateTimeField(null=True, blank=True)
    # The acceptance: the typed name is the signature; time and address are kept with it.
    signature_name = models.CharField(max_length=150, blank=True)
    signature_ip = models.GenericIPAddressField(null=True, blank=True)
    decline_reason = models.CharField(max_length=16, choices=DeclineReason.choices, blank=True)
    decline_text = models.CharField(max_length=1000, blank=True)
    reminded_revision = models.PositiveIntegerField(
        null=True, blank=True, help_text="The revision whose expiry reminder went out (once)"
    )

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            choices_constraint("state", OfferState, name="offer_state_valid"),
            choices_constraint("decline_reason", DeclineReason, name="offer_decline_reason_valid", blank=True),
            models.CheckConstraint(
                condition=~Q(state=OfferState.ACCEPTED) | (Q(answered_at__isnull=False) & ~Q(signature_name="")),
                name="offer_accepted_is_signed",
            ),
            models.CheckConstraint(
                condition=~Q(state=OfferState.DECLINED) | ~Q(decline_reason=""),
                name="offer_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[OfferState.SENT, OfferState.ACCEPTED, OfferState.DECLINED])
                | Q(sent_at__isnull=False, sent_revision__isnull=False),
                name="offer_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Offer to {self.application.candidate}"

    def get_absolute_url(self) -> str:
        return reverse("offers:detail", args=[self.public_id])

    @property
    def is_answered(self) -> bool:
        return self.state in (OfferState.ACCEPTED, OfferState.DECLINED)


class OfferRevision(models.Model):
    """One version of an offer's terms, never changed once written. `changes` holds what
    differs from the previous revision, for the history."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField("title", max_length=150)
    level = models.CharField(max_length=60, blank=True)
    fixed_pay = _money("fixed pay (a year)")
    variable_pay = _money("variable pay (target, a year)", default=Decimal(0))
    joining_bonus = _money("joining bonus", default=Decimal(0))
    relocation = _money("relocation", default=Decimal(0))
    equity_units = models.PositiveIntegerField("equity units", default=0)
    equity_vesting = models.CharField(max_length=300, blank=True)
    work_location = models.CharField(max_length=120)
    workplace_type = models.CharField(max_length=10, choices=WorkplaceType.choices, default=WorkplaceType.ONSITE)
    reporting_manager = models.CharField(max_length=150, blank=True)
    joining_date = SaneDateField()
    early_joining_reason = models.CharField(
        max_length=300, blank=True, help_text="Why the joining date is before the notice period ends"
    )
    expires_on = SaneDateField("offer valid until")
    note_to_candidate = models.TextField(max_length=2000, blank=True)
    # Why approvals are needed ("fixed pay above the band maximum …"); empty: none needed.
    approval_reasons = models.JSONField(default=list, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["offer", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "number"], name="offer_revision_number_unique"),
            choices_constraint("workplace_type", WorkplaceType, name="offer_revision_workplace_valid"),
            # ₹100 crore at most each (core.money.MONEY_MAX), never negative, fixed pay above 0.
            models.CheckConstraint(
                condition=Q(fixed_pay__gt=0, fixed_pay__lte=MONEY_MAX)
                & Q(variable_pay__gte=0, variable_pay__lte=MONEY_MAX)
                & Q(joining_bonus__gte=0, joining_bonus__lte=MONEY_MAX)
                & Q(relocation__gte=0, relocation__lte=MONEY_MAX),
                name="offer_revision_money_sane",
            ),
            models.CheckConstraint(condition=Q(equity_units__lte=100_000_000), name="offer_revision_equity_sane"),
            models.CheckConstraint(
                condition=Q(joining_date__gte=DB_DATE_FLOOR, joining_date__lt=DB_DATE_CEILING)
                & Q(expires_on__gte=DB_DATE_FLOOR, expires_on__lt=DB_DATE_CEILING),
                name="offer_revision_dates_sane",
            ),
            models.CheckConstraint(condition=Q(expires_on__lte=F("joining_date")), name="offer_expires_before_joining"),
        ]

    def __str__(self) -> str:
        return f"{self.offer} (revision {self.number})"

    @property
    def total_ctc(self) -> Decimal:
        return self.fixed_pay + self.variable_pay + self.joining_bonus + self.relocation

    @property
    def needs_approval(self) -> bool:
        return bool(self.approval_reasons)

    def figures(self) -> dict:
        return {name: getattr(self, name) for name in FIGURE_FIELDS}


class StepKind(models.TextChoices):
    HIRING_MANAGER = "hiring_manager", "The posting's hiring manager"
    ANY_APPROVER = "any_approver", "Any offer approver"
    USER = "user", "A named person"


class ApprovalStep(models.Model):
    """One step of a posting's approvals chain, in `order`. Without steps a posting uses
    the default chain: its hiring manager, then any offer approver."""

    posting = models.ForeignKey("postings.Posting", on_delete=models.CASCADE, related_name="approval_steps")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=16, choices=StepKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["posting", "order", "id"]
        constraints = [
            choices_constraint("kind", StepKind, name="approval_step_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind=StepKind.USER, user__isnull=False) | (~Q(kind=StepKind.USER) & Q(user__isnull=True)),
                name="approval_step_user_when_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.user if self.kind == StepKind.USER else self.get_kind_display()}"


class ApprovalState(models.TextChoices):
    WAITING = "waiting", "Waiting"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    VOID = "void", "No longer needed"


class OfferApproval(TimeStampedModel):
    """One step of the chain for one revision. A new revision voids the old steps."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="approvals")
    revision = models.ForeignKey(OfferRevision, on_delete=models.CASCADE, related_name="approvals")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=StepKind.choices)
    # The named approver (hiring manager or named person); empty for "any offer approver".
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="offer_approvals"
    )
    state = models.CharField(max_length=8, choices=ApprovalState.choices, default=ApprovalState.WAITING)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acted_at = models.DateTimeField(null=True, blank=True)
    comment = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["revision", "order"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "order"], name="offer_approval_step_unique"),
            choices_constraint("kind", StepKind, name="offer_approval_kind_valid"),
            choices_constraint("state", ApprovalState, name="offer_approval_state_valid"),
            models.CheckConstraint(
                condition=~Q(state__in=[ApprovalState.APPROVED, ApprovalState.REJECTED])
                | Q(acted_by__isnull=False, acted_at__isnull=False),
                name="offer_approval_acted_has_actor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} step {self.order}: {self.get_state_display()}"

    @property
    def approver_label(self) -> str:
        if self.approver is not None:
            return str(self.approver)
        return StepKind(self.kind).label


class OfferQuestion(models.Model):
    """A question the candidate asked from the offer page; it goes to the recruiter."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="questions")
    revision_number = models.PositiveIntegerField()
    text = models.TextField(max_length=2000)
    asked_at = models.DateTimeField()
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]

    def __str__(self) -> str:
        return f"Question on {self.offer}"


class LetterTemplate(TimeStampedModel):
    """The offer letter, edited by an admin: HTML with placeholders such as
    {{ candidate_name }} or {{ fixed_pay }} (the list is in offers/letter.py). The newest
    active template is used."""

    name = models.CharField(max_length=100)
    body = models.TextField(help_text="HTML with placeholders; see the list below the field.")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.name


class PostingFill(models.Model):
    """A posting closed because accepted offers filled its openings: the hiring manager
    is asked, once, whether to reject the candidates still active."""

    posting = models.OneToOneField("postings.Posting", on_delete=models.CASCADE, related_name="offer_fill")
    filled_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejected_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-filled_at"]

    def __str__(self) -> str:
        return f"{self.posting} filled"
