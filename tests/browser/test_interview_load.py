"""Issue 14 in a real browser: time off that hits a booked interview (preview, then the
recruiter's one click on a substitute), and the pool choosing a fair panel."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from recruiting.interviews.models import Interview, RescheduleProposal
from recruiting.interviews.scheduling import zone
from tests.factories import ApplicationFactory, PostingFactory
from tests.interviews.factories import book, make_interviewer, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def setup(hiring_manager, recruiter):
    pool = [
        make_interviewer(email=f"load{i}@example.com", full_name=name)
        for i, name in enumerate(["Asha Pool", "Bilal Pool", "Chen Pool"])
    ]
    posting = PostingFactory(hiring_manager=hiring_manager, title="Platform Engineer")
    application = ApplicationFactory(posting=posting)
    interview_round = make_round(posting, pool=pool, interviewers_needed=2, name="System design")
    return pool, application, interview_round


def test_time_off_over_an_interview_is_previewed_then_the_recruiter_picks_a_substitute(
    live_server, page, context, sign_in_as, recruiter, setup
):
    pool, application, interview_round = setup
    interview = book(application, interview_round, pool[:2], actor=recruiter)
    day = interview.starts_at.astimezone(zone("Asia/Kolkata")).date().isoformat()

    sign_in_as(pool[0])
    page.goto(live_server.url + "/interviews/availability/")
    form = page.get_by_test_id("time-off-form")
    form.locator("input[name=first_day]").fill(day)
    form.locator("input[name=last_day]").fill(day)
    form.get_by_test_id("time-off-save").click()
    expect(page.get_by_test_id("time-off-hits")).to_contain_text("hits 1 booked interview")
    assert not RescheduleProposal.objects.exists()
    page.get_by_test_id("time-off-save").click()
    expect(page.get_by_test_id("time-off")).to_contain_text(re.compile(r"\d{4}"))
    assert RescheduleProposal.objects.count() == 1

    context.clear_cookies()
    sign_in_as(recruiter)
    page.goto(live_server.url + "/")
    option = page.get_by_test_id("proposal-option").filter(has_text="Chen Pool")
    expect(option).to_be_visible()
    option.click()
    expect(page.get_by_test_id("panel")).to_contain_text("Chen Pool")
    expect(page.get_by_test_id("panel")).not_to_contain_text("Asha Pool")
    assert Interview.objects.get(pk=interview.pk).sequence == 1


def test_the_pool_chooses_a_fair_panel(live_server, page, sign_in_as, recruiter, setup):
    pool, application, interview_round = setup
    other = make_round(application.posting, pool=[pool[0]], interviewers_needed=1, name="Warm-up")
    book(ApplicationFactory(posting=application.posting), other, [pool[0]])
    sign_in_as(recruiter)
    page.goto(live_server.url + f"/interviews/applications/{application.public_id}/schedule/{interview_round.pk}/")
    page.get_by_test_id("auto-panel").click()
    first = page.get_by_test_id("fair-slot").first
    expect(first).to_contain_text("Bilal Pool")
    expect(first).to_contain_text("Chen Pool")
    expect(first).not_to_contain_text("Asha Pool")
    first.get_by_test_id("slot").click()
    expect(page.get_by_test_id("status")).to_have_text("Scheduled")
    expect(page.get_by_test_id("panel")).to_contain_text("Bilal Pool")


def test_an_interviewer_reviews_a_blind_cv_until_the_scorecard_is_in(live_server, page, sign_in_as, recruiter, setup):
    from recruiting.interviews.blind import posting_blind_review_set
    from recruiting.postings.sample_files import make_pdf
    from tests.factories import CandidateFactory, add_document
    from tests.interviews.factories import started

    pool, application, interview_round = setup
    posting_blind_review_set(posting=application.posting, blind_cv=True, redact_colleges=False, actor=recruiter)
    candidate = CandidateFactory(full_name="Meenakshi Iyer", email="meenakshi.iyer@mail.example.com")
    blind_application = ApplicationFactory(posting=application.posting, candidate=candidate)
    text = "Meenakshi Iyer\n+91 98450 12345 | meenakshi.iyer@mail.example.com\nBuilt Kafka pipelines in Go."
    add_document(candidate, make_pdf(text), application=blind_application, text=text, status="ready")
    interview = started(book(blind_application, interview_round, pool[:2], actor=recruiter))

    sign_in_as(pool[0])
    page.goto(live_server.url + f"/interviews/{interview.public_id}/scorecard/")
    expect(page.get_by_test_id("candidate")).to_contain_text(f"M. #{blind_application.pk}")
    expect(page.locator("main")).not_to_contain_text("Meenakshi")
    page.get_by_test_id("cv-link").click()
    expect(page.get_by_test_id("blind-cv")).to_contain_text("Built Kafka pipelines in Go.")
    expect(page.get_by_test_id("blind-cv")).not_to_contain_text("Meenakshi")
    expect(page.get_by_test_id("blind-cv")).not_to_contain_text("98450")
