from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from recruiting.offers import answers, services
from recruiting.offers.forms import LetterTemplateForm
from recruiting.offers.models import LetterTemplate, Offer, OfferState
from tests.factories import ApplicationFactory, PostingFactory
from tests.interviews.factories import book, make_interviewer, make_round
from tests.offers.factories import ABOVE_BAND

pytestmark = pytest.mark.django_db


def _form(terms: dict, version: int = 0) -> dict:
    data = {k: ("" if v is None else str(v)) for k, v in terms.items()}
    data["expected_version"] = str(version)
    return data


@pytest.fixture
def sent(application, recruiter, hiring_manager, terms):
    offer = services.offer_save(application=application, actor=recruiter, terms=terms())
    offer = services.offer_send(offer=offer, actor=hiring_manager)
    return offer, answers.offer_link_token(offer, offer.current)


def test_a_recruiter_prepares_an_offer_prefilled_from_the_posting(client_for, recruiter, application, terms):
    client = client_for(recruiter)
    url = reverse("offers:prepare", args=[application.public_id])
    page = client.get(url).content.decode()
    assert 'value="Sentinel Platform Lead"' in page
    assert "₹18,51,368.30 – ₹35,50,754.94 per year" in page
    response = client.post(url, _form(terms(fixed_pay="40,00,000")))
    offer = Offer.objects.get(application=application)
    assert response.status_code == 302
    assert response["Location"] == offer.get_absolute_url()
    assert offer.state == OfferState.PENDING_APPROVAL
    assert str(offer.current.fixed_pay) == "4000000.00"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("fixed_pay", "-5", "cannot be negative"),
        ("fixed_pay", "0", "more than zero"),
        ("joining_bonus", "1" + "0" * 12, "more than ₹1,00,00,00,000"),
        ("fixed_pay", "lots", "Enter an amount"),
    ],
)
def test_bad_amounts_are_refused_on_the_page(client_for, recruiter, application, terms, field, value, message):
    response = client_for(recruiter).post(
        reverse("offers:prepare", args=[application.public_id]), _form(terms(**{field: value}))
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Offer.objects.exists()


def test_a_stale_edit_is_refused_with_who_changed_it(client_for, recruiter, admin_user, application, terms):
    offer = services.offer_save(application=application, actor=recruiter, terms=terms())
    seen = offer.version
    services.offer_save(application=application, actor=admin_user, terms=terms(level="L9"), expected_version=seen)
    client = client_for(recruiter)
    response = client.post(
        reverse("offers:prepare", args=[application.public_id]), _form(terms(level="L7"), version=seen), follow=True
    )
    assert "Ada Admin changed this offer" in response.content.decode()
    offer.refresh_from_db()
    assert offer.current.level == "L9"


def test_hiring_managers_and_interviewers_do_not_prepare_offers(client_for, hiring_manager, interviewer, application):
    url = reverse("offers:prepare", args=[application.public_id])
    assert client_for(hiring_manager).get(url).status_code == 403
    assert client_for(interviewer).get(url).status_code == 403


def test_the_offer_is_seen_by_its_approvers_but_never_by_panelists(
    client_for, recruiter, hiring_manager, outsider_manager, approver, application, terms
):
    offer = services.offer_save(application=application, actor=recruiter, terms=terms(fixed_pay=ABOVE_BAND))
    panelist = make_interviewer(email="pia.panelist@example.com", full_name="Pia Panelist")
    panelist.is_offer_approver = True  # the flag never opens offers to an interviewer
    panelist.save()
    book(application, make_round(application.posting, pool=[panelist], actor=recruiter), [panelist], actor=recruiter)
    url = offer.get_absolute_url()
    assert client_for(hiring_manager).get(url).status_code == 200
    assert "₹40,00,000" in client_for(approver).get(url).content.decode()
    assert client_for(outsider_manager).get(url).status_code == 404
    assert client_for(panelist).get(url).status_code == 404
    assert client_for(panelist).get(reverse("offers:letter", args=[offer.public_id])).status_code == 404
    candidate_page = client_for(panelist).get(application.candidate.get_absolute_url()).content.decode()
    assert "40,00,000" not in candidate_page and "offer-box" not in candidate_page
    # An approver may approve, not send.
    assert (
        client_for(approver).post(reverse("offers:send", args=[offer.public_id]), {"expected_version": 1}).status_code
        == 403
    )


def test_approving_a_changed_revision_from_the_page_says_so(client_for, recruiter, hiring_manager, application, terms):
    offer = services.offer_save(application=application, actor=recruiter, terms=terms(fixed_pay=ABOVE_BAND))
    services.offer_save(
        application=application, actor=recruiter, terms=terms(fixed_pay=ABOVE_BAND + 5), expected_version=offer.version
    )
    response = client_for(hiring_manager).post(
        reverse("offers:approve", args=[offer.public_id]), {"revision": 1, "decision": "approve"}, follow=True
    )
    assert "now revision 2" in response.content.decode()
    assert not offer.approvals.filter(state="approved").exists()


def test_the_letter_is_a_pdf_with_the_indian_figures(client_for, recruiter, application, terms):
    offer = services.offer_save(application=application, actor=recruiter, terms=terms())
    response = client_for(recruiter).get(reverse("offers:letter", args=[offer.public_id]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Meera Krishnan" in text
    assert "₹25,00,000" in text
    assert "Rupees Twenty-Eight Lakh Only" in text


def test_an_admin_edited_template_is_used_and_cannot_reach_beyond_its_placeholders(recruiter, application, terms):
    form = LetterTemplateForm(data={"name": "Bad", "body": "{{ candidate.email }} {{ secret_key }}", "active": True})
    assert not form.is_valid()
    assert "secret_key" in str(form.errors)
    LetterTemplate.objects.create(
        name="Short", body="<p>Hello {{ candidate_name }}, {{ fixed_pay_words }}.</p><script>x()</script>"
    )
    from recruiting.offers.letter import letter_html

    offer = services.offer_save(application=application, actor=recruiter, terms=terms())
    html = letter_html(offer.current)
    assert "Hello Meera Krishnan, Rupees Twenty-Five Lakh Only." in html
    assert "<script>" not in html


def test_the_candidate_page_shows_the_link_once_and_refuses_a_tampered_one(client, sent):
    offer, token = sent
    response = client.get(reverse("offers:respond", args=[token]))
    assert response.status_code == 200
    assert "₹25,00,000" in response.content.decode()
    response = client.get(reverse("offers:respond", args=[token[:-4] + "AAAA"]))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_a_wrong_name_or_a_missing_checkbox_is_told(client, sent):
    offer, token = sent
    url = reverse("offers:respond", args=[token])
    response = client.post(url, {"action": "accept", "full_name": "Meera K", "agree": "on"})
    assert response.status_code == 400
    assert "Type your full name" in response.content.decode()
    response = client.post(url, {"action": "accept", "full_name": "Meera Krishnan"})
    assert response.status_code == 400
    offer.refresh_from_db()
    assert offer.state == OfferState.SENT


def test_accept_in_one_tab_then_decline_in_another_is_told(client, sent):
    offer, token = sent
    url = reverse("offers:respond", args=[token])
    accepted = client.post(
        url, {"action": "accept", "full_name": "Meera Krishnan", "agree": "on"}, REMOTE_ADDR="203.0.113.5"
    )
    assert "Welcome aboard" in accepted.content.decode()
    declined = client.post(url, {"action": "decline", "reason": "other_offer"})
    assert "You have accepted this offer" in declined.content.decode()
    offer.refresh_from_db()
    assert (offer.state, offer.signature_ip) == (OfferState.ACCEPTED, "203.0.113.5")


def test_a_question_from_the_candidate_shows_on_the_candidate_page(client, client_for, recruiter, sent, application):
    offer, token = sent
    client.post(reverse("offers:respond", args=[token]), {"action": "ask", "question": "Can I join remotely?"})
    page = client_for(recruiter).get(application.candidate.get_absolute_url()).content.decode()
    assert "Can I join remotely?" in page


def test_answers_and_questions_on_a_link_are_rate_limited_per_connection_and_offer(
    client, settings, sent, application, recruiter, hiring_manager, terms
):
    settings.OFFER_LINK_POST_LIMIT = 2
    offer, token = sent
    url = reverse("offers:respond", args=[token])
    for n in range(2):
        assert client.post(url, {"action": "ask", "question": f"Question {n}?"}).status_code == 200
    limited = client.post(url, {"action": "accept", "full_name": application.candidate.full_name, "agree": "on"})
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert "Too many attempts" in limited.content.decode()
    offer.refresh_from_db()
    assert offer.state == OfferState.SENT and offer.questions.count() == 2
    assert client.get(url).status_code == 200  # reading the offer is never limited
    other = ApplicationFactory(posting=application.posting)
    other_offer = services.offer_send(
        offer=services.offer_save(application=other, actor=recruiter, terms=terms()), actor=hiring_manager
    )
    other_token = answers.offer_link_token(other_offer, other_offer.current)
    assert (
        client.post(reverse("offers:respond", args=[other_token]), {"action": "ask", "question": "Mine?"}).status_code
        == 200
    )


def test_the_candidate_page_reads_offers_in_the_same_queries_for_more_applications(
    client_for, recruiter, hiring_manager, application, terms
):
    services.offer_save(application=application, actor=recruiter, terms=terms())
    url = application.candidate.get_absolute_url()
    counts = {}
    for label in ("small", "large"):
        if label == "large":
            for _ in range(4):
                other = ApplicationFactory(
                    candidate=application.candidate, posting=PostingFactory(hiring_manager=hiring_manager)
                )
                services.offer_save(application=other, actor=recruiter, terms=terms())
        for user in (recruiter, hiring_manager):
            client_for(user).get(url)  # warm: the session and per-process caches
            with CaptureQueriesContext(connection) as queries:
                assert client_for(user).get(url).status_code == 200
            counts[(label, user.pk)] = len(queries.captured_queries)
    assert counts[("small", recruiter.pk)] == counts[("large", recruiter.pk)]
    assert counts[("small", hiring_manager.pk)] == counts[("large", hiring_manager.pk)]


def test_the_approver_sees_waiting_offers_on_the_dashboard(
    client_for, recruiter, hiring_manager, approver, application, terms
):
    offer = services.offer_save(application=application, actor=recruiter, terms=terms(fixed_pay=ABOVE_BAND))
    assert "Meera Krishnan" in client_for(hiring_manager).get("/").content.decode()
    assert "No offer is waiting for you" in client_for(approver).get("/").content.decode()
    services.approval_decide(offer=offer, actor=hiring_manager, revision_number=1, approve=True)
    assert offer.get_absolute_url() in client_for(approver).get("/").content.decode()


def test_the_filled_posting_question_is_answered_with_one_click(client_for, hiring_manager, sent, posting):
    offer, token = sent
    other = ApplicationFactory(posting=posting)
    answers.offer_accept(token=token, typed_name="Meera Krishnan", ip="")
    client = client_for(hiring_manager)
    assert "Sentinel Platform Lead" in client.get("/").content.decode()  # the panel asks
    url = reverse("offers:filled", args=[posting.public_id])
    assert other.candidate.full_name in client.get(url).content.decode()
    client.post(url, {"action": "reject"})
    other.refresh_from_db()
    assert other.state == "rejected"
    assert "0 rejected" not in client.get(url).content.decode()


def test_the_admin_lists_offers_by_state_and_posting(client_for, admin_user, recruiter, application, terms):
    services.offer_save(application=application, actor=recruiter, terms=terms())
    client = client_for(admin_user)
    url = reverse("admin:offers_offer_changelist")
    assert "Meera Krishnan" in client.get(url, {"state__exact": "ready"}).content.decode()
    assert "Meera Krishnan" not in client.get(url, {"state__exact": "sent"}).content.decode()
    page = client.get(url, {"application__posting__id__exact": application.posting_id}).content.decode()
    assert "Meera Krishnan" in page
