"""CSV import benchmark: `python bench/run.py import --rows 5000`.

Uploads a CSV of that many new people (each applying to one posting) as a recruiter,
confirms it through Django's test client, and prints one line: how long the confirm
request took to answer (`request_ms`: it only creates and queues the job), and how long
the job took to write every row with its record (`job_s`), run here in-process as a
worker would run it. Each run imports new people (the e-mails carry the run's stamp).
"""

from __future__ import annotations

import argparse
import time

from common import emit, setup_django


def _csv(rows: int, stamp: str, posting_title: str) -> str:
    lines = ["Name,Email,Phone,Designation,Experience,Notice period,Job,Tags"]
    for i in range(rows):
        lines.append(
            f"Bench Import {i},import.{stamp}.{i}@mail.example.com,+91 9{i % 10}{i:08d},Backend Engineer,"
            f'{i % 15},{(15, 30, 60)[i % 3]},{posting_title},"go, chennai-local"'
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench/run.py import")
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args(argv)
    setup_django()
    from unittest import mock

    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from recruiting.accounts.models import User
    from recruiting.pipelines import tasks
    from recruiting.pipelines.models import BackgroundJob, ImportBatch
    from recruiting.postings.models import Posting

    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=plain_static).enable()
    recruiter, _ = User.objects.get_or_create(
        email="bench.import.recruiter@example.com", defaults={"full_name": "Bench Recruiter", "role": "recruiter"}
    )
    manager, _ = User.objects.get_or_create(
        email="bench.import.manager@example.com", defaults={"full_name": "Bench Manager", "role": "hiring_manager"}
    )
    posting = Posting.objects.filter(title="Bench import posting").first()
    if posting is None:
        from recruiting.pipelines.services import posting_stages_create

        posting = Posting.objects.create(title="Bench import posting", hiring_manager=manager, status="open")
        posting_stages_create(posting=posting)
    client = Client()
    client.force_login(recruiter, backend="django.contrib.auth.backends.ModelBackend")
    stamp = str(int(time.time()))
    text = _csv(args.rows, stamp, posting.title)
    upload = SimpleUploadedFile("people.csv", text.encode(), content_type="text/csv")
    response = client.post(reverse("pipelines:import"), {"file": upload})
    assert response.status_code == 302, response.status_code
    batch = ImportBatch.objects.filter(created_by=recruiter).latest("created_at")

    queued: list[int] = []
    with mock.patch.object(tasks.run_background_job, "delay", side_effect=queued.append):
        started = time.perf_counter()
        response = client.post(reverse("pipelines:import_confirm", args=[batch.public_id]))
        request_ms = (time.perf_counter() - started) * 1000
    assert response.status_code == 302 and queued, response.status_code

    started = time.perf_counter()
    tasks.run_background_job.apply(args=[queued[0]])  # as a worker runs it
    job_s = time.perf_counter() - started
    job = BackgroundJob.objects.get(pk=queued[0])
    emit(
        {
            "bench": "import",
            "rows": args.rows,
            "request_ms": round(request_ms, 1),
            "job_s": round(job_s, 1),
            "rows_per_s": round(args.rows / job_s, 1),
            "status": job.status,
            "applied": job.applied,
            "refused": job.refused,
        }
    )
