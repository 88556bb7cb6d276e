from __future__ import annotations

import pytest

from tests.factories import PostingFactory


@pytest.fixture
def posting(hiring_manager):
    """An open posting owned by the `hiring_manager` of the cast."""
    return PostingFactory(hiring_manager=hiring_manager, title="Lead Backend Engineer")


@pytest.fixture
def library(db):
    """The seeded question library. Created again here because browser tests (which
    flush the database) may have run first in this worker."""
    from recruiting.postings.models import LibraryQuestion

    rows = {
        "current_ctc": dict(text="What is your current CTC (per year)?", kind="money", currency="INR"),
        "expected_ctc": dict(
            text="What is your expected CTC (per year)?", kind="money", currency="INR", knockout_band_max=True
        ),
        "notice_period": dict(
            text="What is your notice period, in days?", kind="duration_days", knockout_op="lte", knockout_value="15"
        ),
        "years_golang": dict(
            text="How many years have you worked with Golang?",
            kind="years",
            skill="Golang",
            knockout_op="gte",
            knockout_value="4",
        ),
        "weekday_in_person_chennai": dict(
            text="Can you attend weekday interviews in person in Chennai?",
            kind="yes_no",
            knockout_op="eq",
            knockout_value="yes",
        ),
    }
    return {key: LibraryQuestion.objects.get_or_create(key=key, defaults=data)[0] for key, data in rows.items()}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The cast's passwords are hashed on every test; the default hasher is made slow on
    # purpose, which these tests do not need.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
