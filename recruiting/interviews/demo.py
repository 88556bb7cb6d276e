"""Demo data for interviews: weekday windows for the demo interviewers, a three-round
plan per demo posting, a company holiday, a few past interviews with submitted
scorecards and a few upcoming ones."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone

from recruiting.interviews.models import (
    AvailabilityWindow,
    CompanyHoliday,
    Interview,
    InterviewPanelist,
    InterviewRound,
)
from recruiting.interviews.scheduling import propose_slots
from recruiting.interviews.services import SchedulingError, interview_book, round_create, scorecard_save

# (weekday, start, end): Mon/Wed mornings, Tue–Thu late afternoons, as interviewers set them.
REFERENCE_WEEK = [(0, 10, 13), (2, 10, 13), (1, 15, 18), (2, 15, 18), (3, 15, 18)]
OFFICE_WEEK = [(day, 10, 17) for day in range(5)]

ROUNDS = [
    (
        "Technical",
        "Technical",
        60,
        "Go and PostgreSQL in depth: a small service, its schema and its failure modes.",
        "Walk me through a slow query you fixed.\nHow would you make this endpoint idempotent?",
    ),
    (
        "System design",
        "System design",
        90,
        "Design exercise on the whiteboard; look for trade-offs, not buzzwords.",
        "Design a job queue with at-least-once delivery.\nWhere would you put the cache, and how is it invalidated?",
    ),
    (
        "Hiring manager",
        "Hiring manager",
        45,
        "Motivation, ownership, how they lead and learn.",
        "Tell me about a production incident you led.\nWhat would you change in your current team's process?",
    ),
]


def _windows(user, week) -> None:
    if AvailabilityWindow.objects.filter(interviewer=user).exists():
        return
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(interviewer=user, weekday=day, start=time(start), end=time(end)) for day, start, end in week
    )


def _past_interview(application, interview_round, panel, days_ago: int, hour: int) -> Interview:
    """A finished interview, written directly: the booking service only books the future."""
    day = timezone.localdate() - timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    start = timezone.make_aware(timezone.datetime.combine(day, time(hour)))
    end = start + timedelta(minutes=interview_round.duration_minutes)
    interview = Interview.objects.create(
        application=application,
        round=interview_round,
        title=f"{interview_round.name}: {application.candidate}"[:120],
        starts_at=start,
        ends_at=end,
        status=Interview.Status.COMPLETED,
        location=interview_round.address,
    )
    for person in panel:
        InterviewPanelist.objects.create(
            interview=interview,
            interviewer=person,
            busy=DateTimeTZRange(start - timedelta(minutes=15), end + timedelta(minutes=15), "[)"),
        )
    return interview


def seed(*, users: dict, stdout) -> None:
    from recruiting.pipelines.models import Application
    from recruiting.postings.models import Posting

    interviewers = [
        users[key] for key in ("interviewer", "interviewer_2", "interviewer_3", "interviewer_4") if key in users
    ]
    for index, person in enumerate(interviewers):
        _windows(person, REFERENCE_WEEK if index % 2 == 0 else OFFICE_WEEK)
    for key in ("hiring_manager", "hiring_manager_2"):
        if key in users:
            _windows(users[key], OFFICE_WEEK)
    # A company day off a little ahead, so the finder visibly skips it.
    holiday = timezone.localdate() + timedelta(days=12)
    while holiday.weekday() >= 5:
        holiday += timedelta(days=1)
    CompanyHoliday.objects.get_or_create(date=holiday, defaults={"name": "Company offsite"})
    CompanyHoliday.objects.get_or_create(
        date=date(timezone.localdate().year, 12, 24), defaults={"name": "Year-end break"}
    )

    rounds_made = booked = 0
    for index, posting in enumerate(Posting.objects.all().select_related("hiring_manager").order_by("pk")):
        if InterviewRound.objects.filter(posting=posting).exists():
            continue
        stages = {stage.name: stage for stage in posting.stages.filter(retired=False)}
        plan = []
        for order, (name, stage_name, minutes, kit, questions) in enumerate(ROUNDS):
            is_hm = name == "Hiring manager"
            pool = [posting.hiring_manager] if is_hm else interviewers
            plan.append(
                round_create(
                    posting=posting,
                    actor=users.get("recruiter"),
                    pool=pool,
                    name=name,
                    stage=stages.get(stage_name),
                    order=order,
                    duration_minutes=minutes,
                    mode=InterviewRound.Mode.IN_PERSON,
                    address="Chennai office, 4th floor, Guindy",
                    interviewers_needed=1 if is_hm else 2,
                    instructions=kit,
                    questions=questions,
                )
            )
            rounds_made += 1
        applications = list(
            Application.objects.filter(posting=posting, state=Application.State.ACTIVE).select_related("candidate")[:3]
        )
        if len(interviewers) < 3 or not applications:
            continue
        technical = plan[0]
        # Past: one application interviewed last week with both scorecards in.
        past_panel = interviewers[:2]
        past = _past_interview(applications[0], technical, past_panel, days_ago=5 + index, hour=10 + 2 * (index % 4))
        for person, rating, recommendation in zip(past_panel, (3, 4), ("yes", "strong_yes"), strict=True):
            scorecard_save(
                interview=past,
                interviewer=person,
                recommendation=recommendation,
                notes="Clear reasoning about indexes and retries; asked good questions.",
                ratings={c.pk: (rating, "Explained it with a concrete example.") for c in technical.criteria.all()},
                submit=True,
            )
        # Upcoming: the next applications get the earliest free slot of a panel.
        for application, panel in zip(applications[1:], (interviewers[:2], interviewers[1:3]), strict=False):
            slots = propose_slots(users=panel, length=timedelta(minutes=technical.duration_minutes))
            if not slots:
                continue
            try:
                interview_book(
                    application=application,
                    round=technical,
                    panel=panel,
                    start=slots[0].start,
                    actor=users.get("recruiter"),
                )
                booked += 1
            except SchedulingError:
                continue
    stdout.write(
        f"Interviews: {rounds_made} rounds, {booked} upcoming interviews, windows for {len(interviewers)} interviewers."
    )
