"""The board at a laptop's size (1366x800), by keyboard: every column fits, a column
collapses, a move keeps focus on the moved card (shown in its new column even past "Load
more"), a reject moves focus to the next card and updates the count, and a knock-out's
reason shows on focus and on tap."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from recruiting.pipelines.models import Application
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED_CARD = (
    "() => { const c = document.activeElement && document.activeElement.closest('.card'); return c ? c.id : null; }"
)


@pytest.fixture
def posting(hiring_manager):
    return PostingFactory(hiring_manager=hiring_manager, title="Platform Engineer")


@pytest.fixture
def stages(posting):
    return {stage.name: stage for stage in posting.stages.all()}


def _apply(posting, name, stage=None):
    application = ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name=name))
    if stage is not None:
        Application.objects.filter(pk=application.pk).update(stage=stage)
    return application


@pytest.fixture
def laptop(page, sign_in_as, hiring_manager, live_server, posting):
    page.set_viewport_size({"width": 1366, "height": 800})
    sign_in_as(hiring_manager)

    def open_board():
        page.goto(live_server.url + reverse("pipelines:board", args=[posting.public_id]))

    return open_board


def test_eight_columns_fit_at_1366_and_one_collapses(page, laptop, posting, stages):
    _apply(posting, "Arjun Rao")
    laptop()
    columns = page.locator(".board > .board-column")
    expect(columns).to_have_count(8)  # seven stages and Closed
    for index in range(8):
        box = columns.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1366, (index, box)
    expect(page.get_by_test_id("scroll-cue")).to_be_hidden()

    applied = page.locator(f"#column-{stages['Applied'].pk}")
    applied.get_by_test_id("column-toggle").focus()
    page.keyboard.press("Enter")
    expect(applied).to_have_class("board-column collapsed")
    assert applied.bounding_box()["width"] < 50
    page.reload()  # remembered in this browser
    expect(page.locator(f"#column-{stages['Applied'].pk}")).to_have_class("board-column collapsed")


def test_columns_off_the_edge_show_a_scroll_cue(page, laptop, posting):
    _apply(posting, "Arjun Rao")
    page.set_viewport_size({"width": 900, "height": 800})
    laptop()
    cue = page.get_by_test_id("scroll-cue")
    expect(cue).to_be_visible()
    cue.get_by_role("button").click()
    page.wait_for_function("() => document.querySelector('.board').scrollLeft > 0")


def test_keyboard_move_and_reject_keep_focus_on_the_cards(page, laptop, posting, stages):
    arjun = _apply(posting, "Arjun Rao")
    bela = _apply(posting, "Bela Iyer")
    # Technical already holds a full first page, so the moved card lands past "Load more".
    for number in range(26):
        _apply(posting, f"Technical person {number}", stages["Technical"])
    laptop()
    technical = page.locator(f"#column-{stages['Technical'].pk}")
    expect(technical.get_by_test_id("load-more")).to_be_visible()
    expect(page.get_by_test_id("board-total")).to_contain_text("28 in process")

    # Move: open the card's menu from the keyboard; the stage list has focus.
    page.locator(f"#card-{arjun.public_id} .card-act").focus()
    page.keyboard.press("Enter")
    select = page.locator(f"#card-{arjun.public_id}").get_by_test_id("move-select")
    expect(select).to_be_focused()
    select.select_option(label="Technical")
    page.keyboard.press("Tab")  # to "Move"
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("board-message")).to_contain_text("Arjun Rao moved to Technical.")
    expect(technical.locator(f"#card-{arjun.public_id}")).to_be_visible()
    page.wait_for_function(f"() => ({FOCUSED_CARD})() === 'card-{arjun.public_id}'")
    expect(technical.get_by_test_id("count")).to_have_text("27")

    # Reject from the keyboard: focus moves to the next card of the column it left.
    page.keyboard.press("Enter")  # focus is on the moved card's menu button
    expect(page.locator(f"#card-{arjun.public_id}").get_by_test_id("move-select")).to_be_focused()
    page.keyboard.press("Tab")  # "Move"
    page.keyboard.press("Tab")  # "Reject…"
    page.keyboard.press("Enter")
    reason = page.locator(f"#card-{arjun.public_id}").get_by_test_id("reject-reason")
    expect(reason).to_be_focused()
    reason.select_option(label="Skills mismatch")
    page.locator(f"#card-{arjun.public_id}").get_by_test_id("reject-button").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("board-message").last).to_contain_text("Arjun Rao rejected (Skills mismatch).")
    expect(page.locator(f"#card-{arjun.public_id}")).to_have_count(0)
    focused = page.evaluate(FOCUSED_CARD)
    assert focused is not None and focused.startswith("card-"), focused
    assert page.locator(f"#{focused}").evaluate("card => card.closest('.board-column').id") == technical.evaluate(
        "column => column.id"
    )
    expect(page.get_by_test_id("board-total")).to_contain_text("27 in process")
    expect(page.get_by_test_id("rejected-count")).to_have_text("1")
    expect(page.locator(f"#card-{bela.public_id}")).to_be_visible()


def test_a_knockout_reason_shows_on_focus_and_on_tap(page, laptop, posting):
    flagged = _apply(posting, "Chitra Das")
    Application.objects.filter(pk=flagged.pk).update(is_flagged=True, knockout_flags=["notice period 90 days > 30"])
    laptop()
    badge = page.locator(f"#card-{flagged.public_id}").get_by_test_id("knockout")
    # Read with the button's name by screen readers; shown as a box on focus and tap.
    expect(badge).to_have_accessible_name("Knock-out notice period 90 days > 30")

    def shown() -> bool:
        return badge.locator("span").evaluate("span => span.getBoundingClientRect().width > 40")

    assert not shown()
    badge.focus()
    assert shown()
    page.locator("h1").click()  # focus elsewhere
    assert not shown()
    badge.dispatch_event("click")  # a tap without hover or focus (as iOS Safari does)
    expect(badge).to_have_attribute("aria-expanded", "true")
    assert shown()
