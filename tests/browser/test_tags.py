"""Journey: a recruiter types two tags at once on the candidate page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tags_typed_with_a_comma_become_two_tags(live_server, page, sign_in_as, recruiter):
    application = ApplicationFactory()
    sign_in_as(recruiter)
    page.goto(live_server.url + application.candidate.get_absolute_url())
    page.get_by_test_id("tag-input").fill("strong-go, chennai-local")
    page.get_by_test_id("tag-input").press("Enter")
    tags = page.get_by_test_id("tags").locator(".badge")
    expect(tags).to_have_text(["chennai-local", "strong-go"])
    page.get_by_role("button", name="Remove tag strong-go").click()
    expect(tags).to_have_text(["chennai-local"])
