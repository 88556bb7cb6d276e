"""Blind review names everywhere an interviewer meets the candidate: the invitation,
update and cancellation e-mails and their calendar file, reminders and nudges, the
interview and feedback pages and the candidate page. A panelist who may not see the
name yet gets "P. #1042"; the recruiter on the same panel, and the candidate, the name."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from recruiting.api.scopes import ALL_SCOPES
from recruiting.api.tokens import token_create
from recruiting.interviews import services, tasks
from recruiting.interviews.blind import candidate_label, posting_blind_review_set
from recruiting.notifications.models import Notification
from recruiting.postings.sample_files import make_pdf
from tests.factories import ApplicationFactory, CandidateFactory, add_document
from tests.interviews.factories import book, first_slot, give_windows, make_round, started, submit

pytestmark = pytest.mark.django_db

NAME = "Priya Venkataraman"
EMAIL = "priya.venkat@gmail.com"
PHONE = "+919876543210"
CV = f"{NAME}\n{PHONE} | {EMAIL}\nExperience\nZentrix Payments, Go ledger service, Kafka, 7 years."
# What must not reach a blind panelist, in any form it could take.
PERSONAL = ["Priya", "Venkataraman", "priya.venkat", "9876543210"]


@pytest.fixture
def blind_application(posting, recruiter):
    posting_blind_review_set(posting=posting, blind_cv=True, redact_colleges=False, actor=recruiter)
    candidate = CandidateFactory(full_name=NAME, email=EMAIL, phone=PHONE, location="Andheri West, Mumbai")
    application = ApplicationFactory(posting=posting, candidate=candidate)
    add_document(candidate, make_pdf(CV), application=application, text=CV, status="ready")
    return application


@pytest.fixture
def mixed_round(posting, interviewer, recruiter):
    """A round whose panel is an interviewer (blind) and a recruiter (sees the name)."""
    give_windows(interviewer)
    give_windows(recruiter)
    return make_round(posting, pool=[interviewer, recruiter], actor=recruiter, interviewers_needed=2)


@pytest.fixture
def interview(blind_application, mixed_round, interviewer, recruiter):
    return book(blind_application, mixed_round, [interviewer, recruiter], actor=recruiter)


def _mail(kind: str, person_email: str) -> tuple[str, Calendar | None]:
    """The newest e-mail of `kind` to `person_email`: subject, text and HTML body and the
    decoded calendar file as one string, and the parsed calendar."""
    mail = Notification.objects.filter(kind=kind, to=[person_email]).latest("pk")
    texts = [mail.subject, mail.body_text, mail.body_html]
    calendar = None
    for attachment in mail.attachments:
        raw = base64.b64decode(attachment["content"])
        texts.append(raw.decode())
        calendar = Calendar.from_ical(raw)
    return "\n".join(texts), calendar


def _event(calendar: Calendar):
    return next(iter(calendar.walk("VEVENT")))


def _assert_nothing_personal(text: str) -> None:
    for item in PERSONAL:
        assert item.lower() not in text.lower(), item


def test_the_invitation_names_the_label_for_the_blind_panelist_and_the_name_for_the_recruiter(
    interview, blind_application, interviewer, recruiter
):
    label = candidate_label(blind_application)
    blind_text, blind_cal = _mail("interview_invite", interviewer.email)
    _assert_nothing_personal(blind_text)
    assert label in blind_text and label in str(_event(blind_cal)["SUMMARY"])
    attendees = [str(a) for a in _event(blind_cal)["ATTENDEE"]]
    assert EMAIL not in " ".join(attendees) and interviewer.email in " ".join(attendees)

    full_text, full_cal = _mail("interview_invite", recruiter.email)
    assert NAME in full_text and EMAIL in full_text and NAME in str(_event(full_cal)["SUMMARY"])
    # One event: the same UID and SEQUENCE in both copies.
    assert _event(blind_cal)["UID"] == _event(full_cal)["UID"] == interview.ical_uid
    assert _event(blind_cal)["SEQUENCE"] == _event(full_cal)["SEQUENCE"] == 0

    candidate_text, _ = _mail("interview_invite", EMAIL)
    assert f"Hello {NAME}" in candidate_text


def test_an_update_keeps_the_uid_raises_the_sequence_and_stays_blind(interview, interviewer, recruiter, mixed_round):
    later = first_slot([interviewer, recruiter], mixed_round, after=interview.ends_at + timedelta(days=1))
    services.interview_reschedule(interview=interview, start=later, actor=recruiter)
    blind_text, blind_cal = _mail("interview_invite", interviewer.email)
    _, full_cal = _mail("interview_invite", recruiter.email)
    _assert_nothing_personal(blind_text)
    assert "Updated:" in blind_text
    assert _event(blind_cal)["UID"] == _event(full_cal)["UID"] == interview.ical_uid
    assert _event(blind_cal)["SEQUENCE"] == _event(full_cal)["SEQUENCE"] == 1


def test_the_cancellation_is_blind_for_the_panelist(interview, interviewer, recruiter):
    services.interview_cancel(interview=interview, actor=recruiter, reason="Role on hold", tell_candidate=True)
    blind_text, blind_cal = _mail("interview_cancelled", interviewer.email)
    _assert_nothing_personal(blind_text)
    assert _event(blind_cal)["UID"] == interview.ical_uid and str(_event(blind_cal)["STATUS"]) == "CANCELLED"
    full_text, _ = _mail("interview_cancelled", recruiter.email)
    assert NAME in full_text


def test_reminders_and_nudges_are_blind_for_the_panelist(interview, interviewer, recruiter):
    tasks.reminders_due(now=interview.starts_at - timedelta(hours=23))
    _assert_nothing_personal(_mail("interview_reminder", interviewer.email)[0])
    assert NAME in _mail("interview_reminder", recruiter.email)[0]
    tasks.nudges_due(now=interview.ends_at + timedelta(hours=25))
    _assert_nothing_personal(_mail("scorecard_nudge", interviewer.email)[0])


def test_without_the_setting_the_panel_gets_the_name(posting, recruiter, mixed_round, interviewer):
    application = ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name=NAME, email=EMAIL))
    book(application, mixed_round, [interviewer, recruiter], actor=recruiter)
    text, calendar = _mail("interview_invite", interviewer.email)
    assert NAME in text and EMAIL in " ".join(str(a) for a in _event(calendar)["ATTENDEE"])


def test_the_candidate_page_shows_the_interviewer_the_label_and_no_cv(
    client_for, interview, blind_application, interviewer
):
    client = client_for(interviewer)
    page = client.get(blind_application.candidate.get_absolute_url())
    body = page.content.decode()
    assert page.status_code == 200
    _assert_nothing_personal(body)
    assert "Andheri" not in body and "Zentrix Payments" not in body  # no CV text at all
    assert candidate_label(blind_application) in body and 'data-testid="blind-cv-note"' in body
    assert reverse("interviews:cv", args=[blind_application.public_id]) in body
    assert blind_application.documents.get().get_absolute_url() not in body


def test_the_recruiter_sees_the_candidate_page_as_ever(client_for, interview, blind_application, recruiter):
    body = client_for(recruiter).get(blind_application.candidate.get_absolute_url()).content.decode()
    assert NAME in body and EMAIL in body and "Zentrix Payments" in body


def test_the_interview_and_feedback_pages_show_the_label_until_the_scorecard_is_in(
    client_for, interview, blind_application, interviewer
):
    client = client_for(interviewer)
    pages = [
        reverse("interviews:detail", args=[interview.public_id]),
        reverse("interviews:feedback", args=[blind_application.public_id]),
        reverse("interviews:scorecard", args=[interview.public_id]),
        blind_application.candidate.get_absolute_url(),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        _assert_nothing_personal(body)
        assert candidate_label(blind_application) in body, url
    submit(started(interview), interviewer)
    for url in pages:
        assert NAME in client.get(url).content.decode(), url


def test_the_interviewers_lists_never_show_the_name(client_for, interview, interviewer):
    client = client_for(interviewer)
    started(interview, ago=timedelta(hours=2))
    for url in ("/", reverse("interviews:home")):
        _assert_nothing_personal(client.get(url).content.decode())


def test_an_interviewer_on_two_rounds_stays_blind_until_both_cards_are_in(
    client_for, interview, blind_application, interviewer, recruiter, posting
):
    second = make_round(posting, pool=[interviewer], actor=recruiter, interviewers_needed=1, name="Design")
    later = book(blind_application, second, [interviewer], actor=recruiter, start=None)
    submit(started(interview), interviewer)
    assert later.starts_at > timezone.now()
    body = client_for(interviewer).get(reverse("interviews:detail", args=[later.public_id])).content.decode()
    _assert_nothing_personal(body)


def test_the_api_gives_the_blind_panelist_the_label(client, interview, blind_application, interviewer, recruiter):
    def get(user, url):
        _token, text = token_create(name=f"{user.email} token", user=user, scopes=ALL_SCOPES)
        response = client.get(url, headers={"Authorization": f"Bearer {text}"})
        assert response.status_code == 200, (url, response.content)
        return response.content.decode()

    urls = [
        reverse("api:applications"),
        reverse("api:application", args=[blind_application.public_id]),
        reverse("api:interviews"),
        reverse("api:interview", args=[interview.public_id]),
        reverse("api:candidate", args=[blind_application.candidate.public_id]),
    ]
    for url in urls:
        body = get(interviewer, url)
        _assert_nothing_personal(body)
        assert "Andheri" not in body and candidate_label(blind_application) in body, url
        assert NAME in get(recruiter, url), url
