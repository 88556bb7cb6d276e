"""API list benchmark: `python bench/run.py api --applications 10000`.

One posting with that many applications (and an interview for every tenth) lives in the
benchmark database; re-runs reuse it. Measures server time and SQL queries of each list
endpoint's first page (50 items) as a recruiter's token sees it, through Django's test
client with `Authorization: Bearer`. Prints one line per list endpoint.
"""

from __future__ import annotations

import argparse
from datetime import timedelta

from common import emit, measure, setup_django


def _world(size: int):
    from django.db import transaction
    from django.utils import timezone

    from recruiting.accounts.models import User
    from recruiting.interviews.models import Interview
    from recruiting.pipelines.models import Application, Candidate, StageTransition
    from recruiting.pipelines.services import posting_stages_create
    from recruiting.postings.models import Posting

    recruiter, _ = User.objects.get_or_create(
        email="bench.api.recruiter@example.com", defaults={"full_name": "Bench Recruiter", "role": "recruiter"}
    )
    title = f"Bench API {size}"
    posting = Posting.objects.filter(title=title).first()
    if posting is not None and posting.applications.count() == size:
        return recruiter, posting
    with transaction.atomic():
        if posting is not None:  # half-built by an interrupted run: start again
            Interview.objects.filter(application__posting=posting).delete()
            StageTransition.objects.filter(application__posting=posting).delete()
            Candidate.objects.filter(applications__posting=posting).delete()
            posting.stages.all().delete()
            posting.delete()
        posting = Posting.objects.create(
            title=title, hiring_manager=recruiter, location="Chennai", status="open", opened_at=timezone.now()
        )
        stages = [s for s in posting_stages_create(posting=posting) if s.kind != "hired"]
        now = timezone.now()
        candidates = Candidate.objects.bulk_create(
            Candidate(
                full_name=f"Bench API {size} person {i}",
                email=f"benchapi{size}.{i}@mail.example.com",
                email_normalised=f"benchapi{size}.{i}@mail.example.com",
            )
            for i in range(size)
        )
        applications = Application.objects.bulk_create(
            Application(
                candidate=c,
                posting=posting,
                stage=stages[i % len(stages)],
                stage_entered_at=now - timedelta(hours=i),
                source=("careers", "referral", "agency", "job_board")[i % 4],
            )
            for i, c in enumerate(candidates)
        )
        Interview.objects.bulk_create(
            Interview(
                application=a,
                title=f"Technical: {a.candidate.full_name}",
                starts_at=now + timedelta(days=1, hours=i),
                ends_at=now + timedelta(days=1, hours=i + 1),
            )
            for i, a in enumerate(applications[::10])
        )
    return recruiter, posting


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench/run.py api")
    parser.add_argument("--applications", type=int, nargs="+", default=[10000])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from recruiting.api.scopes import ALL_SCOPES
    from recruiting.api.tokens import token_create

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics after bulk loads, as autovacuum would
    from django.conf import settings

    settings.API_RATE_LIMIT = 10**9
    for size in args.applications:
        recruiter, posting = _world(size)
        _token, text = token_create(name="bench", user=recruiter, scopes=ALL_SCOPES)
        client = Client(headers={"Authorization": f"Bearer {text}"})
        endpoints = {
            "postings": (reverse("api:postings"), {}),
            "applications": (reverse("api:applications"), {}),
            "applications?posting&state": (
                reverse("api:applications"),
                {"posting": str(posting.public_id), "state": "active"},
            ),
            "interviews": (reverse("api:interviews"), {}),
        }
        for name, (url, params) in endpoints.items():

            def call(client=client, url=url, params=params):
                response = client.get(url, params)
                assert response.status_code == 200, response.content[:300]

            emit({"bench": "api", "endpoint": name, "n": size, **measure(call, repeat=args.repeat)})
