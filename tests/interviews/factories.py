"""Builders for interview tests: interviewers with windows, rounds, booked interviews,
submitted scorecards."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from recruiting.interviews.models import AvailabilityWindow, Interview, InterviewerSettings, InterviewRound
from recruiting.interviews.scheduling import propose_slots
from recruiting.interviews.services import interview_book, round_create, scorecard_save
from tests.factories import UserFactory

WEEKDAYS = range(5)


def give_windows(user, days=WEEKDAYS, start: time = time(9), end: time = time(18)):
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(interviewer=user, weekday=day, start=start, end=end) for day in days
    )
    return user


def make_interviewer(*, cap: int | None = None, buffer: int | None = None, windows: bool = True, **fields):
    fields.setdefault("role", "interviewer")
    user = UserFactory(**fields)
    if windows:
        give_windows(user)
    if cap is not None or buffer is not None:
        InterviewerSettings.objects.create(
            user=user, daily_cap=cap or 3, buffer_minutes=buffer if buffer is not None else 15
        )
    return user


def make_round(posting, *, pool=(), actor=None, **fields) -> InterviewRound:
    fields.setdefault("name", "Technical")
    fields.setdefault("duration_minutes", 60)
    fields.setdefault("interviewers_needed", max(1, min(len(pool), 2)) if pool else 1)
    return round_create(posting=posting, actor=actor, pool=list(pool), **fields)


def first_slot(panel, interview_round, **kwargs):
    slots = propose_slots(users=list(panel), length=timedelta(minutes=interview_round.duration_minutes), **kwargs)
    assert slots, "the test panel should have a free slot"
    return slots[0].start


def book(application, interview_round, panel, *, actor=None, start=None, **kwargs):
    start = start or first_slot(panel, interview_round)
    return interview_book(
        application=application, round=interview_round, panel=list(panel), start=start, actor=actor, **kwargs
    )


def started(interview, *, ago: timedelta = timedelta(minutes=5)):
    """Move a booked interview so it started `ago` (scorecards are submitted afterwards)."""
    length = interview.ends_at - interview.starts_at
    interview.starts_at = timezone.now() - ago
    interview.ends_at = interview.starts_at + length
    Interview.objects.filter(pk=interview.pk).update(starts_at=interview.starts_at, ends_at=interview.ends_at)
    return interview


def submit(interview, user, *, rating: int = 3, recommendation: str = "yes", notes: str = "Clear thinking."):
    if interview.starts_at > timezone.now():
        started(interview)
    criteria = list(interview.round.criteria.all())
    return scorecard_save(
        interview=interview,
        interviewer=user,
        recommendation=recommendation,
        notes=notes,
        ratings={c.pk: (rating, f"Evidence for {c.name}") for c in criteria},
        submit=True,
    )
