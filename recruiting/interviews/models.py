"""Interviews: who interviews whom, when. Double booking is impossible in the database."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import Q

from recruiting.core.models import PublicIdModel


class Interview(PublicIdModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"

    application = models.ForeignKey("pipelines.Application", on_delete=models.CASCADE, related_name="interviews")
    title = models.CharField(max_length=120)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED, db_index=True)
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE, raised on every change")
    location = models.CharField(max_length=200, blank=True)
    meeting_url = models.URLField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="interview_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.title} · {self.starts_at:%Y-%m-%d %H:%M}"


class InterviewPanelist(models.Model):
    """One interviewer's seat on one interview. `busy` is the interview's time widened by
    the interviewer's buffer; PostgreSQL refuses two overlapping busy ranges for one
    interviewer (exclusion constraint with btree_gist)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="panel")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interview_seats")
    busy = DateTimeRangeField()
    active = models.BooleanField(default=True, help_text="False once the interview is cancelled")

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
