"""Panel slot proposal from the database: `python bench/run.py slots --interviewers 3 --booked 500`.

Builds (through the models) N interviewers with Monday–Friday windows, B booked interviews
spread over the coming weeks and a company holiday, then times the full proposal for the
next 10 working days: its queries plus the finder."""

from __future__ import annotations

import argparse
import os
from datetime import timedelta

from common import book_hours, emit, interview_world, measure, setup_django

TAG = "bench-slots"


def _build(interviewers: int, booked: int):
    from django.utils import timezone

    from recruiting.interviews.models import CompanyHoliday

    caps = {"daily_cap": 10, "buffer_minutes": 15}
    _posting, application, people = interview_world(
        TAG, "Bench slots posting", interviewers=interviewers, name="Bench", caps=caps
    )
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
