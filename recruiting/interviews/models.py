"""Interviews: who interviews whom, when. Double booking is impossible in the database.

Availability (weekday windows, time off, cap, buffer), interview plans (rounds with
scorecard criteria), booked interviews with their panel seats, self-scheduling links,
and scorecards with their revisions.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from recruiting.core.inputs import DB_DATE_CEILING, DB_DATE_FLOOR, DB_INSTANT_CEILING, DB_INSTANT_FLOOR
from recruiting.core.models import PublicIdModel, SaneDateField, TimeStampedModel, choices_constraint

DEFAULT_TIME_ZONE = "Asia/Kolkata"

# Weekends are never offered, so they cannot be published either.
WEEKDAY_CHOICES = [(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday")]

DEFAULT_CRITERIA = [
    "System design clarity",
    "Database design and optimisation",
    "Debugging performance and scaling",
    "Production and cloud-native deployment",
    "Problem solving",
    "Explaining trade-offs",
    "Practical experience",
]

# What each point of the 1–4 scale means; shown next to every criterion.
RATING_ANCHORS = {
    1: "Not shown — could not do it, or only with heavy help",
    2: "Partly — basic, with gaps a senior engineer should not have",
    3: "Solid — did it well, with small gaps",
    4: "Strong — clear, deep and well argued; would raise our bar",
}


def default_daily_cap() -> int:
    return getattr(settings, "INTERVIEW_DAILY_CAP", 3)


def default_buffer_minutes() -> int:
    return getattr(settings, "INTERVIEW_BUFFER_MINUTES", 15)


def default_weekly_cap() -> int | None:
    """None: no weekly limit unless the interviewer sets one (or the setting gives one)."""
    return getattr(settings, "INTERVIEW_WEEKLY_CAP", None)


class InterviewerSettings(models.Model):
    """Per-person scheduling limits. The time zone lives on the user (`User.time_zone`)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interview_settings")
    daily_cap = models.PositiveSmallIntegerField(default=default_daily_cap, help_text="Interviews per day at most")
    weekly_cap = models.PositiveSmallIntegerField(
        null=True, blank=True, default=default_weekly_cap, help_text="Interviews per week (Monday to Sunday) at most"
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        default=default_buffer_minutes, help_text="Kept free before and after each interview"
    )

    class Meta:
        verbose_name_plural = "interviewer settings"
        constraints = [
            models.CheckConstraint(condition=Q(daily_cap__gte=1), name="interviewer_cap_positive"),
            models.CheckConstraint(
                condition=Q(weekly_cap__isnull=True) | Q(weekly_cap__gte=1), name="interviewer_weekly_cap_positive"
            ),
            models.CheckConstraint(condition=Q(buffer_minutes__lte=240), name="interviewer_buffer_sane"),
        ]

    def __str__(self) -> str:
        weekly = f", {self.weekly_cap}/week" if self.weekly_cap else ""
        return f"{self.user}: {self.daily_cap}/day{weekly}, {self.buffer_minutes} min buffer"


class AvailabilityWindow(TimeStampedModel):
    """A recurring weekly window in the interviewer's own time zone, Monday–Friday only."""

    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability_windows"
    )
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAY_CHOICES)
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["interviewer", "weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=4), name="window_weekday_mon_fri"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="window_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class TimeOff(TimeStampedModel):
    """Dated unavailability (leave, travel, a conference). Half-open [starts_at, ends_at)."""

    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_off")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    reason = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["interviewer", "starts_at"]
        verbose_name_plural = "time off"
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="time_off_ends_after_start"),
            models.CheckConstraint(
                condition=Q(starts_at__gte=DB_INSTANT_FLOOR, ends_at__lte=DB_INSTANT_CEILING),
                name="time_off_dates_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interviewer}: {self.starts_at:%Y-%m-%d} – {self.ends_at:%Y-%m-%d}"


class CompanyHoliday(models.Model):
    """A company-wide day off, on top of the public holidays of the configured region."""

    date = SaneDateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date__gte=DB_DATE_FLOOR, date__lt=DB_DATE_CEILING), name="company_holiday_date_sane"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class RoundMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"


class InterviewRound(TimeStampedModel):
    """One step of a posting's interview plan: who, how long, how, and what to assess."""

    Mode = RoundMode

    posting = models.ForeignKey("postings.Posting", on_delete=models.CASCADE, related_name="interview_rounds")
    stage = models.ForeignKey(
        "pipelines.Stage", null=True, blank=True, on_delete=models.SET_NULL, related_name="interview_rounds"
    )
    name = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField(default=0)
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    address = models.CharField(max_length=200, blank=True, help_text="For in-person rounds")
    meeting_link = models.URLField(blank=True, help_text="For online rounds")
    interviewers_needed = models.PositiveSmallIntegerField(default=1)
    pool_name = models.CharField(
        max_length=80, blank=True, help_text='What the pool interviews for, e.g. "Go backend", "System design"'
    )
    pool = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="interview_pools")
    shadows = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="shadow_pools",
        help_text="Interviewers in training who may shadow this round (their scorecards carry no weight)",
    )
    instructions = models.TextField(blank=True, help_text="The interview kit: how to run this round")
    questions = models.TextField(blank=True, help_text="Suggested questions, one per line")

    class Meta:
        ordering = ["posting", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15, duration_minutes__lte=480), name="round_duration_sane"
            ),
            models.CheckConstraint(
                condition=Q(interviewers_needed__gte=1, interviewers_needed__lte=10), name="round_panel_size_sane"
            ),
            choices_constraint("mode", RoundMode, name="round_mode_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.duration_minutes} min)"

    @property
    def location_label(self) -> str:
        return self.address if self.mode == self.Mode.IN_PERSON else self.meeting_link


class ScorecardCriterion(models.Model):
    round = models.ForeignKey(InterviewRound, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name_plural = "scorecard criteria"
        ordering = ["round", "order", "id"]

    def __str__(self) -> str:
        return self.name


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"
    COMPLETED = "completed", "Completed"


class InterviewSource(models.TextChoices):
    RECRUITER = "recruiter", "Booked by the team"
    CANDIDATE = "candidate", "Booked by the candidate"


class Interview(PublicIdModel):
    Status = InterviewStatus
    Source = InterviewSource

    application = models.ForeignKey("pipelines.Application", on_delete=models.CASCADE, related_name="interviews")
    round = models.ForeignKey(
        InterviewRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="interviews"
    )
    title = models.CharField(max_length=120)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED, db_index=True)
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE, raised on every change")
    location = models.CharField(max_length=200, blank=True)
    meeting_url = models.URLField(blank=True)
    candidate_time_zone = models.CharField(max_length=64, default=DEFAULT_TIME_ZONE)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.RECRUITER)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="interview_ends_after_start"),
            choices_constraint("status", InterviewStatus, name="interview_status_valid"),
            choices_constraint("source", InterviewSource, name="interview_source_valid"),
            models.CheckConstraint(
                condition=Q(starts_at__gte=DB_INSTANT_FLOOR, ends_at__lte=DB_INSTANT_CEILING),
                name="interview_dates_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("interviews:detail", args=[self.public_id])

    @property
    def ical_uid(self) -> str:
        # Stable across reschedules and the cancel, so calendars update one event.
        return f"interview-{self.public_id}@recruiting.portal"


class InterviewPanelist(models.Model):
    """One interviewer's seat on one interview. `busy` is the interview's time widened by
    the interviewer's buffer; PostgreSQL refuses two overlapping busy ranges for one
    interviewer (exclusion constraint with btree_gist)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="panel")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interview_seats")
    busy = DateTimeRangeField()
    active = models.BooleanField(default=True, help_text="False once the interview is cancelled")
    shadow = models.BooleanField(default=False, help_text="In training: attends, but the scorecard carries no weight")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interview", "interviewer"], name="one_seat_per_interviewer"),
            ExclusionConstraint(
                name="no_double_booking",
                expressions=[("interviewer", RangeOperators.EQUAL), ("busy", RangeOperators.OVERLAPS)],
                condition=Q(active=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interviewer} on {self.interview}"


class SchedulingLink(PublicIdModel):
    """A signed, expiring invitation for the candidate to pick a slot for one round with
    a panel the recruiter chose. The URL token signs `public_id`; this row holds the rest."""

    application = models.ForeignKey("pipelines.Application", on_delete=models.CASCADE, related_name="scheduling_links")
    round = models.ForeignKey(InterviewRound, on_delete=models.CASCADE, related_name="scheduling_links")
    panel = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    interview = models.ForeignKey(Interview, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A link sent to move a booked interview (time off hit it): it offers only these
    # starts and moves that interview instead of booking a new one.
    reschedules = models.ForeignKey(
        Interview, null=True, blank=True, on_delete=models.CASCADE, related_name="reschedule_links"
    )
    allowed_starts = ArrayField(models.DateTimeField(), default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Self-scheduling link for {self.application} ({self.round.name})"


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class ScorecardRecommendation(models.TextChoices):
    STRONG_NO = "strong_no", "Strong no"
    NO = "no", "No"
    YES = "yes", "Yes"
    STRONG_YES = "strong_yes", "Strong yes"


class Scorecard(TimeStampedModel):
    """One panelist's feedback on one interview. Submitted scorecards are locked: a later
    edit keeps the previous content as a ScorecardRevision and marks the card."""

    Status = ScorecardStatus
    Recommendation = ScorecardRecommendation

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scorecards")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scorecards")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices, blank=True)
    notes = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0, help_text="Raised on submit and on every later edit")
    edited_after_submission = models.BooleanField(default=False)

    class Meta:
        ordering = ["interview", "interviewer"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "interviewer"], name="one_scorecard_per_panelist"),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(submitted_at__isnull=False) & ~Q(recommendation="")),
                name="submitted_scorecard_complete",
            ),
            choices_constraint("status", ScorecardStatus, name="scorecard_status_valid"),
            choices_constraint(
                "recommendation", ScorecardRecommendation, name="scorecard_recommendation_valid", blank=True
            ),
        ]

    def __str__(self) -> str:
        return f"Scorecard by {self.interviewer} for {self.interview}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class ScorecardRating(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(ScorecardCriterion, on_delete=models.CASCADE, related_name="ratings")
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=[(k, f"{k} — {v}") for k, v in RATING_ANCHORS.items()]
    )
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["scorecard", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="one_rating_per_criterion"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=4), name="rating_one_to_four"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.rating}"


class ScorecardRevision(models.Model):
    """The content of a submitted scorecard before an edit: an append-only history."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    edited_at = models.DateTimeField()
    previous = models.JSONField(help_text="recommendation, notes and ratings before the edit")

    class Meta:
        ordering = ["scorecard", "version"]
        constraints = [models.UniqueConstraint(fields=["scorecard", "version"], name="one_revision_per_version")]

    def __str__(self) -> str:
        return f"{self.scorecard} v{self.version}"


class RescheduleStatus(models.TextChoices):
    OPEN = "open", "Waiting for the recruiter"
    ACCEPTED = "accepted", "Re-booked"
    LINK_SENT = "link_sent", "New link sent to the candidate"
    DISMISSED = "dismissed", "Dismissed"


class RescheduleProposal(PublicIdModel):
    """Time off or a company holiday hit a booked interview: the earliest new times with
    the same panel, or with a substitute from the round's pool, for the recruiter to pick.
    `options` holds [{"start": ISO, "panel": [user ids], "substitute": "name or empty"}]."""

    Status = RescheduleStatus

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="reschedule_proposals")
    absent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cause = models.CharField(max_length=200)
    options = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            choices_constraint("status", RescheduleStatus, name="reschedule_status_valid"),
            models.UniqueConstraint(
                fields=["interview"], condition=Q(status="open"), name="one_open_reschedule_per_interview"
            ),
        ]

    def __str__(self) -> str:
        return f"Reschedule {self.interview}: {self.cause}"


class PostingInterviewSettings(models.Model):
    """A posting's interview settings. Blind CV review: interviewers see a redacted CV
    (no name, contact details, addresses, profile links, photos, date of birth, gender,
    marital status; colleges too when asked) until they submit their scorecard, and the
    candidate as an initial and a number."""

    posting = models.OneToOneField("postings.Posting", on_delete=models.CASCADE, related_name="interview_settings")
    blind_cv = models.BooleanField(default=False, help_text="Interviewers see a redacted CV until they submit")
    redact_colleges = models.BooleanField(default=False, help_text="Also remove college and university names")

    class Meta:
        verbose_name_plural = "posting interview settings"

    def __str__(self) -> str:
        return f"{self.posting}: {'blind' if self.blind_cv else 'open'} CV review"
