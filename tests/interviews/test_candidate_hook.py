"""The candidate page loads each application's feedback from the interviews app."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.interviews.factories import book, submit

pytestmark = pytest.mark.django_db


def test_the_candidate_page_loads_blind_aware_feedback(client_for, hiring_manager, application, tech_round, panel):
    interview = book(application, tech_round, panel)
    submit(interview, panel[0], notes="Secret insight about caching")
    page = client_for(hiring_manager).get(reverse("pipelines:candidate", args=[application.candidate.public_id]))
    body = page.content.decode()
    assert page.status_code == 200
    assert reverse("interviews:feedback", args=[application.public_id]) in body
    assert reverse("interviews:decision", args=[application.public_id]) in body


def test_a_panelist_gets_the_hook_without_manager_links(client_for, application, tech_round, panel):
    interview = book(application, tech_round, panel)
    client = client_for(panel[1])
    before = client.get(reverse("pipelines:candidate", args=[application.candidate.public_id])).content.decode()
    # Nothing submitted yet: one line, no feedback to load.
    assert before.count("No scorecards yet.") == 1
    assert reverse("interviews:feedback", args=[application.public_id]) not in before
    submit(interview, panel[0], notes="Secret insight about caching")
    page = client.get(reverse("pipelines:candidate", args=[application.candidate.public_id]))
    body = page.content.decode()
    assert page.status_code == 200
    assert reverse("interviews:feedback", args=[application.public_id]) in body  # blind-aware, loaded
    assert reverse("interviews:decision", args=[application.public_id]) not in body
