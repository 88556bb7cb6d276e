"""Long work run in the background (a CSV import, a bulk action): its progress, and a
record of every row it handled.

A job's rows are written in chunks; each chunk's changes, the rows' records and the
job's counters commit together in one transaction, so whatever happens to the worker,
every row is either applied and recorded or neither, and a resumed run takes only the
rows without a record (issue 15 §4).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from recruiting.core.models import PublicIdModel, choices_constraint


class JobKind(models.TextChoices):
    IMPORT = "import", "CSV import"
    BULK = "bulk", "Bulk action"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Finished"
    FAILED = "failed", "Stopped by an error"


class RowOutcome(models.TextChoices):
    APPLIED = "applied", "Applied"
    REFUSED = "refused", "Refused"


class BackgroundJob(PublicIdModel):
    Kind = JobKind
    Status = JobStatus

    kind = models.CharField(max_length=6, choices=JobKind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=7, choices=JobStatus.choices, default=JobStatus.QUEUED)
    title = models.CharField(max_length=200, blank=True)
    params = models.JSONField(default=dict, blank=True, help_text="What to do (bulk: action, stage, reason, ids)")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            choices_constraint("kind", JobKind, name="backgroundjob_kind_valid"),
            choices_constraint("status", JobStatus, name="backgroundjob_status_valid"),
            models.CheckConstraint(condition=Q(done__lte=models.F("total")), name="backgroundjob_done_le_total"),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.public_id}"

    def get_absolute_url(self) -> str:
        return reverse("pipelines:job", args=[self.public_id])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def remaining(self) -> int:
        return max(self.total - self.done, 0)

    @property
    def applied(self) -> int:
        return self.done - self.refused

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else (100 if self.finished else 0)

    @property
    def stalled(self) -> bool:
        """Running (or queued) with no sign of life for a while: its worker is gone."""
        if self.finished:
            return False
        last = self.heartbeat_at or self.created_at
        return last is not None and (timezone.now() - last).total_seconds() > settings.JOB_STALE_SECONDS


class JobRow(models.Model):
    """What a job did with one row: a CSV line or an application of a bulk action."""

    Outcome = RowOutcome

    job = models.ForeignKey(BackgroundJob, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField(help_text="The row's place in the job (CSV line, selection order)")
    key = models.CharField(max_length=64, help_text="CSV line number or application id")
    outcome = models.CharField(max_length=7, choices=RowOutcome.choices)
    message = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True, help_text="The row's report line")

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "key"], name="jobrow_once_per_job"),
            choices_constraint("outcome", RowOutcome, name="jobrow_outcome_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.key} {self.outcome}"
