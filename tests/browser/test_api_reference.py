"""The API reference page in a real browser: Swagger UI (vendored, started by our static
script) renders the live schema under the strict CSP, with nothing blocked; a signed-in
recruiter can try an operation from it with their session."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import PostingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_reference_renders_the_schema_without_csp_violations(live_server, page, sign_in_as, recruiter):
    PostingFactory(title="Reference Probe Posting")
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in_as(recruiter)
    page.goto(live_server.url + reverse("api:reference"))
    page.get_by_text("Recruiting portal API").first.wait_for()
    operation = page.locator("#operations-postings-recruiting_api_endpoints_postings_list_postings")
    operation.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.locator(".live-responses-table").get_by_text("Reference Probe Posting").first.wait_for()
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
