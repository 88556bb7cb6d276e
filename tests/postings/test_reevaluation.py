"""Changing a knock-out rule re-evaluates open applications in the background, records
why each flag changed, and shows progress on the posting's pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from recruiting.pipelines.knockouts import knockouts_reevaluate_run
from recruiting.pipelines.models import Application, KnockoutEvaluation
from recruiting.postings.services import (
    posting_update,
    progress_key,
    question_create,
    question_delete,
    question_update,
    reevaluation_progress,
)
from tests.factories import ApplicationFactory
from tests.postings.factories import AnswerFactory, ScreeningQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _rule(**overrides) -> dict:
    data = {
        "text": "What is your notice period, in days?",
        "help_text": "",
        "kind": "duration_days",
        "required": True,
        "choices": [],
        "skill": "",
        "currency": "",
        "knockout_op": "lte",
        "knockout_value": "90",
        "knockout_band_max": False,
        "knockout_tolerance_pct": 0,
    }
    data.update(overrides)
    return data


@pytest.fixture
def notice(posting):
    return ScreeningQuestionFactory(posting=posting, knockout_op="lte", knockout_value="90")


def _applicant(posting, question, value):
    application = ApplicationFactory(posting=posting)
    AnswerFactory(application=application, question=question, value=value)
    return application


def test_a_stricter_rule_flags_open_applications_and_records_why(
    hiring_manager, posting, notice, django_capture_on_commit_callbacks
):
    late = _applicant(posting, notice, "60")
    early = _applicant(posting, notice, "10")
    with django_capture_on_commit_callbacks(execute=True):
        changed = question_update(question=notice, actor=hiring_manager, data=_rule(knockout_value="15"))
    assert changed is True
    notice.refresh_from_db()
    assert notice.rule_version == 2
    late.refresh_from_db()
    early.refresh_from_db()
    assert late.is_flagged and "60" in late.knockout_flags[0] and "15" in late.knockout_flags[0]
    assert not early.is_flagged
    evaluation = KnockoutEvaluation.objects.get(application=late)
    assert evaluation.flags_before == []
    assert "Knock-out rule changed" in evaluation.reason
    assert reevaluation_progress(posting) == {"done": 2, "total": 2, "finished": True}


def test_relaxing_the_rule_clears_the_flag(hiring_manager, posting, notice, django_capture_on_commit_callbacks):
    late = _applicant(posting, notice, "60")
    with django_capture_on_commit_callbacks(execute=True):
        question_update(question=notice, actor=hiring_manager, data=_rule(knockout_value="15"))
    with django_capture_on_commit_callbacks(execute=True):
        question_update(question=notice, actor=hiring_manager, data=_rule(knockout_value="90"))
    late.refresh_from_db()
    assert late.knockout_flags == []
    assert KnockoutEvaluation.objects.filter(application=late).count() == 2


def test_closed_applications_are_left_alone(hiring_manager, posting, notice, django_capture_on_commit_callbacks):
    gone = _applicant(posting, notice, "60")
    Application.objects.filter(pk=gone.pk).update(state="withdrawn")
    with django_capture_on_commit_callbacks(execute=True):
        question_update(question=notice, actor=hiring_manager, data=_rule(knockout_value="15"))
    gone.refresh_from_db()
    assert gone.knockout_flags == []


def test_a_wording_change_queues_nothing(hiring_manager, posting, notice, django_capture_on_commit_callbacks):
    _applicant(posting, notice, "60")
    with django_capture_on_commit_callbacks() as callbacks:
        question_update(question=notice, actor=hiring_manager, data=_rule(text="Notice period?"))
    assert callbacks == []
    assert reevaluation_progress(posting) is None


def test_adding_and_removing_a_knock_out_re_evaluates(hiring_manager, posting, django_capture_on_commit_callbacks):
    application = ApplicationFactory(posting=posting)
    with django_capture_on_commit_callbacks(execute=True):
        question = question_create(posting=posting, actor=hiring_manager, data=_rule(knockout_value="15"))
    AnswerFactory(application=application, question=question, value="45")
    knockouts_reevaluate_run(posting_id=posting.pk, reason="test")
    application.refresh_from_db()
    assert application.is_flagged
    with django_capture_on_commit_callbacks(execute=True):
        question_delete(question=question, actor=hiring_manager)
    application.refresh_from_db()
    assert not application.is_flagged


def test_moving_the_band_maximum_re_evaluates_band_rules(hiring_manager, posting, django_capture_on_commit_callbacks):
    expected = ScreeningQuestionFactory(
        posting=posting,
        text="Expected CTC?",
        kind="money",
        currency="INR",
        knockout_op="",
        knockout_value="",
        knockout_band_max=True,
    )
    application = _applicant(posting, expected, "3000000")
    knockouts_reevaluate_run(posting_id=posting.pk, reason="start")
    application.refresh_from_db()
    assert not application.is_flagged
    with django_capture_on_commit_callbacks(execute=True):
        posting_update(posting=posting, actor=hiring_manager, fields={"pay_max": Decimal("2500000.00")})
    application.refresh_from_db()
    assert application.is_flagged
    assert "band" in application.knockout_flags[0]


def test_the_progress_fragment_polls_until_done(client_for, hiring_manager, posting):
    url = reverse("postings:progress", args=[posting.public_id])
    cache.set(progress_key(posting.pk), {"done": 3, "total": 10, "finished": False})
    response = client_for(hiring_manager).get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'hx-trigger="every 1s"' in response.text
    assert "3 of 10" in response.text
    assert "<html" not in response.text
    cache.set(progress_key(posting.pk), {"done": 10, "total": 10, "finished": True})
    response = client_for(hiring_manager).get(url, HTTP_HX_REQUEST="true")
    assert "every 1s" not in response.text
    assert "re-evaluated for 10" in response.text


def test_the_progress_page_works_without_javascript(client_for, hiring_manager, posting):
    response = client_for(hiring_manager).get(reverse("postings:progress", args=[posting.public_id]))
    assert response.status_code == 200
    assert "<html" in response.text


def test_the_posting_page_shows_a_running_re_evaluation(client_for, hiring_manager, posting):
    cache.set(progress_key(posting.pk), {"done": 1, "total": 4, "finished": False})
    response = client_for(hiring_manager).get(posting.get_absolute_url())
    assert "1 of 4" in response.text
    assert reverse("postings:progress", args=[posting.public_id]) in response.text
