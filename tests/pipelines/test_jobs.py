"""Background jobs (CSV import, bulk actions): progress on the job's page, a record per
row written with the row's change, an interrupted run that resumes without applying any
row twice, and the same with a real Celery worker killed mid-way."""

from __future__ import annotations

import os
import signal
from datetime import timedelta
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from recruiting.pipelines import importer
from recruiting.pipelines.bulk import bulk_job_run
from recruiting.pipelines.jobs import JobNotResumable, job_resume, job_run
from recruiting.pipelines.models import Application, BackgroundJob, Candidate, ImportBatch, JobRow
from recruiting.pipelines.tasks import job_enqueue
from tests.notifications import test_worker
from tests.pipelines.factories import posting_for

RUNNERS = {"import": importer.import_job_run, "bulk": bulk_job_run}
# The real-worker fixtures of the outbox's worker tests.
broker, queue_name, start_worker = test_worker.broker, test_worker.queue_name, test_worker.start_worker


def people_csv(rows: int, *, bad_every: int = 0) -> str:
    lines = ["Name,Email,Phone,Experience,Job"]
    for i in range(rows):
        email = "broken" if bad_every and i % bad_every == 0 else f"person{i}@example.com"
        lines.append(f"Person {i},{email},+91 98{i:08d},{i % 12},Backend Engineer")
    return "\n".join(lines) + "\n"


def make_batch(recruiter, rows: int, **kwargs) -> ImportBatch:
    text = people_csv(rows, **kwargs)
    headers, _ = importer.read_csv(text)
    return ImportBatch.objects.create(
        created_by=recruiter, filename="people.csv", content=text, mapping=importer.guess_mapping(headers)
    )


@pytest.fixture
def posting(hiring_manager):
    return posting_for(hiring_manager, title="Backend Engineer")


# --- in-process --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_interrupted_import_leaves_exactly_its_recorded_rows_and_resumes_the_rest(recruiter, posting):
    batch = make_batch(recruiter, 250, bad_every=50)
    job = importer.import_start(batch=batch, actor=recruiter)
    real = importer._row_intake

    def dies_on_line_150(result, **kwargs):
        if result.line == 150:
            raise KeyboardInterrupt  # the worker is killed: nothing catches this
        return real(result, **kwargs)

    with (
        mock.patch.object(importer, "IMPORT_CHUNK", 100),
        mock.patch.object(importer, "_row_intake", side_effect=dies_on_line_150),
        pytest.raises(KeyboardInterrupt),
    ):
        job_run(job.pk, runners=RUNNERS)

    # The first chunk (lines 2-101) committed with its records; the second rolled back whole.
    job.refresh_from_db()
    assert (job.status, job.done, job.refused, job.remaining) == ("running", 100, 2, 150)
    recorded = set(JobRow.objects.filter(job=job).values_list("key", flat=True))
    assert recorded == {str(line) for line in range(2, 102)}
    assert Candidate.objects.count() == 98  # exactly the applied records
    assert JobRow.objects.filter(job=job, outcome="refused", message__contains="bad e-mail").count() == 2

    with pytest.raises(JobNotResumable):  # its runner has only just stopped reporting
        job_resume(job=job)
    BackgroundJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    job.refresh_from_db()
    assert job.stalled
    job_resume(job=job)
    assert job_run(job.pk, runners=RUNNERS) == "done"

    job.refresh_from_db()
    assert (job.status, job.done, job.refused, job.remaining) == ("done", 250, 5, 0)
    assert JobRow.objects.filter(job=job).count() == 250
    assert Candidate.objects.count() == 245 and Application.objects.filter(posting=posting).count() == 245
    batch.refresh_from_db()
    assert batch.status == "imported" and batch.content == "" and len(batch.report) == 250
    assert job_run(job.pk, runners=RUNNERS) == "skipped"  # a late redelivery changes nothing


@pytest.mark.django_db
def test_a_second_runner_of_a_running_job_steps_aside(recruiter, posting):
    job = importer.import_start(batch=make_batch(recruiter, 3), actor=recruiter)
    BackgroundJob.objects.filter(pk=job.pk).update(status="running", heartbeat_at=timezone.now())
    assert job_run(job.pk, runners=RUNNERS) == "busy"
    assert not JobRow.objects.exists() and not Candidate.objects.exists()


@pytest.mark.django_db
def test_the_jobs_page_polls_a_small_fragment_until_the_report(
    client_for, recruiter, posting, django_assert_num_queries
):
    batch = make_batch(recruiter, 30, bad_every=10)
    job = importer.import_start(batch=batch, actor=recruiter)
    client = client_for(recruiter)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'data-testid="job-remaining">30<' in page
    with django_assert_num_queries(3):  # session, user, job
        fragment = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
    content = fragment.content.decode()
    assert content.lstrip().startswith('<section id="job-progress"') and "<html" not in content
    assert '<progress value="0" max="30"' in content

    job_run(job.pk, runners=RUNNERS)
    done = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in done  # polling stops with the report
    assert 'data-testid="job-applied">27<' in done and 'data-testid="job-refused">3<' in done
    assert done.count('<tr class="job-') == 30 and "bad e-mail" in done
    # The import page of a confirmed batch leads to its job, even after a reload.
    assert client.get(f"/pipelines/candidates/import/{batch.public_id}/")["Location"] == job.get_absolute_url()


@pytest.mark.django_db
def test_a_stalled_job_offers_resume_and_resumes(client_for, recruiter, posting, django_capture_on_commit_callbacks):
    job = importer.import_start(batch=make_batch(recruiter, 5), actor=recruiter)
    BackgroundJob.objects.filter(pk=job.pk).update(status="running", heartbeat_at=timezone.now() - timedelta(hours=1))
    client = client_for(recruiter)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'data-testid="job-stopped"' in page and "every 1s" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/pipelines/applications/jobs/{job.public_id}/resume/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "done" and Candidate.objects.count() == 5
    again = client.post(f"/pipelines/applications/jobs/{job.public_id}/resume/", follow=True)
    assert "finished or still running" in again.content.decode()


@pytest.mark.django_db
def test_a_bulk_job_of_500_applications_records_each_once(client_for, hiring_manager, posting):
    from recruiting.pipelines.bulk import bulk_start
    from tests.factories import ApplicationFactory

    apps = [ApplicationFactory(posting=posting) for _ in range(30)]
    selected = [str(a.public_id) for a in apps] + [str(apps[0].public_id), "not-an-id"]
    job = bulk_start(actor=hiring_manager, action="tag", selected=selected, versions={}, options={"tags": ["x"]})
    assert job.total == 31  # duplicates dropped
    job_run(job.pk, runners=RUNNERS)
    job.refresh_from_db()
    assert (job.status, job.applied, job.refused) == ("done", 30, 1)
    assert Candidate.objects.filter(tags__name="x").count() == 30


# --- with a real worker ------------------------------------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_imports_in_the_background_and_a_killed_worker_is_taken_over(
    broker,  # noqa: F811 - the fixture above
    start_worker,  # noqa: F811
    recruiter,
    posting,
    tmp_path,
):
    _logs, _wait_for = test_worker._logs, test_worker._wait_for

    rows = 600
    batch = make_batch(recruiter, rows)
    with transaction.atomic():
        job = importer.import_start(batch=batch, actor=recruiter)
        job_enqueue(job)  # to the broker, on commit

    os.environ["JOB_STALE_SECONDS"] = "3"  # read by the workers started below
    try:
        first = start_worker(name="first")
        progress = lambda: BackgroundJob.objects.values_list("done", flat=True).get(pk=job.pk)  # noqa: E731
        _wait_for(lambda: progress() >= 100, timeout=90, what=f"the first chunk\n{_logs(tmp_path)}")
        os.killpg(first.pid, signal.SIGKILL)  # mid-way, between or inside chunks
        first.wait(timeout=10)
        assert progress() < rows, "the job finished before the worker could be killed"
        start_worker(name="second")
        _wait_for(
            lambda: BackgroundJob.objects.values_list("status", flat=True).get(pk=job.pk) == "done",
            timeout=120,
            what=f"the second worker to finish the job\n{_logs(tmp_path)}",
        )
    finally:
        del os.environ["JOB_STALE_SECONDS"]
    job.refresh_from_db()
    assert (job.done, job.refused) == (rows, 0)
    assert JobRow.objects.filter(job=job).count() == rows
    assert Candidate.objects.count() == rows  # no row applied twice
    batch.refresh_from_db()
    assert batch.status == "imported"
