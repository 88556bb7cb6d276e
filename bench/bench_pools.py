"""Automatic fair panel choice: `python bench/run.py pools --interviewers 30 --booked 2000`.

Builds (through the models) a round whose pool holds N interviewers with Monday–Friday
windows and daily and weekly caps, B booked interviews spread over the four weeks behind
and the eight ahead (so the four-week loads differ), then times the full proposal of the
earliest 20 slots with the fairest free panel of two: its queries plus the choice."""

from __future__ import annotations

import argparse
import os
from datetime import time

from common import book_hours, emit, measure, setup_django

TAG = "bench-pools"


def _build(interviewers: int, booked: int):

    from recruiting.accounts.models import User
    from recruiting.interviews.models import (
        AvailabilityWindow,
        Interview,
        InterviewerSettings,
        InterviewPanelist,
        InterviewRound,
    )
    from recruiting.interviews.services import round_create
    from recruiting.pipelines.models import Candidate
    from recruiting.pipelines.services import application_create
    from recruiting.postings.models import Posting

    old = User.objects.filter(email__endswith=f"@{TAG}.test")
    InterviewPanelist.objects.filter(interviewer__in=old).delete()
    Interview.objects.filter(application__candidate__email__endswith=f"@{TAG}.test").delete()
    AvailabilityWindow.objects.filter(interviewer__in=old).delete()
    manager, _ = User.objects.get_or_create(email=f"manager@{TAG}.test", defaults={"role": "hiring_manager"})
    posting = Posting.objects.filter(title="Bench pools posting").first() or Posting.objects.create(
        title="Bench pools posting", hiring_manager=manager, status="open"
    )
    InterviewRound.objects.filter(posting=posting).delete()
    candidate = Candidate.objects.filter(email=f"candidate@{TAG}.test").first() or Candidate.objects.create(
        full_name="Bench Candidate", email=f"candidate@{TAG}.test"
    )
    application, _ = application_create(candidate=candidate, posting=posting)
    people = []
    for index in range(interviewers):
        user, _ = User.objects.get_or_create(
            email=f"interviewer{index}@{TAG}.test", defaults={"role": "interviewer", "full_name": f"Pool {index}"}
        )
        InterviewerSettings.objects.update_or_create(
            user=user, defaults={"daily_cap": 4, "weekly_cap": 12, "buffer_minutes": 15}
        )
        AvailabilityWindow.objects.bulk_create(
            AvailabilityWindow(interviewer=user, weekday=day, start=time(9), end=time(18)) for day in range(5)
        )
        people.append(user)
    interview_round = round_create(
        posting=posting, actor=None, pool=people, name="System design", pool_name="Bench", interviewers_needed=2
    )
    # Four weeks back and eight ahead.
    return interview_round, book_hours(people, application, days=range(-28, 57), booked=booked)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench/run.py pools")
    parser.add_argument("--interviewers", type=int, default=30)
    parser.add_argument("--booked", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    os.environ.setdefault("EMAIL_TRANSPORT", "memory")
    setup_django()
    from recruiting.interviews.pools import propose_fair_panels

    interview_round, booked = _build(args.interviewers, args.booked)
    found = propose_fair_panels(interview_round=interview_round)
    result = measure(lambda: propose_fair_panels(interview_round=interview_round), repeat=args.repeat)
    emit(
        {
            "bench": "pools",
            "interviewers": args.interviewers,
            "booked": booked,
            "queries": result["queries"],
            "p50_ms": result["p50_ms"],
            "p95_ms": result["p95_ms"],
            "slots": len(found.slots),
            "panel_size": interview_round.interviewers_needed,
        }
    )
