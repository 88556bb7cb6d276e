"""Panel slot proposal from the database: `python bench/run.py slots --interviewers 3 --booked 500`.

Builds (through the models) N interviewers with Monday–Friday windows, B booked interviews
spread over the coming weeks and a company holiday, then times the full proposal for the
next 10 working days: its queries plus the finder."""

from __future__ import annotations

import argparse
import os
import random
from datetime import time, timedelta

from common import emit, measure, setup_django

TAG = "bench-slots"


def _build(interviewers: int, booked: int):
    from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
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
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    CompanyHoliday.objects.get_or_create(date=today + timedelta(days=8), defaults={"name": "Bench offsite"})
    # Spread the bookings over 12 weeks of working days, one-hour interviews on the hour,
    # never two for one person at the same hour (the exclusion constraint would refuse it).
    rng = random.Random(42)
    cells = [
        (p, d, h)
        for p in people
        for d in range(1, 85)
        for h in range(9, 17, 2)
        if (today + timedelta(days=d)).weekday() < 5
    ]
    rng.shuffle(cells)
    interviews, seats = [], []
    for person, day_offset, hour in cells[:booked]:
        day = today + timedelta(days=day_offset)
        start = timezone.make_aware(timezone.datetime.combine(day, time(hour)), tz)
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
    return people, len(created)


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
