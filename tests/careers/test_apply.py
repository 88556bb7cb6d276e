"""Applying through the careers page: the apply POST, the application_submit service,
bad uploads, duplicates, abuse limits, knock-outs and consent."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recruiting.careers.apply import CVSizeLimitHandler, submission_token_make
from recruiting.notifications.models import Notification
from recruiting.notifications.services import notification_cancel
from recruiting.pipelines.applying import application_submit, knockout_rejection_key
from recruiting.pipelines.cv import MSG_DOCX_TOO_BIG_UNPACKED, MSG_EMPTY, MSG_WRONG_TYPE, safe_filename
from recruiting.pipelines.models import Answer, Application, Candidate, Document, KnockoutEvaluation
from recruiting.postings.models import ConsentText, Posting
from recruiting.postings.sample_files import make_pdf, make_zip_bomb_docx
from tests.careers.apply_factories import (  # noqa: F401 - _fast_password_hashing is an autouse fixture
    _fast_password_hashing,
    add_question,
    answer_field,
    apply_data,
    files_under,
    pdf_upload,
    posting_with_questions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def posting(hiring_manager):
    return posting_with_questions(hiring_manager=hiring_manager)


def apply_url(posting) -> str:
    return reverse("careers:apply", args=[posting.public_id])


def stored_nothing(settings) -> bool:
    return (
        Candidate.objects.count() == 0
        and Application.objects.count() == 0
        and Answer.objects.count() == 0
        and Notification.objects.count() == 0
        and files_under(settings.MEDIA_ROOT) == []
    )


# --- Happy path --------------------------------------------------------------------------


def test_it_accepts_an_application_and_stores_everything(client, posting, settings):
    response = client.post(apply_url(posting), apply_data(posting))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("careers:applied", args=[posting.public_id]) + "?t=")
    candidate = Candidate.objects.get()
    assert candidate.full_name == "Priya Raman"
    assert candidate.email_normalised == "priya.raman@example.in"
    assert candidate.phone_normalised == "+919876543210"
    assert candidate.notice_period_days == 15
    application = Application.objects.get()
    assert application.candidate == candidate
    assert application.posting == posting
    assert application.source == "careers"
    assert application.stage == posting.stages.order_by("order").first()
    assert application.state == Application.State.ACTIVE
    assert application.knockout_flags == []
    assert application.is_flagged is False
    assert application.submission_key


def test_it_stores_the_cv_under_a_random_name_and_keeps_the_given_name(client, posting, settings):
    client.post(apply_url(posting), apply_data(posting))
    document = Document.objects.get()
    files = files_under(settings.MEDIA_ROOT)
    assert len(files) == 1
    assert "Priya" not in files[0].name
    assert document.file.name.startswith("cvs/")
    assert document.application == Application.objects.get()
    assert document.original_filename == "Priya Raman CV.pdf"
    assert document.file_type == "pdf"
    assert document.text_status == "processing"
    assert document.size == files[0].stat().st_size
    assert document.sha256 == hashlib.sha256(files[0].read_bytes()).hexdigest()
    assert files[0].read_bytes().startswith(b"%PDF-")


def test_it_keeps_the_contact_details_given_with_the_application(client, posting):
    client.post(apply_url(posting), apply_data(posting, email="Priya.Raman@Example.in", phone="098765 43210"))
    application = Application.objects.get()
    assert (application.applicant_name, application.applicant_email, application.applicant_phone) == (
        "Priya Raman",
        "Priya.Raman@Example.in",
        "+919876543210",
    )


def test_it_stores_typed_answers(client, hiring_manager, settings):
    posting = posting_with_questions(hiring_manager=hiring_manager)
    add_question(
        posting, text="Databases you used", kind="multi_choice", choices=["PostgreSQL", "MySQL"], required=False
    )
    add_question(posting, text="Earliest joining date", kind="date", required=False)
    add_question(posting, text="Anything else?", kind="text", required=False)
    client.post(
        apply_url(posting),
        apply_data(
            posting,
            answers={
                "money": "18,50,000",
                "Databases you used": ["PostgreSQL", "MySQL"],
                "date": "2026-09-01",
                "text": "",
            },
        ),
    )
    values = {a.question.text: a.value for a in Answer.objects.select_related("question")}
    assert values == {
        "What is your expected CTC (per year)?": "1850000",
        "What is your notice period, in days?": "15",
        "How many years have you worked with Golang?": "5",
        "Can you attend weekday interviews in person in Chennai?": "yes",
        "Databases you used": ["PostgreSQL", "MySQL"],
        "Earliest joining date": "2026-09-01",
    }


def test_it_queues_the_confirmation_email(client, posting):
    client.post(apply_url(posting), apply_data(posting))
    application = Application.objects.get()
    note = Notification.objects.get(kind="apply_confirmation")
    assert note.idempotency_key == f"apply-confirmation:{application.public_id}"
    assert note.to == ["priya.raman@example.in"]
    assert posting.title in note.subject
    assert "Hi Priya" in note.body_text
    assert note.send_after is None


def test_it_records_consent_version_and_time(client, posting):
    ConsentText.objects.create(version=3, text="We keep your data to consider you for roles.")
    before = timezone.now()
    client.post(apply_url(posting), apply_data(posting, consent_version="3"))
    application = Application.objects.get()
    assert application.consent_version == 3
    assert before <= application.consent_at <= timezone.now()


def test_it_records_the_consent_version_shown_even_if_a_newer_one_appears(client, posting):
    ConsentText.objects.create(version=1, text="First wording.")
    data = apply_data(posting, consent_version="1")
    ConsentText.objects.create(version=2, text="Second wording.")
    client.post(apply_url(posting), data)
    assert Application.objects.get().consent_version == 1


def test_without_consent_nothing_is_stored(client, posting, settings):
    data = apply_data(posting)
    del data["consent"]
    response = client.post(apply_url(posting), data)
    assert response.status_code == 400
    assert "Please agree to the processing of your data" in response.content.decode()
    assert stored_nothing(settings)


def test_the_thank_you_page_needs_its_signed_token(client, posting):
    response = client.post(apply_url(posting), apply_data(posting), follow=True)
    assert response.status_code == 200
    assert b"Thank you for applying" in response.content
    url = reverse("careers:applied", args=[posting.public_id])
    assert client.get(url).status_code == 404
    assert client.get(url + "?t=made-up").status_code == 404
    other = posting_with_questions()
    token = parse_qs(urlsplit(response.redirect_chain[-1][0]).query)["t"][0]
    assert client.get(reverse("careers:applied", args=[other.public_id]) + f"?t={token}").status_code == 404


# --- Validation ------------------------------------------------------------------------


@pytest.mark.parametrize("phone", ["98765 43210", "+91-98765-43210", "0091 9876543210", "+919876543210"])
def test_indian_phone_formats_are_normalised(client, posting, phone):
    client.post(apply_url(posting), apply_data(posting, phone=phone))
    assert Candidate.objects.get().phone == "+919876543210"


@pytest.mark.parametrize("phone", ["12345", "+91 00000 00000", "call me"])
def test_an_invalid_phone_is_refused_with_a_message(client, posting, settings, phone):
    response = client.post(apply_url(posting), apply_data(posting, phone=phone))
    assert response.status_code == 400
    assert "Enter a valid phone number" in response.content.decode()
    assert stored_nothing(settings)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"money": "lots"}, "Enter an amount such as ₹18,50,000 or 18.5 L."),
        ({"money": ""}, "This field is required."),
        ({"duration_days": "-3"}, "Ensure this value is greater than or equal to 0."),
        ({"yes_no": "maybe"}, "Select a valid choice."),
    ],
)
def test_bad_answers_are_refused_and_other_inputs_kept(client, posting, settings, answers, message):
    response = client.post(apply_url(posting), apply_data(posting, answers=answers))
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert 'value="Priya Raman"' in body
    assert 'value="priya.raman@example.in"' in body
    assert "please choose it again" in body
    assert stored_nothing(settings)


# --- Bad uploads ---------------------------------------------------------------------------

BAD_UPLOADS = {
    "renamed executable": (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 4000, "cv.pdf", MSG_WRONG_TYPE),
    "html called pdf": (b"<!DOCTYPE html><html><body>%PDF-1.4 my cv</body></html>", "cv.pdf", MSG_WRONG_TYPE),
    "empty file": (b"", "cv.pdf", MSG_EMPTY),
    "zip bomb docx": (make_zip_bomb_docx(), "cv.docx", MSG_DOCX_TOO_BIG_UNPACKED),
}


@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_a_bad_upload_gets_a_clear_error_and_stores_nothing(client, posting, settings, case):
    content, name, message = BAD_UPLOADS[case]
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(apply_url(posting), apply_data(posting, cv=upload))
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert 'value="Priya Raman"' in body  # other inputs are kept
    assert stored_nothing(settings)


def test_a_fifty_megabyte_file_is_refused_before_the_body_is_read(client, posting, settings, monkeypatch):
    def must_not_parse(*args, **kwargs):
        raise AssertionError("the body was parsed")

    monkeypatch.setattr("django.http.request.HttpRequest._load_post_and_files", must_not_parse)
    upload = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n" + b"\0" * (50 * 1024 * 1024), content_type="application/pdf")
    response = client.post(apply_url(posting), apply_data(posting, cv=upload))
    body = response.content.decode()
    assert response.status_code == 413
    assert "The CV is larger than 10 MB." in body
    assert 'data-testid="apply-form"' in body
    assert stored_nothing(settings)


def test_a_file_just_over_the_limit_is_refused_on_the_form(client, posting, settings):
    settings.CV_MAX_BYTES = 64 * 1024
    big = make_pdf("Go PostgreSQL Kafka\n" * 4000)
    assert len(big) > settings.CV_MAX_BYTES
    response = client.post(apply_url(posting), apply_data(posting, cv=SimpleUploadedFile("cv.pdf", big)))
    assert response.status_code == 400
    assert "The CV is larger than 64 KB." in response.content.decode()
    assert stored_nothing(settings)


def test_the_size_limit_handler_stops_receiving_an_oversized_cv():
    handler = CVSizeLimitHandler(None, field_name="cv", max_bytes=10)
    handler.new_file("other", "x.txt", "text/plain", 100)
    assert handler.receive_data_chunk(b"x" * 50, 0) == b"x" * 50  # other fields pass untouched
    handler.new_file("cv", "cv.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"x" * 8, 0) == b"x" * 8
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"x" * 8, 8)
    assert handler.too_large


def test_a_missing_cv_is_asked_for(client, posting, settings):
    data = apply_data(posting)
    del data["cv"]
    response = client.post(apply_url(posting), data)
    assert response.status_code == 400
    assert "Please attach your CV" in response.content.decode()
    assert stored_nothing(settings)


@pytest.mark.parametrize(
    ("given", "kind", "expected"),
    [
        ("Priya Raman CV.pdf", "pdf", "Priya Raman CV.pdf"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ('C:\\Users\\me\\"cv";.exe', "docx", "cv.docx"),
        ("résumé\x00.pdf", "pdf", "résumé.pdf"),
        ("", "pdf", "cv.pdf"),
        ("cv.docx", "pdf", "cv.pdf"),
    ],
)
def test_file_names_are_made_safe(given, kind, expected):
    assert safe_filename(given, kind) == expected


# --- Duplicates ------------------------------------------------------------------------------


def test_the_same_form_sent_twice_makes_one_application(client, posting, settings):
    data = apply_data(posting)
    first = client.post(apply_url(posting), data)
    data["cv"] = pdf_upload()
    second = client.post(apply_url(posting), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"].split("?")[0] == second["Location"].split("?")[0]
    assert Application.objects.count() == 1
    assert len(files_under(settings.MEDIA_ROOT)) == 1


def test_applying_again_looks_like_applying_and_tells_the_owner_by_email(client, posting, settings):
    """The form must not reveal who has applied: the page is the usual thank-you page and
    the address on file gets an e-mail saying we already have the application."""
    from recruiting.notifications.models import Notification

    client.post(apply_url(posting), apply_data(posting))
    response = client.post(apply_url(posting), apply_data(posting, email="PRIYA.RAMAN@example.in"), follow=True)
    assert response.status_code == 200
    assert b"already applied" not in response.content
    assert response.redirect_chain[-1][0].startswith(f"/careers/{posting.public_id}/applied/")
    notice = Notification.objects.get(kind="already_applied")
    assert notice.to == [Candidate.objects.get().email]
    client.post(apply_url(posting), apply_data(posting))
    assert Notification.objects.filter(kind="already_applied").count() == 1  # once a day
    assert Application.objects.count() == 1
    assert Candidate.objects.count() == 1
    assert len(files_under(settings.MEDIA_ROOT)) == 1


def test_the_same_email_applying_to_another_posting_is_the_same_candidate(client, posting):
    other = posting_with_questions()
    client.post(apply_url(posting), apply_data(posting))
    response = client.post(
        apply_url(other), apply_data(other, email="PRIYA.RAMAN+jobs@example.in", phone="99999 88888")
    )
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert Application.objects.filter(candidate=candidate).count() == 2
    assert candidate.phone == "+919876543210"  # what the second form said is on its application only


def test_the_same_phone_with_another_email_is_another_candidate(client, posting):
    other = posting_with_questions()
    client.post(apply_url(posting), apply_data(posting))
    response = client.post(
        apply_url(other), apply_data(other, email="someone.else@example.in", phone="+91 98765 43210")
    )
    assert response.status_code == 302
    assert Candidate.objects.count() == 2
    assert Application.objects.filter(candidate__email="someone.else@example.in").count() == 1


def test_a_newer_cv_is_kept_beside_the_older_one(client, posting, settings, django_capture_on_commit_callbacks):
    other = posting_with_questions()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url(posting), apply_data(posting))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url(other), apply_data(other, cv=pdf_upload("new.pdf", "Newer CV text")))
    assert len(files_under(settings.MEDIA_ROOT)) == 2
    assert sorted(Document.objects.values_list("original_filename", "application__posting")) == sorted(
        [("Priya Raman CV.pdf", posting.pk), ("new.pdf", other.pk)]
    )


# --- Abuse limits ----------------------------------------------------------------------------


def test_too_many_attempts_from_one_address_get_a_429(client, posting, settings):
    settings.APPLY_RATE_LIMIT = 2
    settings.APPLY_RATE_WINDOW_SECONDS = 600
    for _ in range(2):
        client.post(apply_url(posting), apply_data(posting, phone="bad"))
    response = client.post(apply_url(posting), apply_data(posting))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert b"Too many attempts" in response.content
    assert Application.objects.count() == 0
    # Another address is not affected.
    other = client.post(apply_url(posting), apply_data(posting), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_the_honeypot_pretends_success_and_stores_nothing(client, posting, settings):
    response = client.post(apply_url(posting), apply_data(posting, website="http://spam.example"))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert stored_nothing(settings)


def test_the_honeypot_is_hidden_by_a_css_class_not_inline_style(client, posting):
    body = client.get(reverse("careers:posting", args=[posting.public_id])).content.decode()
    assert '<div class="hp-field" aria-hidden="true">' in body
    assert "style=" not in body


def test_csrf_is_still_enforced(posting, settings):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(apply_url(posting), apply_data(posting))
    assert response.status_code == 403
    assert stored_nothing(settings)


def test_csrf_passes_with_the_token_from_the_page(posting):
    strict = Client(enforce_csrf_checks=True)
    page = strict.get(reverse("careers:posting", args=[posting.public_id]))
    token = page.context["csrf_token"]
    response = strict.post(apply_url(posting), apply_data(posting, csrfmiddlewaretoken=str(token)))
    assert response.status_code == 302


def test_a_tampered_submission_token_asks_to_send_again(client, posting, settings):
    response = client.post(apply_url(posting), apply_data(posting, submission_token="forged"))
    assert response.status_code == 400
    assert "This form has expired" in response.content.decode()
    assert stored_nothing(settings)


def test_a_token_for_another_posting_is_refused(client, posting, settings):
    other = posting_with_questions()
    response = client.post(apply_url(posting), apply_data(posting, submission_token=submission_token_make(other)))
    assert response.status_code == 400
    assert stored_nothing(settings)


# --- Knock-outs ------------------------------------------------------------------------------

FAILING = {"duration_days": "60", "money": "40 L"}


def test_a_knockout_with_hold_keeps_the_application_in_the_first_stage_flagged(client, posting):
    client.post(apply_url(posting), apply_data(posting, answers=FAILING))
    application = Application.objects.get()
    assert application.state == Application.State.ACTIVE
    assert application.stage == posting.stages.order_by("order").first()
    assert application.is_flagged
    assert application.knockout_flags == [
        "expected CTC ₹40,00,000 above band max ₹35,50,754.94",
        "notice period 60 days > 15",
    ]
    assert KnockoutEvaluation.objects.filter(application=application).count() == 1
    assert not Notification.objects.filter(kind="knockout_rejection").exists()


def test_a_knockout_with_reject_rejects_and_queues_a_delayed_polite_email(client, posting):
    posting.knockout_action = "reject"
    posting.rejection_delay_hours = 24
    posting.save(update_fields=["knockout_action", "rejection_delay_hours"])
    before = timezone.now()
    client.post(apply_url(posting), apply_data(posting, answers={"yes_no": "no"}))
    after = timezone.now()
    application = Application.objects.get()
    assert application.state == Application.State.REJECTED
    assert application.rejection_reason.name == "Knock-out"
    assert application.knockout_flags == ["cannot attend weekday interviews in person in Chennai"]
    email = Notification.objects.get(kind="knockout_rejection")
    assert email.idempotency_key == knockout_rejection_key(application)
    assert email.to == ["priya.raman@example.in"]
    assert before + dt.timedelta(hours=24) <= email.send_after <= after + dt.timedelta(hours=24)
    assert email.status == Notification.Status.QUEUED
    # The confirmation still goes out at once.
    assert Notification.objects.get(kind="apply_confirmation").send_after is None


def test_the_delayed_rejection_can_be_cancelled(client, posting):
    posting.knockout_action = "reject"
    posting.save(update_fields=["knockout_action"])
    client.post(apply_url(posting), apply_data(posting, answers={"years": "1"}))
    application = Application.objects.get()
    assert notification_cancel(key=knockout_rejection_key(application))
    assert Notification.objects.get(kind="knockout_rejection").status == Notification.Status.CANCELLED


def test_a_reject_posting_without_a_failed_rule_does_not_reject(client, posting):
    posting.knockout_action = "reject"
    posting.save(update_fields=["knockout_action"])
    client.post(apply_url(posting), apply_data(posting))
    assert Application.objects.get().state == Application.State.ACTIVE
    assert not Notification.objects.filter(kind="knockout_rejection").exists()


# --- Postings that are not open -------------------------------------------------------------


@pytest.mark.parametrize(("status", "code"), [("paused", 409), ("closed", 409), ("draft", 404)])
def test_only_open_postings_take_applications(client, posting, settings, status, code):
    Posting.objects.filter(pk=posting.pk).update(status=status)
    response = client.post(apply_url(posting), apply_data(posting))
    assert response.status_code == code
    if code == 409:
        assert b"not accepting applications" in response.content
    assert stored_nothing(settings)


def test_a_posting_past_its_closing_date_takes_no_applications(client, posting, settings):
    Posting.objects.filter(pk=posting.pk).update(closes_on=timezone.localdate() - dt.timedelta(days=1))
    assert client.post(apply_url(posting), apply_data(posting)).status_code == 409
    assert stored_nothing(settings)


def test_apply_accepts_only_post(client, posting):
    assert client.get(apply_url(posting)).status_code == 405


def test_apply_needs_no_sign_in_and_works_for_signed_in_users_too(client_for, no_role_user, posting):
    response = client_for(no_role_user).post(apply_url(posting), apply_data(posting))
    assert response.status_code == 302
    assert Application.objects.count() == 1


# --- The service on its own ------------------------------------------------------------------


def test_the_service_removes_the_stored_cv_when_the_transaction_fails(posting, settings, monkeypatch):
    import recruiting.pipelines.applying as applying

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(applying, "application_create", broken)
    with pytest.raises(RuntimeError):
        application_submit(
            posting=posting,
            full_name="Arun Kumar",
            email="arun@example.in",
            phone="+919812345678",
            cv_file=pdf_upload(),
            cv_kind="pdf",
            answers=[],
            consent_version=1,
        )
    assert stored_nothing(settings)


def test_the_service_links_other_sources_and_can_skip_emails(posting):
    result = application_submit(
        posting=posting,
        full_name="Arun Kumar",
        email="arun@example.in",
        phone="+919812345678",
        cv_file=pdf_upload(),
        cv_kind="pdf",
        answers=[(posting.questions.get(kind="years"), "6")],
        consent_version=None,
        source="referral",
        source_detail="Meena",
        notify=False,
    )
    assert result.created
    assert result.application.source == "referral"
    assert result.application.answers.get().value == "6"
    assert Notification.objects.count() == 0


def test_the_service_queues_cv_text_extraction_after_commit(posting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(
            posting=posting,
            full_name="Arun Kumar",
            email="arun@example.in",
            phone="+919812345678",
            cv_file=pdf_upload(text="Arun Kumar\nGo and Kafka"),
            cv_kind="pdf",
            answers=[],
            consent_version=None,
            notify=False,
        )
    document = Document.objects.get()
    assert document.text_status == "ready"
    assert "Kafka" in document.text


def test_money_answers_keep_exact_decimals(client, posting):
    client.post(apply_url(posting), apply_data(posting, answers={"money": "35,50,754.94"}))
    answer = Answer.objects.get(question__kind="money")
    assert answer.value == "3550754.94"
    assert Decimal(answer.value) == Decimal("3550754.94")
    assert Application.objects.get().is_flagged is False


def test_answer_fields_are_named_by_question(posting):
    names = [answer_field(q) for q in posting.questions.all()]
    assert len(set(names)) == 4
