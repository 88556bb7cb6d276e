"""Building a requested download: the rows chosen again with the requester's access,
written to storage with the progress counted every PROGRESS_EVERY rows."""

from __future__ import annotations

import csv
import io
import tempfile

from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from recruiting.core.exports import BOM, csv_cell, xlsx_workbook
from recruiting.reports.details import detail_for
from recruiting.reports.filters import scope_for
from recruiting.reports.models import ExportFormat, ReportExport
from recruiting.reports.registry import REPORTS, own_load_only

PROGRESS_EVERY = 2000


def _progress(export_id: int, done: int) -> None:
    ReportExport.objects.filter(pk=export_id).update(rows_done=done)


def report_export_build(*, export_id: int) -> str:
    """Build the file (safe to run again: a finished export is left alone, one whose
    worker died is built again). Returns the export's state."""
    with transaction.atomic():
        export = ReportExport.objects.select_for_update().select_related("requested_by").get(pk=export_id)
        if export.finished:
            return export.state
        export.state = ReportExport.State.RUNNING
        export.rows_done = 0
        export.save(update_fields=["state", "rows_done", "updated_at"])
    user = export.requested_by
    spec = REPORTS.get(export.report)
    if spec is None or not user.is_active or not user.has_role(*spec.roles):
        return _fail(export, "The requester may no longer open this report.")
    _form, scope = scope_for(user, _query(export.params))
    detail = detail_for(export.report, scope, user, own_only=own_load_only(user))
    if detail is None:
        return _fail(export, "This report has no rows to download.")
    total = detail.count()
    ReportExport.objects.filter(pk=export.pk).update(rows_total=total)
    stamp = f"{timezone.localtime():%Y%m%d-%H%M}"
    name = f"{export.report}-rows-{scope.date_from:%Y%m%d}-{scope.date_to:%Y%m%d}-{stamp}.{export.format}"
    with tempfile.TemporaryFile() as handle:
        if export.format == ExportFormat.CSV:
            _write_csv(handle, detail, export.pk)
        else:
            handle.write(
                xlsx_workbook(
                    [(detail.title, detail.header, detail.rows())],
                    progress=lambda done: _progress(export.pk, done),
                    every=PROGRESS_EVERY,
                )
            )
        handle.seek(0)
        export.file.save(name, File(handle), save=False)
    export.filename = name
    export.rows_done = total
    export.state = ReportExport.State.DONE
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "filename", "rows_done", "state", "finished_at", "updated_at"])
    return export.state


def _query(params: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in params.items():
        query[key] = value
    return query


def _write_csv(handle, detail, export_id: int) -> None:
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    text.write(BOM)
    writer.writerow([csv_cell(v) for v in detail.header])
    for done, row in enumerate(detail.rows(), start=1):
        writer.writerow([csv_cell(v) for v in row])
        if done % PROGRESS_EVERY == 0:
            _progress(export_id, done)
    text.flush()
    text.detach()


def _fail(export: ReportExport, reason: str) -> str:
    ReportExport.objects.filter(pk=export.pk).update(
        state=ReportExport.State.FAILED, error=reason[:300], finished_at=timezone.now()
    )
    return ReportExport.State.FAILED
