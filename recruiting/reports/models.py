"""Reports own one table: the downloads built in the background (large detail exports)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q

from recruiting.core.models import PublicIdModel, choices_constraint


def export_upload_to(instance, filename: str) -> str:
    return f"report-exports/{uuid.uuid4().hex}"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"


class ExportState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Being built"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class ReportExport(PublicIdModel):
    """One requested download of a report's rows. Only its requester may see or fetch it;
    the rows are chosen again with the requester's access when the task runs."""

    State = ExportState

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    report = models.CharField(max_length=40)
    params = models.JSONField(default=dict, blank=True, help_text="The report's filters, as in its URL")
    format = models.CharField(max_length=4, choices=ExportFormat.choices, default=ExportFormat.CSV)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=export_upload_to, max_length=200, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=300, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            choices_constraint("state", ExportState, name="report_export_state_valid"),
            choices_constraint("format", ExportFormat, name="report_export_format_valid"),
            models.CheckConstraint(condition=~Q(state="done") | ~Q(file=""), name="report_export_done_has_file"),
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.format}) for {self.requested_by_id}: {self.state}"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(100 * self.rows_done / self.rows_total))

    @property
    def expires_at(self):
        """When the beat job deletes it (retention.report_exports_purge)."""
        return self.created_at + timedelta(hours=settings.REPORT_EXPORT_KEEP_HOURS)

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class ApplicationFact(models.Model):
    """The rollup: one narrow row per application with what the reports count, so they
    scan 100,000 small rows instead of joining the stage history. Written only by
    PostgreSQL triggers on applications, transitions, stages and interviews (migration
    0002) and rebuilt from those tables by `manage.py reports_rebuild`; never by Django.
    Plain ids, not foreign keys: the triggers keep it in step, deletes included."""

    application_id = models.BigIntegerField(primary_key=True)
    posting_id = models.BigIntegerField()
    source = models.CharField(max_length=10)
    state = models.CharField(max_length=10)
    stage_id = models.BigIntegerField()
    stage_entered_at = models.DateTimeField()
    rejection_reason_id = models.BigIntegerField(null=True)
    referred_by_id = models.BigIntegerField(null=True)
    knockout_flags = models.JSONField(null=True, help_text="The flags when there are any")
    created_at = models.DateTimeField()
    furthest_order = models.SmallIntegerField(default=0, help_text="The furthest stage reached (its order)")
    offered = models.BooleanField(default=False, help_text="Reached a stage of kind offer or hired")
    interviewed = models.BooleanField(default=False, help_text="Has an interview that was not cancelled")
    hired_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["created_at", "posting_id"], name="fact_created"),
            models.Index(fields=["hired_at"], name="fact_hired", condition=Q(hired_at__isnull=False)),
            models.Index(fields=["posting_id"], name="fact_active", condition=Q(state="active")),
            models.Index(fields=["created_at"], name="fact_flagged", condition=Q(knockout_flags__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"application {self.application_id}"


class Stay(models.Model):
    """The rollup of the stage history: one row per stay in a stage (from a transition
    into it as active to the application's next transition), written by the triggers."""

    transition_id = models.BigIntegerField(primary_key=True)
    application_id = models.BigIntegerField(db_index=True)
    posting_id = models.BigIntegerField()
    source = models.CharField(max_length=10)
    stage_id = models.BigIntegerField()
    entered_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True)
    # The days in the portal's time zone (reports_time_zone(), set from TIME_ZONE by the
    # migration and by reports_rebuild), so reports do not convert 200,000 timestamps.
    entered_day = models.DateField()
    left_day = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["left_at"], name="stay_left", condition=Q(left_at__isnull=False))]

    def __str__(self) -> str:
        return f"stay {self.transition_id}"
