"""Input no view has to think about: unstorable characters are refused once, with a reason;
dates and money are bounded in the forms and in the database."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from recruiting.core.inputs import REFUSED_HEADER, SaneDateField, encoded_problem, json_problem, text_problem
from recruiting.core.money import MONEY_MAX, money_problem
from recruiting.interviews.models import CompanyHoliday, TimeOff
from recruiting.pipelines.models import Candidate, Note
from recruiting.postings.models import Posting
from recruiting.postings.sample_files import make_pdf
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory

pytestmark = pytest.mark.django_db


# --- Characters --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw, problem",
    [
        (b"q=Asha%00Rao", "“q” contains a NUL"),
        (b"q=%ED%A0%80", "“q” is not valid UTF-8"),
        (b"q=%FF%FE", "“q” is not valid UTF-8"),
        (b"%ED%A0%80=1", "A field name is not valid UTF-8"),
        (b"a%00b=1", "A field name contains a NUL"),
        (b"q=Asha+%F0%9F%91%A9%E2%80%8D%F0%9F%92%BB&rtl=%E2%80%AEoaR", None),  # emoji, RTL override
        (b"q=&&=&x", None),
    ],
)
def test_encoded_input_is_judged_byte_for_byte(raw, problem):
    found = encoded_problem(raw)
    assert (found is None) if problem is None else (problem in found)


def test_text_and_json_problems_name_the_character():
    assert "NUL" in text_problem("a\x00b")
    assert "surrogate" in text_problem("a\ud800b")
    assert text_problem("Asha 👩🏽‍💻 \u202eoaR\u200f") is None
    assert "NUL" in json_problem(json.dumps({"name": "a\x00b"}).encode())
    assert "surrogate" in json_problem(b'{"name": "\\ud800"}')
    assert json_problem(b'{"name": "\\ud83d\\ude00"}') is None  # a proper pair is an emoji
    assert json_problem(b"not json at all") is None  # the view's to judge


def test_a_nul_in_the_public_careers_filter_is_a_400_with_the_reason(client):
    PostingFactory(location="Chennai")
    for param in ("location", "team"):
        response = client.get(f"/careers/?{param}=Chen%00nai")
        assert response.status_code == 400
        assert response[REFUSED_HEADER] == "1"
        assert f"The value of “{param}” contains a NUL character" in response.content.decode()


def test_emoji_and_right_to_left_marks_are_ordinary_text(client):
    PostingFactory(location="Chennai")
    assert client.get("/careers/", {"location": "Chennai 👩🏽‍💻 \u202e\u200f"}).status_code == 200


@pytest.mark.parametrize("query", ["q=Asha%00", "q=%ED%A0%80"])
def test_candidate_search_and_the_board_refuse_unstorable_queries(client_for, recruiter, query):
    posting = PostingFactory()
    client = client_for(recruiter)
    assert client.get(f"{reverse('pipelines:candidates')}?{query}").status_code == 400
    board = reverse("pipelines:board", args=[posting.public_id])
    assert client.get(f"{board}?{query}").status_code == 400
    assert client.get(f"{board}?{query.replace('q=', 'tag=')}").status_code == 400


def test_an_htmx_request_gets_the_reason_in_the_message_area(client_for, recruiter):
    response = client_for(recruiter).get(f"{reverse('pipelines:candidates')}?q=a%00", HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#messages" and response["HX-Reswap"] == "beforeend"
    assert 'role="alert"' in response.content.decode() and "<html" not in response.content.decode()


def test_a_form_value_with_a_nul_is_refused_and_nothing_is_stored(client_for, recruiter):
    candidate = CandidateFactory()
    url = reverse("pipelines:candidate_notes", args=[candidate.public_id])
    response = client_for(recruiter).post(url, {"body": "Strong\x00candidate"})
    assert response.status_code == 400 and "“body”" in response.content.decode()
    assert not Note.objects.exists()


def test_a_form_body_with_bytes_that_are_not_utf8_is_refused(client_for, recruiter):
    candidate = CandidateFactory()
    url = reverse("pipelines:candidate_notes", args=[candidate.public_id])
    response = client_for(recruiter).post(url, "body=%ED%A0%80", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and "not valid UTF-8" in response.content.decode()
    assert not Note.objects.exists()


def test_an_uploaded_file_name_never_brings_a_nul_or_control_character_in(client_for, recruiter):
    # Django's parser drops unprintable characters from file names; the middleware would
    # refuse any that came through, and the stored name is cleaned once more.
    cv = SimpleUploadedFile("cv\x00\u202e.pdf", make_pdf("Asha Rao"), content_type="application/pdf")
    response = client_for(recruiter).post(
        reverse("pipelines:candidate_add"),
        {"full_name": "Asha Rao", "email": "asha@example.com", "source": "sourced", "cv": cv},
    )
    assert response.status_code == 302
    stored = Candidate.objects.get(full_name="Asha Rao").documents.get().original_filename
    assert stored and "\x00" not in stored and "\u202e" not in stored


@pytest.mark.parametrize("body", ['{"q": "a\\u0000b"}', '{"q": "\\udc00"}'])
def test_a_json_body_with_a_nul_or_a_lone_surrogate_is_refused(client_for, recruiter, body):
    candidate = CandidateFactory()
    url = reverse("pipelines:candidate_notes", args=[candidate.public_id])
    response = client_for(recruiter).post(url, body, content_type="application/json")
    assert response.status_code == 400 and response[REFUSED_HEADER] == "1"


def test_the_apply_form_which_reads_its_own_body_is_checked_too(client):
    posting = PostingFactory()
    data = {
        "full_name": "Asha\x00Rao",
        "email": "asha@example.com",
        "phone": "+91 98400 12345",
        "consent": "on",
        "cv": SimpleUploadedFile("cv.pdf", make_pdf("Asha Rao"), content_type="application/pdf"),
    }
    response = client.post(reverse("careers:apply", args=[posting.public_id]), data)
    assert response.status_code == 400 and "“full_name”" in response.content.decode()
    assert not posting.applications.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/pipelines/candidates/not-a-uuid/",
        "/pipelines/candidates/00000000-0000-4000-8000-000000000000/",
        "/interviews/availability/windows/100000000000000000000000000/",
        "/careers/%00/",
    ],
)
def test_malformed_and_unknown_ids_in_the_path_are_404(client_for, recruiter, url):
    assert client_for(recruiter).get(url).status_code == 404


# --- Dates -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, message",
    [
        ("9999-12-30", "Enter a date between"),
        ("0001-01-01", "Enter a date between"),
        ("1949-12-31", "Enter a date between"),
        ("2026-02-30", "Enter a valid date"),
        ("-1", "Enter a valid date"),
    ],
)
def test_a_typed_date_is_bounded_with_a_clear_message(value, message):
    field = SaneDateField()
    with pytest.raises(Exception) as error:
        field.clean(value)
    assert message in str(error.value)


def test_a_date_ten_years_ahead_is_fine_and_a_day_more_is_not():
    field = SaneDateField()
    today = timezone.localdate()
    last = (
        today.replace(year=today.year + 10)
        if (today.month, today.day) != (2, 29)
        else today.replace(year=today.year + 10, day=28)
    )
    assert field.clean(last.isoformat()) == last
    assert field.clean("1950-01-01") == dt.date(1950, 1, 1)
    with pytest.raises(Exception, match="Enter a date between"):
        field.clean((last + dt.timedelta(days=1)).isoformat())


@pytest.mark.parametrize("day", ["9999-12-30", "0001-01-01"])
def test_time_off_far_from_now_is_refused_on_the_page(client_for, interviewer, day):
    url = reverse("interviews:time_off_add")
    response = client_for(interviewer).post(url, {"first_day": day, "last_day": day, "reason": "Leave"}, follow=True)
    assert response.status_code == 200
    assert "Enter a date between" in response.content.decode()
    assert not TimeOff.objects.exists()


def test_a_closing_date_in_the_year_9999_is_refused(client_for, hiring_manager):
    posting = PostingFactory(hiring_manager=hiring_manager, status="draft")
    response = client_for(hiring_manager).post(
        reverse("postings:validate") + f"?posting={posting.public_id}", {"closes_on": "9999-12-30"}
    )
    assert "Enter a date between" in response.content.decode()


def test_a_list_filter_with_an_absurd_date_is_simply_not_applied(client_for, recruiter):
    ApplicationFactory()
    for value in ("9999-12-30", "0001-01-01", "2026-02-30"):
        response = client_for(recruiter).get(reverse("pipelines:applications"), {"applied_from": value})
        assert response.status_code == 200


# --- Money -------------------------------------------------------------------------------------
def test_money_is_at_most_a_hundred_crore_and_not_negative():
    assert money_problem(MONEY_MAX) is None
    assert "₹1,00,00,00,000 (₹100 crore)" in money_problem(MONEY_MAX + Decimal("0.01"))
    assert "$1,000,000,000" in money_problem(Decimal(10) ** 26, "USD")
    assert "negative" in money_problem(Decimal(-1))
    assert money_problem(Decimal(-1), allow_negative=True) is None
    assert money_problem(Decimal("NaN")) is not None


def test_an_expected_ctc_of_ten_to_the_26_is_refused_and_not_stored(client):
    from recruiting.careers.apply import ApplyForm
    from recruiting.postings.models import ScreeningQuestion

    posting = PostingFactory()
    question = ScreeningQuestion.objects.create(posting=posting, text="Expected CTC?", kind="money", currency="INR")
    data = {
        "full_name": "Asha Rao",
        "email": "asha@example.com",
        "phone": "+91 98400 12345",
        "consent": "on",
        ApplyForm.question_field_name(question): "1" + "0" * 26,
        "cv": SimpleUploadedFile("cv.pdf", make_pdf("Asha Rao"), content_type="application/pdf"),
    }
    response = client.post(reverse("careers:apply", args=[posting.public_id]), data)
    assert response.status_code == 400
    assert "₹100 crore" in response.content.decode()
    assert not posting.applications.exists()


@pytest.mark.parametrize("amount, message", [("1" + "0" * 26, "₹100 crore"), ("-5 L", "negative")])
def test_a_pay_band_beyond_a_hundred_crore_or_below_zero_is_refused(client_for, hiring_manager, amount, message):
    response = client_for(hiring_manager).post(reverse("postings:validate"), {"pay_max": amount})
    assert message in response.content.decode()


def test_a_knock_out_on_expected_ctc_cannot_compare_with_an_absurd_amount():
    from recruiting.postings.forms import QuestionForm

    form = QuestionForm(
        {"text": "Expected CTC?", "kind": "money", "rule": "constant", "knockout_op": "lte",
         "knockout_value": "1" + "0" * 26, "currency": "INR", "required": "on"}
    )  # fmt: skip
    assert not form.is_valid()
    assert "₹100 crore" in str(form.errors["knockout_value"])


def test_a_forged_formset_count_builds_no_more_forms_than_allowed(client_for, hiring_manager):
    response = client_for(hiring_manager).post(
        reverse("postings:create"),
        {"title": "Platform Lead", "skills-TOTAL_FORMS": "1" + "0" * 26, "skills-INITIAL_FORMS": "0",
         "questions-TOTAL_FORMS": "1" + "0" * 26, "questions-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    assert len(response.context["skills"].forms) <= 60
    assert len(response.context["questions"].forms) <= 40
    assert not Posting.objects.filter(title="Platform Lead").exists()


# --- The database holds the same bounds for every other path -----------------------------------
def _refused(model, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


def test_the_database_refuses_absurd_dates_and_amounts(hiring_manager, interviewer):
    _refused(Posting, title="X", hiring_manager=hiring_manager, pay_max=Decimal(10) ** 10)
    _refused(Posting, title="X", hiring_manager=hiring_manager, pay_min=Decimal(-1))
    _refused(Posting, title="X", hiring_manager=hiring_manager, closes_on=dt.date(1, 1, 1))
    _refused(Posting, title="X", hiring_manager=hiring_manager, closes_on=dt.date(9999, 12, 30))
    _refused(CompanyHoliday, date=dt.date(9999, 12, 30), name="Never")
    start = dt.datetime(9999, 12, 30, tzinfo=dt.UTC)
    _refused(TimeOff, interviewer=interviewer, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    first = dt.datetime(1, 1, 2, tzinfo=dt.UTC)
    _refused(TimeOff, interviewer=interviewer, starts_at=first, ends_at=first + dt.timedelta(days=1))
    _refused(Candidate, full_name="X", total_years=Decimal(99))
    _refused(Candidate, full_name="X", notice_period_days=3000)
    assert Posting.objects.create(title="Fine", hiring_manager=hiring_manager, pay_max=MONEY_MAX).pk
