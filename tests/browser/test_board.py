"""The pipeline board in a real browser: drag and drop, the keyboard menu, live updates
for a second viewer, stale moves, rejecting with a reason."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def posting(hiring_manager):
    return PostingFactory(hiring_manager=hiring_manager, title="Lead Backend Engineer")


@pytest.fixture
def arjun(posting):
    return ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Arjun Rao"))


@pytest.fixture
def stages(posting):
    return {stage.name: stage for stage in posting.stages.all()}


def board_url(live_server, posting) -> str:
    return live_server.url + reverse("pipelines:board", args=[posting.public_id])


def column(page, stage):
    return page.locator(f"#column-{stage.pk}")


def open_page_as(browser, live_server, user):
    """A second, separate browser (own context, own cookies) signed in as `user`."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context = browser.new_context()
    context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def move_with_the_menu(page, application, stage_name: str) -> None:
    card = page.locator(f"#card-{application.public_id}")
    card.locator(".card-act").click()
    card.get_by_test_id("move-select").select_option(label=stage_name)
    card.get_by_test_id("move-button").click()


def test_dragging_a_card_to_the_next_stage_updates_both_columns(
    live_server, page, sign_in_as, hiring_manager, posting, stages, arjun
):
    sign_in_as(hiring_manager)
    page.goto(board_url(live_server, posting))
    card = page.locator(f"#card-{arjun.public_id}")
    expect(column(page, stages["Applied"]).get_by_test_id("count")).to_have_text("1")
    card.drag_to(column(page, stages["Screen"]))
    expect(column(page, stages["Screen"]).locator(f"#card-{arjun.public_id}")).to_be_visible()
    expect(column(page, stages["Screen"]).get_by_test_id("count")).to_have_text("1")
    expect(column(page, stages["Applied"]).get_by_test_id("count")).to_have_text("0")
    expect(page.get_by_test_id("board-message")).to_contain_text("Arjun Rao moved to Screen.")
    arjun.refresh_from_db()
    assert arjun.stage == stages["Screen"]


def test_the_keyboard_menu_moves_a_card(live_server, page, sign_in_as, hiring_manager, posting, stages, arjun):
    sign_in_as(hiring_manager)
    page.goto(board_url(live_server, posting))
    card = page.locator(f"#card-{arjun.public_id}")
    card.locator(".card-act").focus()
    page.keyboard.press("Enter")  # opens the menu
    card.get_by_test_id("move-select").select_option(label="Technical")
    card.get_by_test_id("move-button").focus()
    page.keyboard.press("Enter")
    expect(column(page, stages["Technical"]).locator(f"#card-{arjun.public_id}")).to_be_visible()
    expect(column(page, stages["Applied"]).get_by_test_id("count")).to_have_text("0")


def test_a_second_viewer_sees_the_move_without_reloading(
    live_server, browser, page, sign_in_as, hiring_manager, recruiter, posting, stages, arjun
):
    sign_in_as(hiring_manager)
    page.goto(board_url(live_server, posting))
    other = open_page_as(browser, live_server, recruiter)
    other.goto(board_url(live_server, posting))
    expect(column(other, stages["Applied"]).locator(f"#card-{arjun.public_id}")).to_be_visible()

    move_with_the_menu(page, arjun, "Screen")
    expect(column(page, stages["Screen"]).locator(f"#card-{arjun.public_id}")).to_be_visible()
    # The other browser polls every 4 seconds; no reload happens.
    expect(column(other, stages["Screen"]).locator(f"#card-{arjun.public_id}")).to_be_visible()
    expect(column(other, stages["Applied"]).get_by_test_id("count")).to_have_text("0")
    other.context.close()


def test_a_stale_move_is_refused_with_who_moved_the_card(
    live_server, browser, page, sign_in_as, hiring_manager, posting, stages, arjun
):
    meena = UserFactory(email="meena@example.com", full_name="Meena Iyer", role="recruiter")
    sign_in_as(hiring_manager)
    page.goto(board_url(live_server, posting))
    # This viewer has not received the poll yet: stop it, to make "before the poll" certain.
    page.evaluate("document.getElementById('board-poll').remove()")
    other = open_page_as(browser, live_server, meena)
    other.goto(board_url(live_server, posting))

    move_with_the_menu(other, arjun, "Technical")
    expect(column(other, stages["Technical"]).locator(f"#card-{arjun.public_id}")).to_be_visible()

    move_with_the_menu(page, arjun, "Screen")
    message = page.get_by_test_id("board-message")
    expect(message).to_contain_text("Meena Iyer moved Arjun Rao to Technical at")
    expect(message).to_contain_text("your move was not applied")
    expect(column(page, stages["Technical"]).locator(f"#card-{arjun.public_id}")).to_be_visible()
    expect(column(page, stages["Screen"]).locator(f"#card-{arjun.public_id}")).to_have_count(0)
    arjun.refresh_from_db()
    assert arjun.stage == stages["Technical"]
    other.context.close()


def test_rejecting_a_card_with_a_reason(live_server, page, sign_in_as, hiring_manager, posting, stages, arjun):
    sign_in_as(hiring_manager)
    page.goto(board_url(live_server, posting))
    card = page.locator(f"#card-{arjun.public_id}")
    card.locator(".card-act").click()
    card.get_by_test_id("reject-link").click()
    form = card.get_by_test_id("reject-form")
    expect(form).to_contain_text("Send the rejection e-mail in 24 hours")
    form.get_by_test_id("reject-reason").select_option(label="Skills mismatch")
    form.get_by_test_id("reject-button").click()
    expect(page.get_by_test_id("board-message")).to_contain_text("Arjun Rao rejected (Skills mismatch).")
    expect(page.locator(f"#card-{arjun.public_id}")).to_have_count(0)
    expect(page.get_by_test_id("rejected-count")).to_have_text("1")

    page.get_by_test_id("board-message").get_by_test_id("cancel-email").click()
    expect(page.get_by_test_id("board-message").last).to_contain_text("was cancelled")
    arjun.refresh_from_db()
    assert arjun.state == "rejected" and arjun.rejection_reason.name == "Skills mismatch"
