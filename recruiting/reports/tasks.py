"""Background work for reports: building large downloads."""

from __future__ import annotations

from celery import shared_task

from recruiting.reports.building import report_export_build
from recruiting.reports.retention import report_exports_purge


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_report_export(export_id: int) -> str:
    """Build one requested download (idempotent: see building.report_export_build)."""
    return report_export_build(export_id=export_id)


@shared_task(acks_late=True)
def purge_old_report_exports() -> int:
    """Beat job: delete downloads (rows and files) older than REPORT_EXPORT_KEEP_HOURS."""
    return report_exports_purge()
