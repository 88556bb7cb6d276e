"""How long background downloads are kept: a file of many candidates' rows cannot follow
one person's erasure, so every download is deleted (row and file) after
REPORT_EXPORT_KEEP_HOURS by the `purge-old-report-exports` beat job."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from recruiting.reports.models import ReportExport

logger = logging.getLogger(__name__)


def report_exports_purge(*, now: datetime | None = None) -> int:
    """Delete the downloads requested more than REPORT_EXPORT_KEEP_HOURS ago, whatever
    their state, with their files. A file is removed only once its row is gone for good
    (on commit), so no row ever points at a missing file; a file that cannot be removed
    then is logged with its name for an operator. Returns how many were deleted."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.REPORT_EXPORT_KEEP_HOURS)
    with transaction.atomic():
        expired = list(
            ReportExport.objects.select_for_update(skip_locked=True)
            .filter(created_at__lt=cutoff)
            .values_list("pk", "file")
        )
        ReportExport.objects.filter(pk__in=[pk for pk, _name in expired]).delete()
        names = [name for _pk, name in expired if name]
        if names:
            storage = ReportExport._meta.get_field("file").storage
            transaction.on_commit(lambda: _delete_files(storage, names))
    return len(expired)


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # one stuck file must not keep the others
            logger.exception("could not delete the expired report download %s", name)
