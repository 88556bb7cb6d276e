"""A hiring manager creates a posting, adds a screening question with a knock-out,
publishes it and finds it open on the list."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from recruiting.postings.models import Posting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_hiring_manager_creates_and_publishes_a_posting_with_a_knock_out(
    live_server, page, sign_in_as, hiring_manager
):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in_as(hiring_manager)
    page.goto(live_server.url + "/postings/")
    page.get_by_test_id("new-posting").click()

    form = page.get_by_test_id("posting-form")
    form.locator("[name=title]").fill("Lead Backend Engineer")
    form.locator("[name=team]").fill("Platform")
    form.locator("[name=location]").fill("Chennai")
    form.locator("[name=experience_min]").fill("10")
    form.locator("[name=experience_max]").fill("3")
    form.locator("[name=experience_max]").dispatch_event("change")  # live validation over htmx
    expect(page.locator("#err-experience_max")).to_contain_text("Must not be less than the minimum")
    form.locator("[name=experience_max]").fill("")
    form.locator("[name=experience_max]").dispatch_event("change")
    expect(page.locator("#err-experience_max")).to_be_empty()
    form.locator("[name=pay_min]").fill("18,51,368.30")
    form.locator("[name=pay_max]").fill("35,50,754.94")
    form.locator("[name=skills-0-name]").fill("Golang")
    form.locator("[name=skills-0-min_years]").fill("4")
    page.get_by_test_id("save-posting").click()

    expect(page.get_by_test_id("posting-title")).to_have_text("Lead Backend Engineer")
    expect(page.get_by_test_id("pay-band")).to_contain_text("₹18,51,368.30 – ₹35,50,754.94 per year")
    expect(page.get_by_test_id("status-badge")).to_have_text("Draft")

    page.get_by_test_id("edit-questions").click()
    add = page.get_by_test_id("add-question")
    add.locator("[name=text]").fill("What is your notice period, in days?")
    add.locator("[name=kind]").select_option("duration_days")
    add.locator("[name=rule]").select_option("constant")
    add.locator("[name=knockout_op]").select_option("lte")
    add.locator("[name=knockout_value]").fill("15")
    page.get_by_test_id("add-question-submit").click()
    expect(page.get_by_test_id("question")).to_contain_text("What is your notice period, in days?")
    expect(page.get_by_test_id("knockout")).to_have_text("knock-out: at most 15")

    page.get_by_test_id("status-open").click()  # publish, over htmx
    expect(page.get_by_test_id("status-badge")).to_have_text("Open")

    page.goto(live_server.url + "/postings/?status=open")
    row = page.get_by_test_id("posting-row").filter(has_text="Lead Backend Engineer")
    expect(row.get_by_test_id("status-badge")).to_have_text("Open")
    expect(row).to_contain_text(re.compile(r"₹18\.5 L – ₹35\.5 L"))

    # No CSP violations or script errors on the way (a missing favicon is not ours).
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []

    posting = Posting.objects.get()
    assert posting.hiring_manager == hiring_manager
    assert posting.status == "open"
    question = posting.questions.get()
    assert (question.knockout_op, question.knockout_value) == ("lte", "15")
