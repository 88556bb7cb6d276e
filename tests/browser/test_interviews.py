"""Interview journeys in a real browser: availability, booking a panel, the candidate's
self-scheduling link, blind scorecards and the hiring manager's decision."""

from __future__ import annotations

import base64
import re

import pytest
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import expect

from recruiting.interviews import services
from recruiting.interviews.models import AvailabilityWindow, Interview
from recruiting.notifications.models import Notification
from recruiting.pipelines.models import Application
from tests.factories import ApplicationFactory, PostingFactory
from tests.interviews.factories import book, make_interviewer, make_round, started

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def three(db):
    return [
        make_interviewer(email=f"panel{i}@example.com", full_name=name)
        for i, name in enumerate(["Anu Panel", "Bala Panel", "Chitra Panel"])
    ]


@pytest.fixture
def setup(hiring_manager, three):
    posting = PostingFactory(hiring_manager=hiring_manager, title="Lead Backend Engineer")
    application = ApplicationFactory(posting=posting)
    interview_round = make_round(posting, pool=three, interviewers_needed=3, name="Technical")
    return posting, application, interview_round


def test_an_interviewer_sets_weekday_windows(live_server, page, sign_in_as, interviewer):
    sign_in_as(interviewer)
    page.goto(live_server.url + "/interviews/")
    page.get_by_test_id("availability-link").click()
    expect(page.get_by_test_id("week")).to_be_visible()
    form = page.get_by_test_id("window-form")
    options = form.locator("select[name=weekday] option").all_inner_texts()
    assert options == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    form.locator("select[name=weekday]").select_option("1")
    form.locator("input[name=start]").fill("15:00")
    form.locator("input[name=end]").fill("18:00")
    form.get_by_role("button", name="Add window").click()
    expect(page.locator('.week-day[data-weekday="1"] [data-testid=window]')).to_contain_text("15:00–18:00")
    form = page.get_by_test_id("window-form")
    form.locator("select[name=weekday]").select_option("0")
    form.locator("input[name=start]").fill("10:00")
    form.locator("input[name=end]").fill("13:00")
    form.get_by_role("button", name="Add window").click()
    expect(page.locator('.week-day[data-weekday="0"] [data-testid=window]')).to_contain_text("10:00–13:00")
    assert sorted(AvailabilityWindow.objects.filter(interviewer=interviewer).values_list("weekday", flat=True)) == [
        0,
        1,
    ]


def test_a_recruiter_books_a_three_person_panel_from_the_proposals(
    live_server, page, sign_in_as, recruiter, setup, three
):
    posting, application, interview_round = setup
    mail.outbox.clear()
    sign_in_as(recruiter)
    page.goto(live_server.url + f"/interviews/applications/{application.public_id}/")
    page.get_by_test_id(f"schedule-{interview_round.pk}").click()
    for person in three:
        page.get_by_label(re.compile(person.full_name)).check()
    page.get_by_test_id("find-slots").click()
    slots = page.get_by_test_id("slot")
    expect(slots.first).to_be_visible()
    expect(slots.first).to_contain_text("Anu Panel")
    slots.first.click()
    expect(page.locator(".flash")).to_contain_text("Booked")
    interview = Interview.objects.get(application=application)
    assert interview.panel.count() == 3
    invites = Notification.objects.filter(kind="interview_invite", related_id=str(interview.pk))
    assert sorted(n.to[0] for n in invites) == sorted([p.email for p in three] + [application.candidate.email])
    sent = [m for m in mail.outbox if "invite.ics" in [a[0] for a in m.attachments]]
    assert len(sent) == 4
    for message in sent:
        name, content, mimetype = message.attachments[0]
        assert mimetype.startswith("text/calendar")
        cal = Calendar.from_ical(content)
        assert str(cal["METHOD"]) == "REQUEST"
        (event,) = cal.walk("VEVENT")
        assert str(event["UID"]) == f"interview-{interview.public_id}@recruiting.portal"
        assert event.decoded("DTSTART") == interview.starts_at
    row = invites.first()
    assert Calendar.from_ical(base64.b64decode(row.attachments[0]["content"]))["METHOD"] == "REQUEST"


def test_the_candidate_books_through_the_self_scheduling_link(live_server, page, recruiter, setup, three):
    posting, application, interview_round = setup
    _link, token = services.scheduling_link_create(
        application=application, round=interview_round, panel=three, actor=recruiter
    )
    page.goto(live_server.url + f"/interviews/book/{token}/")
    expect(page.get_by_role("heading", name="Pick your interview time")).to_be_visible()
    page.get_by_label("Time zone").select_option("Europe/London")
    expect(page.get_by_test_id("slot").first).to_contain_text(re.compile(r"GMT|BST"))
    page.get_by_test_id("slot").first.click()
    expect(page.get_by_test_id("booked")).to_contain_text("You are booked")
    interview = Interview.objects.get(application=application)
    assert interview.source == "candidate" and interview.candidate_time_zone == "Europe/London"
    page.goto(live_server.url + f"/interviews/book/{token}/")
    expect(page.get_by_test_id("link-problem")).to_contain_text("already been used")


def _fill_scorecard(page, rating: str, notes: str):
    for criterion in page.get_by_test_id("criterion").all():
        criterion.locator(f"input[type=radio][value='{rating}']").check()
        criterion.locator("textarea").fill("Explained with a production example.")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Notes").fill(notes)
    page.get_by_test_id("submit-scorecard").click()


def test_blind_scorecards_then_the_hiring_manager_moves_to_offer(
    live_server, page, context, sign_in_as, hiring_manager, setup, three
):
    posting, application, interview_round = setup
    interview = started(book(application, interview_round, three))
    first, second = three[0], three[1]
    url = live_server.url + f"/interviews/{interview.public_id}/scorecard/"

    sign_in_as(first)
    page.goto(url)
    _fill_scorecard(page, "4", "First panelist's private view on caching")
    expect(page.locator(".flash")).to_contain_text("Scorecard submitted")
    expect(page.get_by_test_id("card-status")).to_contain_text("Submitted")

    context.clear_cookies()
    sign_in_as(second)
    page.goto(url)
    expect(page.get_by_test_id("blind-note")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("First panelist's private view")
    page.goto(live_server.url + f"/interviews/applications/{application.public_id}/feedback/")
    expect(page.locator("main")).not_to_contain_text("First panelist's private view")
    page.goto(url)
    _fill_scorecard(page, "3", "Second view")
    expect(page.get_by_test_id("other-feedback")).to_contain_text("First panelist's private view on caching")

    context.clear_cookies()
    sign_in_as(hiring_manager)
    page.goto(live_server.url + f"/interviews/applications/{application.public_id}/decision/")
    table = page.get_by_test_id("decision-table")
    expect(table).to_contain_text("Anu Panel")
    expect(table).to_contain_text("Bala Panel")
    expect(page.get_by_test_id("average")).to_have_text("3.50")
    page.get_by_test_id("offer").click()
    expect(page.locator(".flash")).to_contain_text("moved to Offer")
    assert Application.objects.get(pk=application.pk).stage.name == "Offer"


def test_a_recruiter_pages_to_later_slots_and_cancels_with_a_reason(
    live_server, page, sign_in_as, recruiter, setup, three
):
    posting, application, interview_round = setup
    sign_in_as(recruiter)
    page.goto(live_server.url + f"/interviews/applications/{application.public_id}/schedule/{interview_round.pk}/")
    for person in three:
        page.get_by_label(re.compile(person.full_name)).check()
    page.get_by_test_id("find-slots").click()
    first_slot = page.get_by_test_id("slot").first
    expect(first_slot).to_be_visible()
    first_label = first_slot.inner_text()
    page.get_by_test_id("slots-later").click()
    expect(page.get_by_test_id("slots-first")).to_be_visible()
    expect(page.get_by_test_id("slot").first).not_to_have_text(first_label)
    page.get_by_test_id("slot").first.click()
    expect(page.get_by_test_id("status")).to_have_text("Scheduled")

    page.get_by_test_id("cancel-link").click()
    expect(page.locator("h1")).to_have_text("Cancel this interview?")
    page.get_by_label(re.compile("Reason")).fill("The role was filled internally")
    page.get_by_label("Include the reason in the e-mail to the candidate").check()
    page.get_by_test_id("confirm-cancel").click()
    expect(page.get_by_test_id("status")).to_have_text("Cancelled")
    to_candidate = Notification.objects.get(kind="interview_cancelled", to=[application.contact_email])
    assert "The role was filled internally" in to_candidate.body_text
