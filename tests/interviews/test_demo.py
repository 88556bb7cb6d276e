from __future__ import annotations

import io

import pytest

from recruiting.interviews.models import AvailabilityWindow, Interview, InterviewRound, Scorecard


@pytest.mark.django_db
def test_seed_demo_creates_windows_plans_and_interviews(settings):
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    assert AvailabilityWindow.objects.filter(weekday__gte=5).count() == 0
    assert AvailabilityWindow.objects.exists()
    if InterviewRound.objects.exists():
        assert set(InterviewRound.objects.values_list("name", flat=True)) == {
            "Technical",
            "System design",
            "Hiring manager",
        }
        assert all(r.criteria.count() > 0 for r in InterviewRound.objects.all())
    if Interview.objects.exists():
        assert Scorecard.objects.filter(status="submitted").exists()
        assert Interview.objects.filter(status="scheduled").exists()
