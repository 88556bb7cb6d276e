"""Postings: the jobs we hire for, their skills and screening questions.

Candidates and applications, and what is held per application (answers to screening
questions, knock-out results), live in `recruiting.pipelines`, the layer above.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from recruiting.core.inputs import DB_DATE_CEILING, DB_DATE_FLOOR
from recruiting.core.models import PublicIdModel, SaneDateField, TimeStampedModel, choices_constraint
from recruiting.core.money import MONEY_MAX
from recruiting.postings.counts import active_application_counts

__all__ = ["active_application_counts"]  # re-exported: postings pages and panels count through it


class WorkplaceType(models.TextChoices):
    ONSITE = "onsite", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", "Full-time"
    PART_TIME = "part_time", "Part-time"
    CONTRACT = "contract", "Contract"
    INTERNSHIP = "internship", "Internship"


class PayPeriod(models.TextChoices):
    YEAR = "year", "per year"
    MONTH = "month", "per month"
    HOUR = "hour", "per hour"


class InterviewMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    MIXED = "mixed", "In person and online"


class KnockoutAction(models.TextChoices):
    HOLD = "hold", "Hold for review"
    REJECT = "reject", "Reject with a delayed, polite e-mail"


class PostingQuerySet(models.QuerySet["Posting"]):
    def visible_to(self, user) -> PostingQuerySet:
        """Postings `user` may see: all for admins and recruiters; owned or shared ones for
        hiring managers; those they interview for, for interviewers; none otherwise."""
        if not user.is_authenticated or not user.effective_role:
            return self.none()
        if user.has_role("recruiter"):  # admins pass has_role for every role
            return self
        if user.is_hiring_manager:
            return self.filter(_owned_or_shared(user))
        # Interviewers reach postings only through the interviews they are on
        # (recruiting.interviews.access), never through posting lists.
        return self.none()

    def manageable_by(self, user) -> PostingQuerySet:
        """Postings `user` may edit and move candidates on (interviewers: none)."""
        if user.is_authenticated and user.has_role("recruiter"):
            return self
        if user.is_authenticated and user.is_hiring_manager:
            return self.filter(_owned_or_shared(user))
        return self.none()

    def published(self) -> PostingQuerySet:
        return self.filter(status=Posting.Status.OPEN)

    def for_lists(self) -> PostingQuerySet:
        """What list pages and panels show: the owner in the same query."""
        return self.select_related("hiring_manager")


def _owned_or_shared(user) -> Q:
    # A subquery rather than a join on `shared_with`: a join would repeat rows (needing
    # DISTINCT, which breaks ordering by annotations and counts).
    shared = Posting.shared_with.through.objects.filter(user=user).values("posting_id")
    return Q(hiring_manager=user) | Q(pk__in=shared)


class PostingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    PAUSED = "paused", "Paused"
    CLOSED = "closed", "Closed"


class Posting(PublicIdModel):
    Status = PostingStatus

    title = models.CharField(max_length=200)
    team = models.CharField("team / department", max_length=100, blank=True, db_index=True)
    hiring_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_postings"
    )
    recruiters = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="recruiting_postings")
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="shared_postings",
        help_text="Other hiring managers who may work on this posting",
    )
    location = models.CharField(max_length=120, blank=True, db_index=True)
    workplace_type = models.CharField(max_length=10, choices=WorkplaceType.choices, default=WorkplaceType.ONSITE)
    employment_type = models.CharField(max_length=12, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME)
    experience_min = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Years")
    experience_max = models.PositiveSmallIntegerField(null=True, blank=True, help_text='Years; empty for "10+"')
    pay_currency = models.CharField(max_length=3, default="INR")
    pay_min = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MONEY_MAX)],
    )
    pay_max = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MONEY_MAX)],
    )
    pay_period = models.CharField(max_length=5, choices=PayPeriod.choices, default=PayPeriod.YEAR)
    openings = models.PositiveSmallIntegerField(default=1)
    description = models.TextField(blank=True, help_text="Markdown; sanitised when shown")
    education = models.CharField(max_length=200, blank=True)
    interview_mode = models.CharField(max_length=10, choices=InterviewMode.choices, default=InterviewMode.IN_PERSON)
    weekday_interviews_only = models.BooleanField(default=True)
    notice_period_max_days = models.PositiveSmallIntegerField(null=True, blank=True)
    evaluation_focus = models.JSONField(default=list, blank=True, help_text="What interviewers evaluate")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closes_on = SaneDateField(null=True, blank=True, help_text="Closed automatically after this day")
    closed_at = models.DateTimeField(null=True, blank=True)
    knockout_action = models.CharField(max_length=6, choices=KnockoutAction.choices, default=KnockoutAction.HOLD)
    rejection_delay_hours = models.PositiveSmallIntegerField(default=24)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PostingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            choices_constraint("status", PostingStatus, name="posting_status_valid"),
            choices_constraint("workplace_type", WorkplaceType, name="posting_workplace_type_valid"),
            choices_constraint("employment_type", EmploymentType, name="posting_employment_type_valid"),
            choices_constraint("pay_period", PayPeriod, name="posting_pay_period_valid"),
            choices_constraint("interview_mode", InterviewMode, name="posting_interview_mode_valid"),
            choices_constraint("knockout_action", KnockoutAction, name="posting_knockout_action_valid"),
            models.CheckConstraint(
                condition=Q(experience_min__isnull=True)
                | Q(experience_max__isnull=True)
                | Q(experience_min__lte=F("experience_max")),
                name="posting_experience_range",
            ),
            models.CheckConstraint(
                condition=Q(pay_min__isnull=True) | Q(pay_max__isnull=True) | Q(pay_min__lte=F("pay_max")),
                name="posting_pay_range",
            ),
            models.CheckConstraint(
                condition=Q(pay_min__gte=0) | Q(pay_min__isnull=True), name="posting_pay_min_positive"
            ),
            models.CheckConstraint(condition=Q(openings__gte=1), name="posting_openings_positive"),
            # ₹100 crore at most (core.money.MONEY_MAX), never negative.
            models.CheckConstraint(
                condition=(Q(pay_min__isnull=True) | Q(pay_min__lte=MONEY_MAX))
                & (Q(pay_max__isnull=True) | Q(pay_max__gte=0, pay_max__lte=MONEY_MAX)),
                name="posting_pay_sane",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=DB_DATE_FLOOR, closes_on__lt=DB_DATE_CEILING),
                name="posting_closes_on_sane",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("postings:detail", args=[self.public_id])

    @property
    def experience_label(self) -> str:
        if self.experience_min is not None and self.experience_max is not None:
            return f"{self.experience_min}–{self.experience_max} years"
        if self.experience_min is not None:
            return f"{self.experience_min}+ years"
        if self.experience_max is not None:
            return f"up to {self.experience_max} years"
        return ""


class PostingSkill(models.Model):
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(max_length=80)
    required = models.BooleanField(default=True)
    min_years = models.PositiveSmallIntegerField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["posting", "name"], name="posting_skill_unique")]

    def __str__(self) -> str:
        years = f" {self.min_years}+ y" if self.min_years else ""
        return f"{self.name}{years} ({'required' if self.required else 'nice to have'})"


class QuestionKind(models.TextChoices):
    NUMBER = "number", "Number"
    MONEY = "money", "Money"
    DURATION_DAYS = "duration_days", "Duration in days"
    YEARS = "years", "Years of experience"
    YES_NO = "yes_no", "Yes / no"
    CHOICE = "choice", "Single choice"
    MULTI_CHOICE = "multi_choice", "Multiple choice"
    TEXT = "text", "Text"
    DATE = "date", "Date"


class KnockoutOp(models.TextChoices):
    LTE = "lte", "at most"
    LT = "lt", "less than"
    GTE = "gte", "at least"
    GT = "gt", "more than"
    EQ = "eq", "equal to"
    NE = "ne", "not equal to"
    IN = "in", "one of"


class QuestionFields(models.Model):
    """Fields shared by library questions and a posting's questions."""

    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=16, choices=QuestionKind.choices)
    required = models.BooleanField(default=True)
    choices = models.JSONField(default=list, blank=True, help_text="Options for choice questions")
    skill = models.CharField(max_length=80, blank=True, help_text="For years-of-experience questions")
    currency = models.CharField(max_length=3, blank=True, help_text="For money questions")
    knockout_op = models.CharField(max_length=4, choices=KnockoutOp.choices, blank=True)
    knockout_value = models.CharField(max_length=200, blank=True)
    knockout_band_max = models.BooleanField(
        default=False, help_text="Knock out when the answer is above the posting's pay band maximum"
    )
    knockout_tolerance_pct = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def has_knockout(self) -> bool:
        return bool(self.knockout_op) or self.knockout_band_max


class LibraryQuestion(QuestionFields):
    """Reusable questions ("Current CTC", "Notice period", "Years of Golang" ...)."""

    key = models.SlugField(max_length=50, unique=True)

    class Meta:
        ordering = ["text"]
        constraints = [
            choices_constraint("kind", QuestionKind, name="library_question_kind_valid"),
            choices_constraint("knockout_op", KnockoutOp, name="library_question_knockout_op_valid", blank=True),
        ]

    def __str__(self) -> str:
        return self.text


class ScreeningQuestion(QuestionFields):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    library_question = models.ForeignKey(LibraryQuestion, null=True, blank=True, on_delete=models.SET_NULL)
    rule_version = models.PositiveIntegerField(default=1, help_text="Raised when the knock-out rule changes")

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            choices_constraint("kind", QuestionKind, name="question_kind_valid"),
            choices_constraint("knockout_op", KnockoutOp, name="question_knockout_op_valid", blank=True),
            models.CheckConstraint(condition=Q(knockout_tolerance_pct__lte=100), name="question_tolerance_pct_max"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def rule_label(self) -> str:
        """The knock-out rule in words, e.g. "at most 15" or "at most the band maximum + 10%"."""
        if self.knockout_band_max:
            extra = f" + {self.knockout_tolerance_pct}%" if self.knockout_tolerance_pct else ""
            return f"at most the pay band maximum{extra}"
        if self.knockout_op:
            return f"{self.get_knockout_op_display()} {self.knockout_value}"
        return ""


class ConsentText(TimeStampedModel):
    """The data-processing consent shown on the apply form; applications keep the version."""

    version = models.PositiveIntegerField(unique=True)
    text = models.TextField()

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Consent v{self.version}"
