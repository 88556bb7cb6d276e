"""Journey: the add-candidate form asks for the referrer or the agency only when it applies."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_source_details_follow_the_chosen_source(live_server, page, sign_in_as, recruiter):
    sign_in_as(recruiter)
    page.goto(live_server.url + "/pipelines/candidates/new/")
    referrer, agency = page.get_by_test_id("referrer-field"), page.get_by_test_id("source-name-field")
    expect(referrer).to_be_hidden()
    expect(agency).to_be_hidden()
    page.locator("select[name=source]").select_option("referral")
    expect(referrer).to_be_visible()
    expect(agency).to_be_hidden()
    page.locator("select[name=source]").select_option("agency")
    expect(referrer).to_be_hidden()
    expect(agency).to_be_visible()
