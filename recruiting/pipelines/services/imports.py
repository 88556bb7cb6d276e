"""Clean-up of CSV imports nobody confirmed."""

from __future__ import annotations

from django.utils import timezone


def import_batches_purge(*, older_than_hours: int = 24) -> int:
    """Drop unconfirmed CSV uploads after a day: personal data is kept no longer than needed."""
    from datetime import timedelta

    from recruiting.pipelines.models import ImportBatch

    cutoff = timezone.now() - timedelta(hours=older_than_hours)
    stale = ImportBatch.objects.filter(status=ImportBatch.Status.PENDING, created_at__lt=cutoff)
    return stale.delete()[0]
