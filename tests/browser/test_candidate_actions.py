"""The candidate page as a place to act, in a real browser: move, reject, schedule and a
note that lands in the timeline."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from recruiting.pipelines.models import Application
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_moves_rejects_schedules_and_notes_from_the_candidate_page(
    live_server, page, sign_in_as, hiring_manager
):
    posting = PostingFactory(hiring_manager=hiring_manager, title="Data Engineer")
    application = ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Kavya Menon"))
    sign_in_as(hiring_manager)
    page.goto(live_server.url + reverse("pipelines:candidate", args=[application.candidate.public_id]))
    block = page.locator(f"#application-{application.public_id}")

    block.get_by_test_id("app-move-select").select_option(label="Screen")
    block.get_by_test_id("app-move").click()
    expect(page.locator(".flash")).to_contain_text("Kavya Menon moved to Screen.")
    expect(block.locator("header")).to_contain_text("Screen")
    assert page.url.endswith(f"#application-{application.public_id}")

    page.locator("#id_body").fill("Strong on Spark; ask about notice period")
    page.get_by_test_id("add-note").click()
    expect(page.get_by_test_id("timeline-note").first).to_contain_text("Strong on Spark; ask about notice period")

    expect(block.get_by_test_id("app-schedule")).to_have_attribute(
        "href", reverse("interviews:application", args=[application.public_id])
    )

    block.get_by_test_id("app-reject-open").click()
    block.get_by_test_id("app-reject-reason").select_option(label="Skills mismatch")
    block.get_by_test_id("app-reject").click()
    expect(page.locator(".flash")).to_contain_text("Kavya Menon rejected (Skills mismatch).")
    expect(block.get_by_test_id("app-actions")).to_have_count(0)
    application.refresh_from_db()
    assert application.state == Application.State.REJECTED and application.stage.name == "Screen"
