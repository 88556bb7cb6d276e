"""An admin adds a company holiday on a day with a booked interview in the Django admin:
the confirmation page lists it, "Go back" returns to the filled form without saving, and
confirming saves the holiday and proposes new times."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from recruiting.interviews.models import CompanyHoliday, RescheduleProposal
from recruiting.interviews.scheduling import zone
from tests.factories import ApplicationFactory, PostingFactory
from tests.interviews.factories import book, make_interviewer, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_an_admin_previews_goes_back_and_confirms_a_holiday(live_server, page, sign_in_as, admin_user, recruiter):
    panel = [make_interviewer(email=f"panel{i}@example.com", full_name=f"Panel {i}") for i in range(2)]
    posting = PostingFactory(title="Lead Backend Engineer")
    application = ApplicationFactory(posting=posting)
    interview = book(application, make_round(posting, pool=panel, name="Technical"), panel, actor=recruiter)
    day = interview.starts_at.astimezone(zone("Asia/Kolkata")).date().isoformat()

    sign_in_as(admin_user)
    page.goto(live_server.url + "/admin/interviews/companyholiday/add/")
    page.locator("#id_date").fill(day)
    page.locator("#id_name").fill("Founders' day")
    page.locator("input[name=_save]").click()
    hits = page.get_by_test_id("hit")
    expect(hits).to_have_count(1)
    expect(hits).to_contain_text("Technical")
    expect(hits).to_contain_text(application.candidate.full_name)
    expect(hits).to_contain_text("Panel 0, Panel 1")
    assert not CompanyHoliday.objects.exists()

    page.get_by_test_id("hits-back").click()
    expect(page.locator("#id_name")).to_have_value("Founders' day")
    assert not CompanyHoliday.objects.exists()

    page.locator("input[name=_save]").click()
    page.get_by_test_id("hits-confirm").click()
    expect(page.locator(".messagelist")).to_contain_text("1 booked interview(s) are hit; recruiters get new times")
    assert CompanyHoliday.objects.get().name == "Founders' day"
    assert RescheduleProposal.objects.filter(interview=interview, status="open").count() == 1
