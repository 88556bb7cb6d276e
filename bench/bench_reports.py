"""Reports at scale: `python bench/run.py reports --applications 100000`.

Builds (once; re-runs reuse it) N applications over 40 postings with 12 months of stage
history in the benchmark database: each application walks the stages some way (most
stop early), older ones end rejected or withdrawn, some are hired; a third of those past
the screen get an interview with a panelist and most of those a scorecard. Then times
each report's page fragment (filters and report as a recruiter sees them, default range:
the last 12 months) through its view, and prints one JSON line per report with its SQL
queries and p50/p95.
"""

from __future__ import annotations

import argparse
import random
from contextlib import contextmanager
from datetime import timedelta

from common import emit, measure, setup_django

POSTINGS = 40
INTERVIEWERS = 60
MANAGERS = 12
TAG = "bench-reports"
# How far applications get: Applied 45%, Screen 25%, Technical 13%, System design 7%,
# Hiring manager 5%, Offer 2%, Hired 3%.
FURTHEST = [0] * 45 + [1] * 25 + [2] * 13 + [3] * 7 + [4] * 5 + [5] * 2 + [6] * 3


@contextmanager
def _own_timestamps(*models):
    """Let bulk_create keep the history's created_at (auto_now_add would stamp now)."""
    fields = [m._meta.get_field("created_at") for m in models]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


def _world(size: int):
    from django.db import connection, transaction
    from django.utils import timezone
    from psycopg.types.range import Range

    from recruiting.accounts.models import User
    from recruiting.interviews.models import Interview, InterviewPanelist, Scorecard
    from recruiting.pipelines.models import Application, Candidate, RejectionReason, StageTransition
    from recruiting.pipelines.services import posting_stages_create
    from recruiting.postings.models import Posting

    recruiter, _ = User.objects.get_or_create(
        email="bench.reports.recruiter@example.com", defaults={"full_name": "Bench Recruiter", "role": "recruiter"}
    )
    have = Application.objects.filter(posting__team=TAG).count()
    if have == size:
        return recruiter
    rng = random.Random(12)
    with transaction.atomic():
        if have:  # another size, or an interrupted run: start again
            apps = Application.objects.filter(posting__team=TAG)
            Interview.objects.filter(application__in=apps).delete()
            StageTransition.objects.filter(application__in=apps).delete()
            Candidate.objects.filter(applications__posting__team=TAG).delete()
            Posting.objects.filter(team=TAG).delete()
        managers = [
            User.objects.get_or_create(
                email=f"bench.reports.manager{i}@example.com",
                defaults={"full_name": f"Bench Manager {i}", "role": "hiring_manager"},
            )[0]
            for i in range(MANAGERS)
        ]
        interviewers = [
            User.objects.get_or_create(
                email=f"bench.reports.interviewer{i}@example.com",
                defaults={"full_name": f"Bench Interviewer {i}", "role": "interviewer"},
            )[0]
            for i in range(INTERVIEWERS)
        ]
        reasons = [RejectionReason.objects.get_or_create(name=n)[0] for n in ("Skills gap", "Salary", "Location")]
        now = timezone.now()
        postings = []
        for i in range(POSTINGS):
            posting = Posting.objects.create(
                title=f"Bench report posting {i}",
                team=TAG,
                hiring_manager=managers[i % MANAGERS],
                status="open",
                opened_at=now - timedelta(days=380),
            )
            stages = sorted(posting_stages_create(posting=posting), key=lambda s: s.order)
            for stage, limit in zip(stages[:5], (5, 5, 7, 7, 5), strict=True):
                stage.time_limit_days = limit
                stage.save(update_fields=["time_limit_days"])
            postings.append((posting, stages))

        plans = []
        for i in range(size):
            posting, stages = postings[i % POSTINGS]
            created = now - timedelta(days=rng.uniform(0, 365), hours=rng.uniform(0, 24))
            furthest = rng.choice(FURTHEST)
            times, when = [], created
            for _k in range(furthest + 1):
                times.append(when)
                when = when + timedelta(days=rng.uniform(1, 9))
            end = None
            if furthest < 6 and when < now - timedelta(days=20):
                end = ("rejected" if rng.random() < 0.8 else "withdrawn", when)
            elif furthest < 6 and times[-1] > now:  # still moving: it has not got that far yet
                times = [t for t in times if t <= now] or [created]
            plans.append((posting, stages, created, times, end))

        with _own_timestamps(Candidate, Application):
            candidates = Candidate.objects.bulk_create(
                (
                    Candidate(
                        full_name=f"Bench person {i}",
                        email=f"bench.reports.{i}@mail.example.com",
                        email_normalised=f"bench.reports.{i}@mail.example.com",
                        created_at=plan[2],
                    )
                    for i, plan in enumerate(plans)
                ),
                batch_size=5000,
            )
            applications = []
            for i, (candidate, (posting, stages, created, times, end)) in enumerate(
                zip(candidates, plans, strict=True)
            ):
                stage = stages[len(times) - 1]
                state = "hired" if stage.kind == "hired" else (end[0] if end else "active")
                applications.append(
                    Application(
                        candidate=candidate,
                        posting=posting,
                        stage=stage,
                        state=state,
                        stage_entered_at=end[1] if end else times[-1],
                        created_at=created,
                        source=("careers", "referral", "agency", "job_board", "sourced")[i % 5],
                        referred_by=managers[i % MANAGERS] if i % 5 == 1 else None,
                        rejection_reason=reasons[i % 3] if state == "rejected" else None,
                        knockout_flags=["Notice period 60 days > 15"] if i % 11 == 0 else [],
                    )
                )
            Application.objects.bulk_create(applications, batch_size=5000)

        def transitions():
            for app, (_p, stages, _c, times, end) in zip(applications, plans, strict=True):
                previous = None
                for k, at in enumerate(times):
                    stage = stages[k]
                    state = "hired" if stage.kind == "hired" else "active"
                    yield StageTransition(
                        application_id=app.pk,
                        from_stage=previous,
                        to_stage=stage,
                        from_state="active" if previous else "",
                        to_state=state,
                        at=at,
                    )
                    previous = stage
                if end:
                    yield StageTransition(
                        application_id=app.pk,
                        from_stage=previous,
                        to_stage=previous,
                        from_state="active",
                        to_state=end[0],
                        at=end[1],
                    )

        StageTransition.objects.bulk_create(transitions(), batch_size=10000)

        # Interviews: a third of those past the screen; each interviewer's seats one after
        # another (no double booking), over the year.
        interviews, seats, cards = [], [], []
        slot_of = [0] * INTERVIEWERS
        for app, (_p, _s, _c, times, _e) in zip(applications, plans, strict=True):
            if len(times) < 3 or app.pk % 3:
                continue
            who = app.pk % INTERVIEWERS
            slot = slot_of[who]
            slot_of[who] += 1
            start = now - timedelta(days=360) + timedelta(hours=3 * slot)
            interviews.append(
                Interview(
                    application_id=app.pk,
                    title="Technical",
                    starts_at=start,
                    ends_at=start + timedelta(hours=1),
                    status="completed" if start < now else "scheduled",
                )
            )
        Interview.objects.bulk_create(interviews, batch_size=5000)
        for k, interview in enumerate(interviews):
            who = interviewers[interview.application_id % INTERVIEWERS]
            seats.append(
                InterviewPanelist(
                    interview=interview, interviewer=who, busy=Range(interview.starts_at, interview.ends_at)
                )
            )
            if interview.ends_at < now and k % 7:
                cards.append(
                    Scorecard(
                        interview=interview,
                        interviewer=who,
                        status="submitted",
                        recommendation="yes",
                        submitted_at=interview.ends_at + timedelta(hours=rng.uniform(1, 72)),
                    )
                )
        InterviewPanelist.objects.bulk_create(seats, batch_size=5000)
        Scorecard.objects.bulk_create(cards, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return recruiter


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench/run.py reports")
    parser.add_argument("--applications", type=int, nargs="+", default=[100000])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import override_settings
    from django_htmx.middleware import HtmxDetails

    from recruiting.reports.registry import REPORTS
    from recruiting.reports.views import PAGES

    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=plain_static).enable()
    factory = RequestFactory()
    for size in args.applications:
        recruiter = _world(size)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would have them
        for slug in REPORTS:

            def report(slug=slug, recruiter=recruiter):
                request = factory.get(f"/reports/{slug}/", HTTP_HX_REQUEST="true")
                request.user = recruiter
                request.htmx = HtmxDetails(request)
                response = PAGES[slug](request)
                assert response.status_code == 200, response.status_code

            emit({"bench": "reports", "report": slug, "n": size, **measure(report, repeat=args.repeat)})
