from __future__ import annotations

import pytest

from tests.factories import ApplicationFactory, PostingFactory
from tests.interviews.factories import give_windows, make_interviewer, make_round


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2 costs ~0.6 s per user; these tests create several users each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def posting(hiring_manager):
    return PostingFactory(hiring_manager=hiring_manager, evaluation_focus=[])


@pytest.fixture
def application(posting):
    return ApplicationFactory(posting=posting)


@pytest.fixture
def second_interviewer(db):
    return make_interviewer(email="priya.second@example.com", full_name="Priya Second")


@pytest.fixture
def panel(interviewer, second_interviewer):
    give_windows(interviewer)
    return [interviewer, second_interviewer]


@pytest.fixture
def tech_round(posting, panel, recruiter):
    return make_round(posting, pool=panel, actor=recruiter, interviewers_needed=2)
