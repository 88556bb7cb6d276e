"""Journey: a recruiter types "@" in a note, picks a colleague with the keyboard, saves the
note, and the colleague is told; someone who may not see the candidate is never offered."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from recruiting.notifications.models import Notification
from recruiting.pipelines.models import Note
from tests.factories import ApplicationFactory, UserFactory
from tests.pipelines.factories import posting_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mention_is_picked_with_the_keyboard_and_the_colleague_is_told(
    live_server, page, sign_in_as, recruiter, hiring_manager, outsider_manager
):
    application = ApplicationFactory(posting=posting_for(hiring_manager))
    hanna = UserFactory(email="hanna.hr@example.com", full_name="Hanna Hiring", role="recruiter")
    sign_in_as(recruiter)
    page.goto(live_server.url + application.candidate.get_absolute_url())
    box = page.get_by_role("textbox", name="Note", exact=True)
    listbox = page.get_by_role("listbox", name="Colleagues to mention")
    options = listbox.get_by_role("option")

    box.click()
    box.press_sequentially("Please call @h")
    # Hari (the posting's owner) and Hanna may see the candidate; Olga's posting is another.
    expect(listbox).to_be_visible()
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("Hanna Hiring")
    expect(options.nth(1)).to_contain_text("Hari Manager")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "mention-option-0")

    # Escape closes; typing on reopens on the narrowed list.
    box.press("Escape")
    expect(listbox).to_be_hidden()
    box.press_sequentially("a")
    expect(options).to_have_count(2)

    box.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "mention-option-1")
    box.press("Enter")
    expect(listbox).to_be_hidden()
    expect(box).to_have_value("Please call @hari.manager@example.com ")
    expect(box).to_be_focused()

    # A second mention, picked with Tab; Olga is never offered.
    box.press_sequentially("and @o")
    expect(options).to_have_count(0)
    expect(listbox).to_be_hidden()
    box.press("Backspace")
    expect(options).to_have_count(2)
    box.press_sequentially("Han")
    expect(options).to_have_count(1)
    box.press("Tab")
    expect(box).to_have_value("Please call @hari.manager@example.com and @hanna.hr@example.com ")
    expect(page.get_by_text("olga.outsider@example.com")).to_have_count(0)

    box.press_sequentially("today")
    page.get_by_test_id("add-note").click()
    expect(page.get_by_test_id("timeline-note").first).to_contain_text("Please call @hari.manager")
    note = Note.objects.get(candidate=application.candidate)
    assert {u.email for u in note.mentions.all()} == {hiring_manager.email, hanna.email}
    told = sorted(
        address for to in Notification.objects.filter(kind="mention").values_list("to", flat=True) for address in to
    )
    assert told == [hanna.email, hiring_manager.email]
    assert outsider_manager.email not in told
