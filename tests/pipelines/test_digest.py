"""The daily digest of applications over their stage's time limit (working days)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from recruiting.notifications.models import Notification
from recruiting.pipelines.digest import applications_over_limit, send_stage_digests, stage_digests_send
from recruiting.pipelines.models import Application, Stage
from recruiting.pipelines.moves import application_reject, ensure_default_rejection_reasons
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory

pytestmark = pytest.mark.django_db

KOLKATA = ZoneInfo("Asia/Kolkata")
MONDAY = date(2026, 2, 9)  # an ordinary week in Tamil Nadu: no public holidays around it


@pytest.fixture
def posting(hiring_manager):
    posting = PostingFactory(hiring_manager=hiring_manager, title="Lead Backend Engineer")
    Stage.objects.filter(posting=posting, name="Screen").update(time_limit_days=3)
    return posting


def entered(posting, name: str, day: date, stage: str = "Screen") -> Application:
    application = ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name=name))
    Application.objects.filter(pk=application.pk).update(
        stage=posting.stages.get(name=stage), stage_entered_at=datetime.combine(day, time(10), KOLKATA)
    )
    application.refresh_from_db()
    return application


def test_only_applications_over_the_limit_in_working_days_are_listed(posting, hiring_manager):
    entered(posting, "Tuesday Tara", date(2026, 2, 3))  # Wed, Thu, Fri, Mon: 4 working days > 3
    entered(posting, "Wednesday Wasim", date(2026, 2, 4))  # 5 calendar days but 3 working days
    entered(posting, "Unlimited Uma", date(2026, 1, 5), stage="Technical")  # no limit on Technical
    rejected = entered(posting, "Rejected Ravi", date(2026, 1, 5))
    application_reject(application=rejected, reason=ensure_default_rejection_reasons()[0])

    stuck = applications_over_limit(today=MONDAY)
    assert [(item.application.candidate.full_name, item.days) for item in stuck[hiring_manager]] == [
        ("Tuesday Tara", 4)
    ]

    assert stage_digests_send(today=MONDAY) == 1
    mail = Notification.objects.get(kind="stage_digest")
    assert mail.to == [hiring_manager.email]
    assert "Tuesday Tara: Screen, 4 working days (limit 3)" in mail.body_text
    assert "Wasim" not in mail.body_text and "Uma" not in mail.body_text and "Ravi" not in mail.body_text
    assert mail.subject.startswith("1 application waiting longer than planned")


def test_public_holidays_do_not_count_as_days_in_stage(posting, hiring_manager):
    Stage.objects.filter(posting=posting, name="Screen").update(time_limit_days=5)
    # Wed 21 Jan to Thu 29 Jan 2026: six weekdays, one of them Republic Day (26 Jan).
    entered(posting, "Republic Rekha", date(2026, 1, 21))
    assert applications_over_limit(today=date(2026, 1, 29)) == {}
    assert [i.days for i in applications_over_limit(today=date(2026, 1, 30))[hiring_manager]] == [6]


def test_each_manager_gets_one_email_covering_all_their_postings(posting, hiring_manager, outsider_manager):
    second = PostingFactory(hiring_manager=hiring_manager, title="Technical Lead")
    Stage.objects.filter(posting=second, name="Technical").update(time_limit_days=2)
    theirs = PostingFactory(hiring_manager=outsider_manager, title="Platform Engineer")
    Stage.objects.filter(posting=theirs, name="Screen").update(time_limit_days=1)
    entered(posting, "Tuesday Tara", date(2026, 2, 3))
    entered(second, "Thursday Theo", date(2026, 2, 4), stage="Technical")
    entered(theirs, "Other Omar", date(2026, 2, 5))

    assert stage_digests_send(today=MONDAY) == 2
    mine = Notification.objects.get(to=[hiring_manager.email])
    assert "Lead Backend Engineer" in mine.body_text and "Technical Lead" in mine.body_text
    assert "Omar" not in mine.body_text
    assert mine.idempotency_key == f"stage-digest:{hiring_manager.pk}:2026-02-09"
    assert "Other Omar" in Notification.objects.get(to=[outsider_manager.email]).body_text


def test_running_the_digest_twice_a_day_sends_one_email(posting):
    entered(posting, "Tuesday Tara", date(2026, 2, 3))
    stage_digests_send(today=MONDAY)
    stage_digests_send(today=MONDAY)
    assert Notification.objects.filter(kind="stage_digest").count() == 1
    stage_digests_send(today=date(2026, 2, 10))
    assert Notification.objects.filter(kind="stage_digest").count() == 2


def test_closed_postings_are_left_out(posting):
    entered(posting, "Tuesday Tara", date(2026, 2, 3))
    posting.status = "closed"
    posting.save(update_fields=["status"])
    assert stage_digests_send(today=MONDAY) == 0


def test_the_celery_task_runs_the_digest(posting):
    entered(posting, "Long Ago Lata", date(2025, 6, 2))
    assert send_stage_digests.apply().get() == 1
