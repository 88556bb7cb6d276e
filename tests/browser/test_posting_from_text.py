"""A hiring manager pastes a job description written unlike our tuned corpus (emoji
bullets, a "We're hiring:" title line, a CTC in Indian grouping) and gets a draft whose
description keeps its lists, in the preview and on the created posting."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from recruiting.postings.models import Posting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HELDOUT = Path(__file__).resolve().parents[1] / "postings" / "jd_parser" / "heldout"


def test_a_pasted_description_with_emoji_bullets_keeps_its_lists(live_server, page, sign_in_as, hiring_manager):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in_as(hiring_manager)
    page.goto(live_server.url + "/postings/new/from-text/")
    page.locator("textarea[name=text]").fill((HELDOUT / "h04_android_emoji.txt").read_text(encoding="utf-8"))
    page.get_by_test_id("detect").click()

    form = page.get_by_test_id("posting-form")
    expect(form.locator("[name=title]")).to_have_value("Senior Android Developer")
    expect(form.locator("[name=location]")).to_have_value("Chennai")
    expect(form.locator("[name=pay_max]")).to_have_value("3200000")
    preview = page.get_by_test_id("description-preview")
    expect(preview.locator("li")).to_have_count(9)
    expect(preview.locator("li").first).to_have_text("Build new features in our customer and rider apps")

    page.get_by_test_id("save-posting").click()
    expect(page.locator("h1")).to_contain_text("Senior Android Developer")
    items = page.locator(".markdown li")
    expect(items).to_have_count(9)
    expect(items.nth(3)).to_have_text("Kotlin – 5 years")
    posting = Posting.objects.get(title="Senior Android Developer")
    assert "\n- Kotlin – 5 years\n" in posting.description.replace("\r\n", "\n")  # a textarea posts CRLF
    assert {s.name: s.min_years for s in posting.skills.all() if s.required} == {
        "Kotlin": 5,
        "Android": 6,
        "Jetpack Compose": 1,
        "Coroutines": None,
    }
    assert errors == []
