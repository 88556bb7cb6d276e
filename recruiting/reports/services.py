"""Background downloads of a report's rows: requested by a person, built by a task
(recruiting.reports.building) with its progress counted, fetched only by that person."""

from __future__ import annotations

from django.db import transaction

from recruiting.audit.services import audit_record
from recruiting.reports.models import ExportFormat, ReportExport
from recruiting.reports.registry import REPORTS
from recruiting.reports.tasks import build_report_export


class ExportRefused(Exception):
    """The export cannot be made (a report without rows, or one the user may not open)."""


def report_export_request(*, user, report: str, params: dict[str, str], format: str) -> ReportExport:  # noqa: A002
    """Queue the download of `report`'s rows with the filters `params` (as in its URL)."""
    spec = REPORTS.get(report)
    if spec is None or not user.has_role(*spec.roles):
        raise ExportRefused("You cannot open this report.")
    if report == "offers":
        raise ExportRefused("The offers report has no rows to download yet.")
    if format not in ExportFormat.values:
        raise ExportRefused("Choose CSV or XLSX.")
    with transaction.atomic():
        export = ReportExport.objects.create(requested_by=user, report=report, params=params, format=format)
        audit_record(
            actor=user,
            action="reports.export",
            obj=export,
            label=f"{spec.title} rows ({format})",
            after={"report": report, "filters": params, "format": format},
        )
        transaction.on_commit(lambda: build_report_export.delay(export.pk))
    return export
