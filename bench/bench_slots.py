"""Panel slot proposal from the database: `python bench/run.py slots --interviewers 3 --booked 500`.

Builds (through the models) N interviewers with Monday–Friday windows, B booked interviews
spread over the coming weeks and a company holiday, then times the full proposal for the
next 10 working days: its queries plus the finder."""

from __future__ import annotations

import argparse
import os
from datetime import time, timedelta

from common import book_hours, emit, measure, setup_django

TAG = "bench-slots"


def _build(interviewers: int, booked: int):
    from django.utils import timezone

    from recruiting.accounts.models import User
    from recruiting.interviews.models import (
        AvailabilityWindow,
        CompanyHoliday,
        Interview,
        InterviewerSettings,
        InterviewPanelist,
    )
    from recruiting.pipelines.models import Candidate
    from recruiting.pipelines.services import application_create
    from recruiting.postings.models import Posting

    # Fresh data each run: drop what an earlier run left.
    old = User.objects.filter(email__endswith=f"@{TAG}.test")
    InterviewPanelist.objects.filter(interviewer__in=old).delete()
    Interview.objects.filter(application__candidate__email__endswith=f"@{TAG}.test").delete()
    AvailabilityWindow.objects.filter(interviewer__in=old).delete()

    manager, _ = User.objects.get_or_create(email=f"manager@{TAG}.test", defaults={"role": "hiring_manager"})
    posting = Posting.objects.filter(title="Bench slots posting").first() or Posting.objects.create(
        title="Bench slots posting", hiring_manager=manager, status="open"
    )
    candidate = Candidate.objects.filter(email=f"candidate@{TAG}.test").first() or Candidate.objects.create(
        full_name="Bench Candidate", email=f"candidate@{TAG}.test"
    )
    application, _ = application_create(candidate=candidate, posting=posting)
    people = []
    for index in range(interviewers):
        user, _ = User.objects.get_or_create(
            email=f"interviewer{index}@{TAG}.test", defaults={"role": "interviewer", "full_name": f"Bench {index}"}
        )
        InterviewerSettings.objects.update_or_create(user=user, defaults={"daily_cap": 10, "buffer_minutes": 15})
        AvailabilityWindow.objects.bulk_create(
            AvailabilityWindow(interviewer=user, weekday=day, start=time(9), end=time(18)) for day in range(5)
        )
        people.append(user)
    today = timezone.localdate()
    CompanyHoliday.objects.get_or_create(date=today + timedelta(days=8), defaults={"name": "Bench offsite"})
    # Spread the bookings over 12 weeks of working days.
    return people, book_hours(people, application, days=range(1, 85), booked=booked)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench/run.py slots")
    parser.add_argument("--interviewers", type=int, default=3)
    parser.add_argument("--booked", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args(argv)
    os.environ.setdefault("EMAIL_TRANSPORT", "memory")
    setup_django()
    from recruiting.interviews.scheduling import propose_slots

    people, booked = _build(args.interviewers, args.booked)
    found = propose_slots(users=people, length=timedelta(hours=1))
    result = measure(lambda: propose_slots(users=people, length=timedelta(hours=1)), repeat=args.repeat)
    emit(
        {
            "bench": "slots",
            "interviewers": args.interviewers,
            "booked": booked,
            "slots": len(found),
            "working_days": 10,
            **result,
        }
    )
