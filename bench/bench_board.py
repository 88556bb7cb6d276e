"""Pipeline board benchmark: `python bench/run.py board --applications 50 5000`.

For each size, one posting with that many active applications spread over its stages
(candidates with tags, some flagged, some rated) lives in the benchmark database; re-runs
reuse it. Measures server time, SQL queries, HTML size (`bytes`) and this process's CPU
time per request (`cpu_ms`) of the full board page as its hiring manager sees it, through
Django's test client.
"""

from __future__ import annotations

import argparse
import time
from datetime import timedelta

from common import emit, measure, setup_django


def _posting_for(size: int):
    from django.db import transaction
    from django.utils import timezone

    from recruiting.accounts.models import User
    from recruiting.pipelines.models import Application, Candidate, StageTransition, Tag
    from recruiting.pipelines.services import posting_stages_create
    from recruiting.postings.models import Posting

    manager, _ = User.objects.get_or_create(
        email="bench.board.manager@example.com", defaults={"full_name": "Bench Manager", "role": "hiring_manager"}
    )
    title = f"Bench board {size}"
    posting = Posting.objects.filter(title=title, hiring_manager=manager).first()
    if posting is not None and posting.applications.count() == size:
        return manager, posting
    with transaction.atomic():
        if posting is not None:  # half-built by an interrupted run: start again
            StageTransition.objects.filter(application__posting=posting).delete()
            Candidate.objects.filter(applications__posting=posting).delete()
            posting.stages.all().delete()
            posting.delete()
        posting = Posting.objects.create(title=title, hiring_manager=manager, location="Chennai", status="open")
        stages = [s for s in posting_stages_create(posting=posting) if s.kind != "hired"]
        tags = [Tag.objects.get_or_create(name=name)[0] for name in ("golang", "postgres", "kafka", "referral-drive")]
        now = timezone.now()
        candidates = Candidate.objects.bulk_create(
            Candidate(
                full_name=f"Bench {size} person {i}",
                email=f"bench{size}.{i}@mail.example.com",
                email_normalised=f"bench{size}.{i}@mail.example.com",
                current_role="Backend Engineer",
                total_years=3 + i % 8,
                notice_period_days=(15, 30, 60, 90)[i % 4],
            )
            for i in range(size)
        )
        through = Candidate.tags.through
        through.objects.bulk_create(
            through(candidate_id=c.pk, tag_id=tags[j].pk)
            for i, c in enumerate(candidates)
            for j in range(len(tags))
            if (i + j) % 3 == 0
        )
        applications = Application.objects.bulk_create(
            Application(
                candidate=c,
                posting=posting,
                stage=stages[i % len(stages)],
                stage_entered_at=now - timedelta(hours=7 * i),
                is_flagged=i % 9 == 0,
                knockout_flags=["notice period 60 days > 15"] if i % 9 == 0 else [],
                average_rating="3.75" if i % 4 == 0 else None,
                source=("careers", "referral", "agency", "job_board")[i % 4],
            )
            for i, c in enumerate(candidates)
        )
        StageTransition.objects.bulk_create(
            StageTransition(application=a, to_stage=a.stage, to_state="active", at=a.stage_entered_at)
            for a in applications
        )
    return manager, posting


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench/run.py board")
    parser.add_argument("--applications", type=int, nargs="+", default=[50, 5000])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    # Production settings want collected, hashed static files; the benchmark measures
    # the view, so plain static URLs will do.
    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=plain_static).enable()

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics after bulk loads, as autovacuum would
    for size in args.applications:
        manager, posting = _posting_for(size)
        client = Client()
        client.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")
        url = reverse("pipelines:board", args=[posting.public_id])

        def board(client=client, url=url):
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            return response

        size_bytes = len(board().content)  # the page's HTML as sent (before compression)
        timings = measure(board, repeat=args.repeat)
        # CPU of this process per request (view, templates, middleware, test client; not
        # PostgreSQL's): steadier than wall time on a busy machine.
        started = time.process_time()
        for _ in range(args.repeat):
            board()
        cpu_ms = round((time.process_time() - started) * 1000 / args.repeat, 2)
        emit({"bench": "board", "n": size, **timings, "bytes": size_bytes, "cpu_ms": cpu_ms})
