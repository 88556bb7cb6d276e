"""API list benchmark: `python bench/run.py api --applications 10000`.

One posting with that many applications (an interview for every tenth, an offer with
one revision for every one) lives in the benchmark database; re-runs reuse it. Measures
server time and SQL queries of each list endpoint's first page (50 items) as a
recruiter's token sees it, through Django's test client with `Authorization: Bearer`.
Prints one line per list endpoint; `n` is the number of applications (and of offers).
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
    from recruiting.offers.models import Offer
    from recruiting.pipelines.models import Application, Candidate, StageTransition
    from recruiting.pipelines.services import posting_stages_create
    from recruiting.postings.models import Posting

    recruiter, _ = User.objects.get_or_create(
        email="bench.api.recruiter@example.com", defaults={"full_name": "Bench Recruiter", "role": "recruiter"}
    )
    title = f"Bench API {size}"
    posting = Posting.objects.filter(title=title).first()
    if posting is not None and posting.applications.count() == size:
        _offers(posting)
        return recruiter, posting
    with transaction.atomic():
        if posting is not None:  # half-built by an interrupted run: start again
            Offer.objects.filter(application__posting=posting).update(current=None)
            Offer.objects.filter(application__posting=posting).delete()
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
    _offers(posting)
    return recruiter, posting


def _offers(posting) -> None:
    """An offer for every application of `posting` (one revision each; a tenth waiting for
    approval), unless they are there already: a run before offers were benchmarked built
    the applications only."""
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from recruiting.offers.models import Offer, OfferRevision, OfferState

    applications = list(posting.applications.filter(offer__isnull=True).order_by("pk"))
    if not applications:
        return
    today = timezone.localdate()
    with transaction.atomic():
        offers = Offer.objects.bulk_create(
            Offer(application=a, state=OfferState.PENDING_APPROVAL if i % 10 == 0 else OfferState.READY)
            for i, a in enumerate(applications)
        )
        revisions = OfferRevision.objects.bulk_create(
            OfferRevision(
                offer=offer,
                number=1,
                title="Bench Engineer",
                fixed_pay=Decimal(1_800_000 + (i % 50) * 10_000),
                variable_pay=Decimal(200_000),
                work_location="Chennai",
                joining_date=today + timedelta(days=45),
                expires_on=today + timedelta(days=7),
            )
            for i, offer in enumerate(offers)
        )
        for offer, revision in zip(offers, revisions, strict=True):
            offer.current = revision
        Offer.objects.bulk_update(offers, ["current"], batch_size=2000)


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
            "offers": (reverse("api:offers"), {}),
            "offers?posting&status": (
                reverse("api:offers"),
                {"posting": str(posting.public_id), "status": "pending_approval"},
            ),
        }
        for name, (url, params) in endpoints.items():

            def call(client=client, url=url, params=params):
                response = client.get(url, params)
                assert response.status_code == 200, response.content[:300]

            emit({"bench": "api", "endpoint": name, "n": size, **measure(call, repeat=args.repeat)})
