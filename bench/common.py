"""Shared set-up for benchmarks: a separate PostgreSQL database, Django configured,
timing helpers that report p50/p95 and query counts."""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable


def setup_django(database: str | None = None) -> None:
    """Point Django at a benchmark database (created and migrated when missing):
    `bench_recruiting`, or the one $BENCH_DATABASE names (two checkouts with different
    migrations should not share one)."""
    database = database or os.environ.get("BENCH_DATABASE") or "bench_recruiting"
    from recruiting.core import devdb

    # BENCH_DATABASE keeps benchmarks of two checkouts on one server apart.
    database = os.environ.get("BENCH_DATABASE") or database
    base = os.environ.get("DATABASE_URL")
    if not base:
        base = (
            "postgres://postgres@127.0.0.1:5432/postgres"
            if devdb.local_server_reachable()
            else devdb.embedded_url("postgres")
        )
    url = base.rsplit("/", 1)[0] + "/" + database
    if "?" in base:
        url += "?" + base.split("?", 1)[1]
    devdb.ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruiting.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def measure(func: Callable[[], object], *, repeat: int = 30, warmup: int = 3) -> dict:
    """Run `func` and return p50/p95 in ms and the query count of one run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        func()
    with CaptureQueriesContext(connection) as ctx:
        func()
    # Read now: the next request (request_started) clears the connection's query log.
    queries = len(ctx.captured_queries)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return {
        "queries": queries,
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(p95, 2),
    }


def emit(record: dict) -> None:
    print(json.dumps(record), flush=True)


def book_hours(people: list, application, *, days: range, booked: int) -> int:
    """Book up to `booked` one-hour interviews for `application` over the working days
    `days` (offsets from today), on odd hours from 9 to 15, never two at once for one
    person (the exclusion constraint would refuse it), 15-minute buffers; seeded, so every
    run books the same. Returns how many were booked."""
    import random
    from datetime import time as clock
    from datetime import timedelta

    from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
    from django.utils import timezone

    from recruiting.interviews.models import Interview, InterviewPanelist

    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    cells = [
        (person, offset, hour)
        for person in people
        for offset in days
        for hour in range(9, 17, 2)
        if (today + timedelta(days=offset)).weekday() < 5
    ]
    random.Random(42).shuffle(cells)
    interviews, seats = [], []
    for person, offset, hour in cells[:booked]:
        start = timezone.make_aware(timezone.datetime.combine(today + timedelta(days=offset), clock(hour)), tz)
        end = start + timedelta(hours=1)
        interviews.append(Interview(application=application, title="Bench", starts_at=start, ends_at=end))
        seats.append((person, start, end))
    created = Interview.objects.bulk_create(interviews)
    InterviewPanelist.objects.bulk_create(
        InterviewPanelist(
            interview=interview,
            interviewer=person,
            busy=DateTimeTZRange(start - timedelta(minutes=15), end + timedelta(minutes=15), "[)"),
        )
        for interview, (person, start, end) in zip(created, seats, strict=True)
    )
    return len(created)


def interview_world(tag: str, posting_title: str, *, interviewers: int, name: str, caps: dict):
    """The scheduling benchmarks' data, fresh each run: a posting with one application
    and `interviewers` people (settings `caps`) free 9:00-18:00 every weekday. Returns
    (posting, application, people); what an earlier run with this `tag` left is dropped."""
    from datetime import time

    from recruiting.accounts.models import User
    from recruiting.interviews.models import (
        AvailabilityWindow,
        Interview,
        InterviewerSettings,
        InterviewPanelist,
        InterviewRound,
    )
    from recruiting.pipelines.models import Candidate
    from recruiting.pipelines.services import application_create
    from recruiting.postings.models import Posting

    old = User.objects.filter(email__endswith=f"@{tag}.test")
    InterviewPanelist.objects.filter(interviewer__in=old).delete()
    Interview.objects.filter(application__candidate__email__endswith=f"@{tag}.test").delete()
    AvailabilityWindow.objects.filter(interviewer__in=old).delete()
    manager, _ = User.objects.get_or_create(email=f"manager@{tag}.test", defaults={"role": "hiring_manager"})
    posting = Posting.objects.filter(title=posting_title).first() or Posting.objects.create(
        title=posting_title, hiring_manager=manager, status="open"
    )
    InterviewRound.objects.filter(posting=posting).delete()
    candidate = Candidate.objects.filter(email=f"candidate@{tag}.test").first() or Candidate.objects.create(
        full_name="Bench Candidate", email=f"candidate@{tag}.test"
    )
    application, _ = application_create(candidate=candidate, posting=posting)
    people = []
    for index in range(interviewers):
        user, _ = User.objects.get_or_create(
            email=f"interviewer{index}@{tag}.test", defaults={"role": "interviewer", "full_name": f"{name} {index}"}
        )
        InterviewerSettings.objects.update_or_create(user=user, defaults=caps)
        AvailabilityWindow.objects.bulk_create(
            AvailabilityWindow(interviewer=user, weekday=day, start=time(9), end=time(18)) for day in range(5)
        )
        people.append(user)
    return posting, application, people
