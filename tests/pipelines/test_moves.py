"""Pipeline write services: moves, rejections, withdrawals, reopening, hiring, stages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from recruiting.audit.models import AuditEvent
from recruiting.notifications.models import Notification
from recruiting.pipelines.models import Activity, Application, RejectionReason, Stage, StageTransition
from recruiting.pipelines.moves import (
    DEFAULT_REJECTION_REASONS,
    StaleMove,
    application_cancel_rejection_email,
    application_hire,
    application_move,
    application_reject,
    application_reopen,
    application_withdraw,
    ensure_default_rejection_reasons,
    rejection_email_key,
    stage_add,
    stage_delete,
    stage_retire,
    stage_shift,
    stage_update,
)
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory, UserFactory

pytestmark = pytest.mark.django_db

State = Application.State


@pytest.fixture
def posting(hiring_manager):
    return PostingFactory(hiring_manager=hiring_manager)


@pytest.fixture
def stages(posting):
    return {stage.name: stage for stage in posting.stages.all()}


@pytest.fixture
def application(posting):
    return ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Arjun Rao"))


@pytest.fixture
def reason():
    return ensure_default_rejection_reasons()[0]


def test_it_moves_the_card_to_the_next_stage_with_history_timeline_and_audit(application, stages, hiring_manager):
    before = application.stage_entered_at
    moved = application_move(
        application=application, to_stage=stages["Screen"], actor=hiring_manager, expected_version=1, reason="Strong CV"
    )
    moved.refresh_from_db()
    assert moved.stage == stages["Screen"]
    assert moved.version == 2
    assert moved.stage_entered_at > before
    transition = StageTransition.objects.filter(application=application).latest("id")
    assert (transition.from_stage, transition.to_stage, transition.by, transition.reason) == (
        stages["Applied"],
        stages["Screen"],
        hiring_manager,
        "Strong CV",
    )
    assert Activity.objects.filter(application=application, kind="application.move").count() == 1
    event = AuditEvent.objects.get(action="application.move")
    assert event.before["stage"] == "Applied" and event.after["stage"] == "Screen"


def test_a_move_with_a_stale_version_is_refused_and_says_who_moved_it_where(application, stages, hiring_manager):
    meena = UserFactory(full_name="Meena Iyer", role="recruiter")
    application_move(application=application, to_stage=stages["Technical"], actor=meena, expected_version=1)
    with pytest.raises(StaleMove) as caught:
        application_move(application=application, to_stage=stages["Screen"], actor=hiring_manager, expected_version=1)
    stale = caught.value
    assert stale.by == meena
    assert stale.to_stage == stages["Technical"]
    assert stale.from_stage == stages["Applied"]
    assert stale.current.version == 2
    assert stale.message.startswith("Meena Iyer moved Arjun Rao to Technical at ")
    assert stale.message.endswith("your move was not applied.")
    application.refresh_from_db()
    assert application.stage == stages["Technical"]


def test_two_moves_from_the_same_version_apply_exactly_once(application, stages, hiring_manager, recruiter):
    outcomes = []
    for actor, target in ((hiring_manager, "Screen"), (recruiter, "Technical")):
        try:
            application_move(application=application, to_stage=stages[target], actor=actor, expected_version=1)
            outcomes.append("applied")
        except StaleMove:
            outcomes.append("refused")
    assert outcomes == ["applied", "refused"]
    application.refresh_from_db()
    assert application.stage == stages["Screen"] and application.version == 2
    assert StageTransition.objects.filter(application=application).count() == 2  # applied + one move


def test_a_move_to_another_postings_stage_is_refused(application, hiring_manager):
    foreign = PostingFactory().stages.get(name="Screen")
    with pytest.raises(ValueError, match="another posting"):
        application_move(application=application, to_stage=foreign, actor=hiring_manager, expected_version=1)
    application.refresh_from_db()
    assert application.version == 1


def test_a_move_to_a_retired_stage_is_refused(application, stages, hiring_manager):
    Stage.objects.filter(pk=stages["Screen"].pk).update(retired=True)
    stages["Screen"].refresh_from_db()
    with pytest.raises(ValueError, match="retired"):
        application_move(application=application, to_stage=stages["Screen"], actor=hiring_manager, expected_version=1)


def test_moving_to_the_hired_stage_hires_and_moving_back_reactivates(application, stages, hiring_manager):
    hired = application_move(
        application=application, to_stage=stages["Hired"], actor=hiring_manager, expected_version=1
    )
    assert hired.state == State.HIRED
    back = application_move(application=application, to_stage=stages["Offer"], actor=hiring_manager, expected_version=2)
    assert back.state == State.ACTIVE


def test_hire_moves_to_the_hired_stage(application, stages, hiring_manager):
    hired = application_hire(application=application, actor=hiring_manager)
    assert (hired.state, hired.stage) == (State.HIRED, stages["Hired"])
    assert Activity.objects.filter(application=application, kind="application.hired").exists()


def test_reject_needs_a_reason(application, hiring_manager):
    with pytest.raises(ValueError, match="reason"):
        application_reject(application=application, reason=None, actor=hiring_manager)
    application.refresh_from_db()
    assert application.state == State.ACTIVE


def test_reject_records_reason_and_queues_a_delayed_cancellable_email(application, reason, hiring_manager):
    rejected = application_reject(
        application=application,
        reason=reason,
        note="Prefers remote",
        actor=hiring_manager,
        send_email=True,
        expected_version=1,
        email_delay_hours=24,
    )
    assert (rejected.state, rejected.rejection_reason, rejected.version) == (State.REJECTED, reason, 2)
    transition = StageTransition.objects.filter(application=application).latest("id")
    assert transition.to_state == State.REJECTED and "Prefers remote" in transition.reason
    assert AuditEvent.objects.filter(action="application.reject").exists()
    mail = Notification.objects.get(idempotency_key=f"rejection:{application.public_id}:2")
    assert mail.kind == "rejection"
    assert mail.to == [application.candidate.email]
    assert timedelta(hours=23, minutes=59) < mail.send_after - timezone.now() <= timedelta(hours=24)
    assert "Arjun Rao" in mail.body_text

    assert application_cancel_rejection_email(application=rejected, actor=hiring_manager) is True
    mail.refresh_from_db()
    assert mail.status == Notification.Status.CANCELLED
    assert application_cancel_rejection_email(application=rejected, actor=hiring_manager) is False


def test_reject_without_email_queues_nothing(application, reason):
    application_reject(application=application, reason=reason, actor=None)
    assert not Notification.objects.filter(kind="rejection").exists()


def test_a_stale_reject_is_refused(application, reason, stages, hiring_manager):
    application_move(application=application, to_stage=stages["Screen"], actor=hiring_manager, expected_version=1)
    with pytest.raises(StaleMove):
        application_reject(application=application, reason=reason, actor=hiring_manager, expected_version=1)


def test_moving_a_rejected_application_is_refused_until_reopened(application, reason, stages, hiring_manager):
    application_reject(application=application, reason=reason, actor=hiring_manager, send_email=True)
    with pytest.raises(ValueError, match="reopen"):
        application_move(application=application, to_stage=stages["Screen"], actor=hiring_manager, expected_version=2)
    reopened = application_reopen(application=application, actor=hiring_manager, expected_version=2)
    assert (reopened.state, reopened.stage, reopened.rejection_reason) == (State.ACTIVE, stages["Applied"], None)
    # The pending rejection e-mail does not go to somebody who is back in the process.
    assert Notification.objects.get(idempotency_key=rejection_email_key(application, 2)).status == "cancelled"


def test_withdraw_and_reopen(application, hiring_manager):
    withdrawn = application_withdraw(application=application, actor=hiring_manager, reason="Took another offer")
    assert withdrawn.state == State.WITHDRAWN
    with pytest.raises(ValueError):
        application_withdraw(application=application, actor=hiring_manager)
    assert application_reopen(application=application, actor=hiring_manager).state == State.ACTIVE
    states = list(StageTransition.objects.filter(application=application).values_list("to_state", flat=True))
    assert states == ["active", "withdrawn", "active"]


def test_reopen_into_a_retired_stage_goes_to_the_first_stage(application, stages, reason, hiring_manager):
    application_move(application=application, to_stage=stages["Screen"], actor=hiring_manager, expected_version=1)
    application_reject(application=application, reason=reason, actor=hiring_manager)
    stage_retire(stage=stages["Screen"], actor=hiring_manager)
    assert application_reopen(application=application, actor=hiring_manager).stage == stages["Applied"]


def test_default_rejection_reasons_are_created_once():
    first = ensure_default_rejection_reasons()
    assert [r.name for r in first] == list(DEFAULT_REJECTION_REASONS)
    ensure_default_rejection_reasons()
    assert RejectionReason.objects.count() == len(DEFAULT_REJECTION_REASONS)


def test_inactive_reasons_are_not_offered():
    ensure_default_rejection_reasons()
    RejectionReason.objects.filter(name="Other").update(active=False)
    assert "Other" not in [r.name for r in ensure_default_rejection_reasons()]


def test_stages_can_be_renamed_limited_reordered_and_added(posting, stages, hiring_manager):
    stage_update(stage=stages["Screen"], actor=hiring_manager, name="Phone screen", time_limit_days=3)
    stages["Screen"].refresh_from_db()
    assert (stages["Screen"].name, stages["Screen"].time_limit_days) == ("Phone screen", 3)
    with pytest.raises(ValueError, match="already"):
        stage_update(stage=stages["Technical"], actor=hiring_manager, name="phone screen", time_limit_days=None)
    stage_shift(stage=stages["Technical"], actor=hiring_manager, offset=-1)
    added = stage_add(posting=posting, actor=hiring_manager, name="Take-home")
    names = list(posting.stages.filter(retired=False).order_by("order").values_list("name", flat=True))
    assert names == [
        "Applied",
        "Technical",
        "Phone screen",
        "System design",
        "Hiring manager",
        "Take-home",
        "Offer",
        "Hired",
    ]
    assert added.kind == "active"


def test_a_stage_with_history_is_retired_not_deleted(application, stages, hiring_manager):
    with pytest.raises(ValueError, match="retired"):
        stage_delete(stage=stages["Applied"], actor=hiring_manager)
    with pytest.raises(ValueError, match="move them"):
        stage_retire(stage=stages["Applied"], actor=hiring_manager)
    stage_delete(stage=stages["System design"], actor=hiring_manager)  # never used
    assert not Stage.objects.filter(pk=stages["System design"].pk).exists()


def test_reopening_cancels_a_knock_out_rejection_email_queued_at_apply_time(recruiter):
    from datetime import timedelta

    from django.utils import timezone

    from recruiting.notifications.models import Notification
    from recruiting.notifications.services import notification_queue
    from recruiting.pipelines.models import RejectionReason
    from recruiting.pipelines.moves import application_reject, application_reopen, ensure_default_rejection_reasons
    from tests.factories import ApplicationFactory

    ensure_default_rejection_reasons()
    application = ApplicationFactory()
    application_reject(application=application, reason=RejectionReason.objects.get(name="Knock-out"), actor=None)
    notification_queue(
        key=f"knockout-rejection:{application.public_id}",
        kind="knockout_rejection",
        to=[application.candidate.email],
        context={"name": "x", "posting": application.posting},
        send_after=timezone.now() + timedelta(hours=24),
        related=application,
    )
    application.refresh_from_db()
    application_reopen(application=application, actor=recruiter, expected_version=application.version)
    assert Notification.objects.get(kind="knockout_rejection").status == "cancelled"
