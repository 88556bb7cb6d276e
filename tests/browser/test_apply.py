"""An anonymous visitor applies on the careers page; the hiring manager sees the
knock-out flag; a bad upload is refused on the form."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from recruiting.pipelines.models import Application, Candidate
from recruiting.postings.sample_files import make_pdf
from tests.careers.apply_factories import _fast_password_hashing, files_under, posting_with_questions  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def posting(hiring_manager):
    return posting_with_questions(hiring_manager=hiring_manager, title="Lead Backend Engineer", location="Chennai")


def fill_in_the_form(page, *, notice_days: str = "15"):
    page.get_by_label("Full name").fill("Karthik Subramanian")
    page.get_by_label("E-mail").fill("karthik.s@example.in")
    page.get_by_label("Phone").fill("98400 12345")
    page.get_by_label("What is your expected CTC (per year)?").fill("30 L")
    page.get_by_label("What is your notice period, in days?").fill(notice_days)
    page.get_by_label("How many years have you worked with Golang?").fill("6")
    page.get_by_role("group", name="Can you attend weekday interviews in person in Chennai?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("I agree that the company may store").check()


def test_a_visitor_applies_and_the_hiring_manager_sees_the_knockout_flag(
    live_server, page, context, sign_in_as, posting, hiring_manager, tmp_path
):
    cv_path = tmp_path / "Karthik CV.pdf"
    cv_path.write_bytes(make_pdf("Karthik Subramanian\nBackend engineer: Go, PostgreSQL, Kafka"))

    page.goto(live_server.url + "/careers/")
    page.get_by_role("link", name="Lead Backend Engineer").click()
    expect(page.get_by_test_id("posting-title")).to_have_text("Lead Backend Engineer")
    expect(page.get_by_test_id("pay-band")).to_have_text("₹18,51,368.30 – ₹35,50,754.94 per year")

    fill_in_the_form(page, notice_days="60")
    page.get_by_label("CV", exact=True).set_input_files(str(cv_path))
    page.get_by_test_id("apply-submit").click()

    expect(page.get_by_test_id("applied")).to_contain_text("Thank you for applying")
    expect(page).to_have_url(re.compile(r"/careers/[0-9a-f-]+/applied/\?t="))

    application = Application.objects.select_related("candidate").get()
    assert application.candidate.full_name == "Karthik Subramanian"
    assert application.candidate.phone == "+919840012345"
    assert application.documents.get().original_filename == "Karthik CV.pdf"
    assert application.is_flagged
    assert application.knockout_flags == ["notice period 60 days > 15"]

    sign_in_as(hiring_manager)
    page.goto(f"{live_server.url}/pipelines/postings/{posting.public_id}/board/")
    card = page.locator("article.card").filter(has_text="Karthik Subramanian")
    expect(card.get_by_test_id("knockout")).to_be_visible()
    # The reason is part of the badge's accessible name (shown on hover, focus and tap).
    expect(card.get_by_role("button", name="Knock-out notice period 60 days > 15")).to_be_visible()


def test_an_html_file_called_cv_pdf_is_refused_on_the_form(live_server, page, posting, settings, tmp_path):
    fake = tmp_path / "cv.pdf"
    fake.write_text("<!DOCTYPE html><html><body><h1>My CV</h1></body></html>")

    page.goto(f"{live_server.url}/careers/{posting.public_id}/")
    fill_in_the_form(page)
    page.get_by_label("CV", exact=True).set_input_files(str(fake))
    page.get_by_test_id("apply-submit").click()

    expect(page.get_by_test_id("form-error-summary")).to_be_visible()
    expect(page.locator("#apply-form")).to_contain_text("Upload your CV as a PDF or Word (.docx) file.")
    expect(page.get_by_label("Full name")).to_have_value("Karthik Subramanian")
    assert Candidate.objects.count() == 0
    assert Application.objects.count() == 0
    assert files_under(settings.MEDIA_ROOT) == []
