"""The database holds interviews and scorecards to their states, whoever writes them."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from recruiting.interviews.models import Interview, InterviewRound, Scorecard
from tests.interviews.factories import book

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(application, tech_round, panel, recruiter):
    return book(application, tech_round, panel, actor=recruiter)


@pytest.mark.parametrize(("field", "value"), [("status", "lost"), ("source", "robot")])
def test_an_unknown_interview_status_or_source_is_refused(interview, field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.filter(pk=interview.pk).update(**{field: value})


def test_an_unknown_round_mode_is_refused(tech_round):
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewRound.objects.filter(pk=tech_round.pk).update(mode="pigeon")


@pytest.mark.parametrize(("field", "value"), [("status", "lost"), ("recommendation", "maybe")])
def test_an_unknown_scorecard_status_or_recommendation_is_refused(interview, panel, field, value):
    card = Scorecard.objects.create(interview=interview, interviewer=panel[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Scorecard.objects.filter(pk=card.pk).update(**{field: value})


def test_a_draft_may_have_no_recommendation_yet(interview, panel):
    card = Scorecard.objects.create(interview=interview, interviewer=panel[0])
    assert card.recommendation == ""
