"""Each app's part of data protection: an app registers a privacy module (core.privacy)
and export, the counts and erasure cover what it holds, without the privacy app naming it."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from recruiting.core.privacy import privacy_modules, register_privacy, unregister_privacy
from recruiting.privacy.services import candidate_erase, candidate_export, held_counts
from tests.factories import ApplicationFactory, UserFactory
from tests.privacy import fake_part

pytestmark = pytest.mark.django_db

FAKE = ("privacy", "tests.privacy.fake_part")


@pytest.fixture
def part():
    fake_part.calls.clear()
    register_privacy(*FAKE)
    yield fake_part
    unregister_privacy(*FAKE)


def test_the_interviews_part_is_registered_by_its_app():
    assert "recruiting.interviews.privacy" in [module.__name__ for module in privacy_modules()]


def test_a_registered_part_counts_exports_and_erases_what_it_holds(part):
    application = ApplicationFactory()
    admin = UserFactory(role="admin")
    assert held_counts([application.candidate_id], [application.pk], [])["offer_letters"] == 1

    archive = zipfile.ZipFile(io.BytesIO(candidate_export(candidate=application.candidate, actor=admin)))
    [exported] = json.loads(archive.read("candidate.json"))["applications"]
    assert exported["offer_letters"] == [f"letter for {application.pk}"]

    assert candidate_erase(candidate=application.candidate, actor=admin, reason="Asked by e-mail", force=True)
    [(_, subject)] = [call for call in part.calls if call[0] == "erase"]
    assert subject.application_ids == [application.pk]
    assert subject.label.startswith("Erased candidate #") and subject.actor == admin
