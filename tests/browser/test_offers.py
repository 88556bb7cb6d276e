"""The offer journey in a real browser: the decision page → an offer above the band → two
approvals → the PDF letter (read back with pypdf) → the e-mail with the link → the
candidate accepts in a fresh browser context → Hired, and the posting closes."""

from __future__ import annotations

import base64
import io
import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from recruiting.offers.models import Offer, OfferState
from recruiting.pipelines.models import Application
from recruiting.postings.models import Posting
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory, UserFactory
from tests.offers.factories import working_day_after

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _as(context, sign_in_as, user):
    context.clear_cookies()
    sign_in_as(user)


def test_an_offer_above_the_band_is_approved_sent_and_accepted(
    live_server, browser, context, page, sign_in_as, recruiter, hiring_manager
):
    approver = UserFactory(
        email="appu.approver@example.com", full_name="Appu Approver", role="recruiter", is_offer_approver=True
    )
    posting = PostingFactory(hiring_manager=hiring_manager, title="Sentinel Platform Lead", openings=1)
    candidate = CandidateFactory(full_name="Meera Krishnan", notice_period_days=15)
    application = ApplicationFactory(posting=posting, candidate=candidate)
    joining = working_day_after(30)
    mail.outbox.clear()

    # The recruiter prepares the offer from the decision page, above the band.
    _as(context, sign_in_as, recruiter)
    page.goto(live_server.url + f"/interviews/applications/{application.public_id}/decision/")
    page.get_by_test_id("prepare-offer").click()
    form = page.get_by_test_id("offer-form")
    form.locator("input[name=level]").fill("L5")
    form.locator("input[name=fixed_pay]").fill("40,00,000")
    form.locator("input[name=variable_pay]").fill("4 L")
    form.locator("input[name=joining_date]").fill(joining.isoformat())
    form.locator("input[name=expires_on]").fill(working_day_after(7).isoformat())
    page.get_by_test_id("save-offer").click()
    expect(page.get_by_test_id("offer-state")).to_have_text("Waiting for approval")
    expect(page.get_by_test_id("band-position")).to_have_text("above the band")
    offer = Offer.objects.get(application=application)

    # Two approvals: the hiring manager, then an offer approver from their dashboard.
    _as(context, sign_in_as, hiring_manager)
    page.goto(live_server.url + offer.get_absolute_url())
    page.get_by_test_id("approval-form").locator("textarea").fill("Worth it")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("approvals")).to_contain_text("Approved by Hari Manager")
    expect(page.get_by_test_id("approve")).to_have_count(0)

    _as(context, sign_in_as, approver)
    page.goto(live_server.url + "/")
    page.get_by_test_id("approval-item").filter(has_text="Meera Krishnan").click()
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("offer-state")).to_have_text("Ready to send")

    # The letter: the name, the figures the Indian way and the joining date.
    response = page.request.get(live_server.url + f"/offers/{offer.public_id}/letter.pdf")
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(response.body())).pages[0].extract_text().split())
    assert "Meera Krishnan" in text
    assert "₹40,00,000" in text
    assert "₹44,00,000" in text  # total CTC
    assert "Rupees Forty-Four Lakh Only" in text
    assert f"{joining.day} {joining:%B %Y}" in text

    # The hiring manager sends it: an e-mail with the PDF and the link.
    _as(context, sign_in_as, hiring_manager)
    page.goto(live_server.url + offer.get_absolute_url())
    page.get_by_test_id("send").click()
    expect(page.get_by_test_id("offer-state")).to_have_text("Sent")
    letter = next(m for m in mail.outbox if m.to == [candidate.email] and "offer" in m.subject.lower())
    link = re.search(r"https?://\S+/offers/letter/\S+/", letter.body).group(0)
    name, content, mimetype = letter.attachments[0]
    assert mimetype == "application/pdf"
    pdf = content if isinstance(content, bytes) else base64.b64decode(content)
    assert "₹40,00,000" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()

    # The candidate, in a fresh browser with no session, accepts.
    fresh = browser.new_context()
    try:
        candidate_page = fresh.new_page()
        candidate_page.goto(live_server.url + link[link.index("/offers/") :])
        expect(candidate_page.get_by_test_id("offer-page")).to_contain_text("₹40,00,000")
        candidate_page.get_by_label(re.compile("full name")).fill("Meera Krishnan")
        candidate_page.get_by_label(re.compile("I accept")).check()
        candidate_page.get_by_test_id("accept").click()
        expect(candidate_page.get_by_test_id("answered")).to_contain_text("Welcome aboard")
        # The link now says it was answered, and a second accept changes nothing.
        candidate_page.goto(live_server.url + link[link.index("/offers/") :])
        expect(candidate_page.get_by_test_id("link-problem")).to_contain_text("accepted")
    finally:
        fresh.close()

    offer.refresh_from_db()
    assert offer.state == OfferState.ACCEPTED
    assert offer.signature_name == "Meera Krishnan"
    assert offer.signature_ip
    assert Application.objects.get(pk=application.pk).state == Application.State.HIRED
    assert Posting.objects.get(pk=posting.pk).status == Posting.Status.CLOSED
