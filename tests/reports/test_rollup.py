"""The reports' rollup stays equal to a rebuild from the source tables after every kind
of write the portal makes (and some it never makes), and the command rebuilds it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from recruiting.interviews.models import Interview
from recruiting.interviews.services import interview_cancel
from recruiting.pipelines.models import Application, RejectionReason, Stage, StageTransition
from recruiting.pipelines.moves import (
    application_hire,
    application_move,
    application_reject,
    application_reopen,
    application_withdraw,
    stage_shift,
)
from recruiting.reports.models import ApplicationFact, Stay
from recruiting.reports.rollup import rollup_differences
from tests.factories import ApplicationFactory, PostingFactory
from tests.reports.world import build_report_world

pytestmark = pytest.mark.django_db


def stage(posting, name):
    return Stage.objects.get(posting=posting, name=name)


def fresh(application):
    application.refresh_from_db()
    return application


def test_moves_rejections_reopens_withdrawals_and_hires_keep_it_right(recruiter):
    posting = PostingFactory()
    a, b, c = (ApplicationFactory(posting=posting) for _ in range(3))
    assert rollup_differences() == []
    application_move(application=a, to_stage=stage(posting, "Technical"), actor=recruiter, expected_version=1)
    application_move(application=fresh(a), to_stage=stage(posting, "Screen"), actor=recruiter, expected_version=2)
    reason = RejectionReason.objects.create(name="Rollup reason")
    application_reject(application=fresh(b), reason=reason, actor=recruiter)
    application_reopen(application=fresh(b), actor=recruiter)
    application_withdraw(application=fresh(c), actor=recruiter)
    application_hire(application=fresh(a), actor=recruiter)
    assert rollup_differences() == []
    fact = ApplicationFact.objects.get(application_id=a.pk)
    assert fact.furthest_order == stage(posting, "Hired").order and fact.offered and fact.hired_at is not None
    assert Stay.objects.filter(application_id=a.pk).count() == 3  # Applied, Technical, Screen (Hired is not active)


def test_interviews_stage_reorders_edits_and_deletes_keep_it_right(hiring_manager, recruiter, interviewer):
    world = build_report_world(hiring_manager, recruiter, interviewer)
    assert ApplicationFact.objects.get(application_id=world.hired.pk).interviewed
    interview_cancel(interview=world.interview, actor=recruiter)
    assert not ApplicationFact.objects.get(application_id=world.hired.pk).interviewed
    Interview.objects.filter(pk=world.interview.pk).update(status="scheduled")
    stage_shift(stage=stage(world.posting, "Screen"), actor=recruiter, offset=1)
    Application.objects.filter(pk=world.waiting.pk).update(source="agency", knockout_flags=[])
    assert rollup_differences() == []
    # Never done by the portal, still kept right: a transition edited, one deleted, one
    # written out of order, an application deleted.
    first = StageTransition.objects.filter(application=world.hired).order_by("at").first()
    StageTransition.objects.filter(pk=first.pk).update(at=first.at - timedelta(days=1))
    StageTransition.objects.filter(application=world.rejected).order_by("-at").first().delete()
    StageTransition.objects.create(
        application=world.withdrawn,
        to_stage=stage(world.posting, "Screen"),
        to_state="active",
        at=world.withdrawn.created_at + timedelta(hours=1),
    )
    assert rollup_differences() == []
    Interview.objects.filter(application=world.waiting).delete()
    StageTransition.objects.filter(application=world.waiting).delete()
    world.waiting.delete()
    assert not ApplicationFact.objects.filter(application_id=world.waiting.pk).exists()
    assert rollup_differences() == []


def test_the_command_rebuilds_it(recruiter):
    posting = PostingFactory()
    application = ApplicationFactory(posting=posting)
    ApplicationFact.objects.all().delete()
    Stay.objects.all().delete()
    assert rollup_differences()
    call_command("reports_rebuild", verbosity=0)
    assert rollup_differences() == []
    assert ApplicationFact.objects.get(application_id=application.pk).created_at <= timezone.now()


def test_history_written_in_one_statement_keeps_it_right():
    """An import of old history: several transitions of one application in one INSERT."""
    posting = PostingFactory()
    application = ApplicationFactory(posting=posting)
    start = timezone.now() + timedelta(minutes=1)  # after the application's own first transition
    applied, screen, technical = (stage(posting, name) for name in ("Applied", "Screen", "Technical"))
    StageTransition.objects.bulk_create(
        [
            StageTransition(
                application=application,
                from_stage=applied,
                to_stage=screen,
                from_state="active",
                to_state="active",
                at=start,
            ),
            StageTransition(
                application=application,
                from_stage=screen,
                to_stage=technical,
                from_state="active",
                to_state="active",
                at=start + timedelta(days=3),
            ),
        ]
    )
    assert rollup_differences() == []
