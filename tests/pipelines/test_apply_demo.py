"""The demo applications go through the real apply service."""

from __future__ import annotations

import io

import pytest

from recruiting.pipelines import demo_applications
from recruiting.pipelines.models import Answer, Application, Candidate
from tests.careers.apply_factories import _fast_password_hashing, posting_with_questions  # noqa: F401
from tests.factories import PostingFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_creates_applications_with_answers_cvs_and_knockouts(monkeypatch, settings):
    monkeypatch.setattr(demo_applications, "APPLICATIONS", 40)
    first = posting_with_questions(title="Lead Backend Engineer")
    second = posting_with_questions(title="Technical Lead", knockout_action="reject")
    PostingFactory(title="Draft role", status="draft")
    users = {"recruiter": UserFactory(role="recruiter"), "interviewer": UserFactory(role="interviewer")}
    out = io.StringIO()

    demo_applications.seed(users=users, stdout=out)

    applications = Application.objects.all()
    assert 30 <= applications.count() <= 40
    assert set(applications.values_list("posting_id", flat=True)) == {first.pk, second.pk}
    assert Answer.objects.count() >= applications.count() * 3
    assert applications.filter(is_flagged=True).exists()
    assert applications.filter(posting=second, state="rejected", rejection_reason__name="Knock-out").exists()
    assert applications.filter(is_flagged=False).exists()
    assert len(set(applications.values_list("source", flat=True))) >= 3
    assert not applications.filter(documents__isnull=True).exists()  # each with the CV it was sent with
    assert Candidate.objects.filter(skills__contains=["Go"]).exists()
    assert "demo applications:" in out.getvalue()
    from recruiting.notifications.models import Notification

    assert Notification.objects.count() == 0


def test_the_demo_skips_quietly_without_open_postings():
    out = io.StringIO()
    demo_applications.seed(users={}, stdout=out)
    assert Application.objects.count() == 0
    assert "skipped" in out.getvalue()
