"""Reminders before interviews and nudges for missing scorecards: each sent once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from recruiting.interviews import tasks
from recruiting.interviews.models import Interview, InterviewPanelist
from recruiting.notifications.models import Notification
from tests.interviews.factories import book, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(application, tech_round, panel, recruiter):
    return book(application, tech_round, panel, actor=recruiter)


def test_the_24_hour_reminder_goes_once_to_each_interviewer(interview, panel):
    now = interview.starts_at - timedelta(hours=20)
    assert tasks.reminders_due(now) == 2
    assert tasks.reminders_due(now) == 0
    mails = Notification.objects.filter(kind="interview_reminder")
    assert sorted(m.to[0] for m in mails) == sorted(p.email for p in panel)
    assert all(":24h:" in m.idempotency_key for m in mails)


def test_the_1_hour_reminder_follows_and_is_also_sent_once(interview):
    tasks.reminders_due(interview.starts_at - timedelta(hours=20))
    assert tasks.reminders_due(interview.starts_at - timedelta(minutes=50)) == 2
    assert tasks.reminders_due(interview.starts_at - timedelta(minutes=20)) == 0
    assert Notification.objects.filter(kind="interview_reminder").count() == 4


def test_no_reminder_too_early_or_for_cancelled_interviews(interview, recruiter):
    from recruiting.interviews.services import interview_cancel

    assert tasks.reminders_due(interview.starts_at - timedelta(hours=30)) == 0
    interview_cancel(interview=interview, actor=recruiter)
    assert tasks.reminders_due(interview.starts_at - timedelta(hours=2)) == 0


def test_a_nudge_goes_to_panelists_without_a_submitted_scorecard_24_hours_later(interview, panel):
    submit(interview, panel[0])
    assert tasks.nudges_due(interview.ends_at + timedelta(hours=23)) == 0
    assert tasks.nudges_due(interview.ends_at + timedelta(hours=25)) == 1
    assert tasks.nudges_due(interview.ends_at + timedelta(hours=26)) == 0
    nudge = Notification.objects.get(kind="scorecard_nudge")
    assert nudge.to == [panel[1].email]
    assert f"/interviews/{interview.public_id}/scorecard/" in nudge.body_text


def test_past_interviews_become_completed(interview):
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=interview.starts_at - timedelta(days=30), ends_at=interview.ends_at - timedelta(days=30)
    )
    InterviewPanelist.objects.filter(interview=interview).update(active=True)
    assert tasks.complete_past_interviews() == 1
    interview.refresh_from_db()
    assert interview.status == Interview.Status.COMPLETED


def test_the_beat_jobs_are_registered():
    from recruiting.celery import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["interview-reminders"]["task"] == "recruiting.interviews.tasks.send_interview_reminders"
    assert BEAT_SCHEDULE["scorecard-nudges"]["schedule"] == 600.0
