"""Background jobs (issue 15 §4): a CSV import of up to 5,000 rows or a bulk action on up
to 500 applications runs as a Celery task (in-process when no broker is set), with its
progress on the job's page.

The request only creates the job and queues it. `job_run` claims the job (one runner at
a time; a job whose runner stopped reporting may be claimed again) and handles the rows
without a record, a chunk per transaction: the chunk's changes, one JobRow per row and
the job's counters commit together. An interrupted run therefore leaves every row either
applied and recorded or untouched and unrecorded; resuming takes up the rest, and the
report (the JobRows) says exactly what was and was not applied.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone

from recruiting.pipelines.models_jobs import BackgroundJob, JobRow, JobStatus, RowOutcome

logger = logging.getLogger(__name__)

Handled = tuple[str, str, dict]  # (outcome, message, report data) for one row


class JobNotResumable(Exception):
    """The job is finished, or still running with a live runner."""


def job_create(*, kind: str, actor, title: str, total: int, params: dict | None = None) -> BackgroundJob:
    """A queued job; the caller queues its task on commit (`tasks.job_enqueue`)."""
    return BackgroundJob.objects.create(
        kind=kind, created_by=actor, title=title[:200], total=total, params=params or {}
    )


def job_resume(*, job: BackgroundJob) -> BackgroundJob:
    """Make a failed or stalled job runnable again (its recorded rows stay as they are)."""
    with transaction.atomic():
        locked = BackgroundJob.objects.select_for_update().get(pk=job.pk)
        if locked.status == JobStatus.DONE or not (locked.status == JobStatus.FAILED or locked.stalled):
            raise JobNotResumable("This job is finished or still running.")
        locked.status = JobStatus.QUEUED
        locked.error = ""
        locked.heartbeat_at = timezone.now()
        locked.save(update_fields=["status", "error", "heartbeat_at", "updated_at"])
    return locked


def job_claim(job_id: int) -> BackgroundJob | None:
    """Take the job for this runner: queued, or running without a sign of life."""
    with transaction.atomic():
        job = BackgroundJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return None
        if job.status == JobStatus.RUNNING and not job.stalled:
            return None  # another runner is at it
        now = timezone.now()
        job.status = JobStatus.RUNNING
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.save(update_fields=["status", "started_at", "heartbeat_at", "updated_at"])
    return job


def job_finish(*, job: BackgroundJob, error: str = "") -> None:
    now = timezone.now()
    job.status = JobStatus.FAILED if error else JobStatus.DONE
    job.error = error[:2000]
    job.finished_at = None if error else now
    job.heartbeat_at = now
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=job.status, error=job.error, finished_at=job.finished_at, heartbeat_at=now, updated_at=now
    )


def job_process(
    job: BackgroundJob,
    rows: Iterable[tuple[int, str]],
    handle: Callable[[int, str], Handled],
    *,
    chunk: int,
    after_chunk: Callable[[list[JobRow]], None] | None = None,
    handle_chunk: Callable[[list[tuple[int, str]]], list[Handled]] | None = None,
) -> bool:
    """Handle every (position, key) row without a record, `chunk` rows per transaction.

    With `handle_chunk`, a chunk's rows are first handled together (one call, in a
    savepoint, returning one Handled per row in order); if that raises, the savepoint is
    rolled back and the chunk is handled row by row instead. Row by row, a row whose
    handler raises is refused with the reason (its savepoint rolled back); the others go
    on. Each chunk locks the job row: a second runner of the same job waits, and then
    finds the rows recorded (the (job, key) constraint is the last word).
    False when the job was taken from this runner on the way (nothing more to do here)."""
    recorded = set(JobRow.objects.filter(job=job).values_list("key", flat=True))
    pending = [(position, key) for position, key in rows if key not in recorded]
    for start in range(0, len(pending), chunk):
        part = pending[start : start + chunk]
        with transaction.atomic():
            locked = BackgroundJob.objects.select_for_update().get(pk=job.pk)
            if locked.status != JobStatus.RUNNING:
                return False  # resumed elsewhere or stopped
            handled = _handle_together(job, part, handle_chunk) if handle_chunk is not None else None
            if handled is None:
                handled = [_handle_one(job, position, key, handle) for position, key in part]
            records = [
                JobRow(job=job, position=position, key=key, outcome=outcome, message=message[:500], data=data)
                for (position, key), (outcome, message, data) in zip(part, handled, strict=True)
            ]
            JobRow.objects.bulk_create(records)
            if after_chunk is not None:
                after_chunk(records)
            locked.done += len(records)
            locked.refused += sum(r.outcome == RowOutcome.REFUSED for r in records)
            locked.heartbeat_at = timezone.now()
            locked.save(update_fields=["done", "refused", "heartbeat_at", "updated_at"])
        job.done, job.refused = locked.done, locked.refused
    return True


def _handle_together(
    job: BackgroundJob, part: list[tuple[int, str]], handle_chunk: Callable[[list[tuple[int, str]]], list[Handled]]
) -> list[Handled] | None:
    """The chunk's rows handled by one call, or None (nothing of it kept) if it raised."""
    try:
        with transaction.atomic():
            handled = handle_chunk(part)
            if len(handled) != len(part):
                raise ValueError(f"{len(handled)} results for {len(part)} rows")
            return handled
    except Exception as exc:  # the chunk's rows are tried one by one, each on its own
        logger.warning("job %s rows %s-%s together failed, one by one now: %s", job.pk, part[0][1], part[-1][1], exc)
        return None


def _handle_one(job: BackgroundJob, position: int, key: str, handle: Callable[[int, str], Handled]) -> Handled:
    try:
        with transaction.atomic():
            return handle(position, key)
    except Exception as exc:  # reported on the row; the rest of the job goes on
        logger.warning("job %s row %s failed: %s", job.pk, key, exc)
        return RowOutcome.REFUSED, f"could not be saved ({exc})", {}


def job_run(job_id: int, *, runners: dict[str, Callable[[BackgroundJob], None]]) -> str:
    """Run (or resume) a job to its end with the runner for its kind; what the task
    calls. Safe to call twice. "busy": another runner holds it and still reports."""
    job = job_claim(job_id)
    if job is None:
        current = BackgroundJob.objects.filter(pk=job_id).values_list("status", flat=True).first()
        return "busy" if current in (JobStatus.QUEUED, JobStatus.RUNNING) else "skipped"
    try:
        runners[job.kind](job)
    except Exception as exc:
        logger.exception("job %s stopped", job.pk)
        job_finish(job=job, error=f"{type(exc).__name__}: {exc}")
        return "failed"
    job.refresh_from_db(fields=["status"])
    if job.status == JobStatus.RUNNING:
        job_finish(job=job)
    return "done"


def job_report(job: BackgroundJob, *, limit: int = 5000) -> list[JobRow]:
    return list(job.rows.order_by("position")[:limit])
