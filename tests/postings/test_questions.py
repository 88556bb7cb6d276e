"""The screening-question editor: add, edit, remove, reorder, library, and rule checks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recruiting.audit.models import AuditEvent
from recruiting.postings.forms import QuestionForm
from recruiting.postings.models import ScreeningQuestion
from tests.factories import PostingFactory
from tests.postings.factories import ScreeningQuestionFactory

pytestmark = pytest.mark.django_db


def _question(**overrides) -> dict:
    data = {
        "text": "What is your notice period, in days?",
        "help_text": "",
        "kind": "duration_days",
        "required": "on",
        "choices": "",
        "skill": "",
        "currency": "",
        "rule": "constant",
        "knockout_op": "lte",
        "knockout_value": "15",
        "knockout_tolerance_pct": "0",
    }
    data.update(overrides)
    return data


def test_the_editor_page_lists_questions_with_their_rules(client_for, hiring_manager, posting, library):
    ScreeningQuestionFactory(posting=posting)
    response = client_for(hiring_manager).get(reverse("postings:questions", args=[posting.public_id]))
    assert response.status_code == 200
    assert "<html" in response.text
    assert "knock-out: at most 15" in response.text
    assert "Can you attend weekday interviews in person in Chennai?" in response.text  # library choice


def test_the_editor_answers_htmx_with_the_editor_fragment(client_for, hiring_manager, posting):
    response = client_for(hiring_manager).get(
        reverse("postings:questions", args=[posting.public_id]), HTTP_HX_REQUEST="true"
    )
    assert 'id="question-editor"' in response.text
    assert "<html" not in response.text


def test_adding_a_question_over_htmx_re_renders_the_editor(client_for, hiring_manager, posting):
    url = reverse("postings:question_add", args=[posting.public_id])
    response = client_for(hiring_manager).post(url, _question(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="question-editor"' in response.text
    question = posting.questions.get()
    assert (question.kind, question.knockout_op, question.knockout_value) == ("duration_days", "lte", "15")
    assert AuditEvent.objects.filter(action="question.create").exists()


def test_adding_a_question_without_javascript_redirects_back(client_for, hiring_manager, posting):
    url = reverse("postings:question_add", args=[posting.public_id])
    response = client_for(hiring_manager).post(url, _question())
    assert response.status_code == 302
    assert response["Location"] == reverse("postings:questions", args=[posting.public_id])


def test_questions_are_added_at_the_end(client_for, hiring_manager, posting):
    ScreeningQuestionFactory(posting=posting, order=5)
    client_for(hiring_manager).post(reverse("postings:question_add", args=[posting.public_id]), _question(text="Last"))
    assert [q.text for q in posting.questions.all()][-1] == "Last"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kind": "yes_no", "rule": "band"}, "rule", "Only money questions"),
        ({"kind": "yes_no", "knockout_op": "gte", "knockout_value": "yes"}, "knockout_op", "does not apply"),
        ({"kind": "yes_no", "knockout_op": "eq", "knockout_value": "maybe"}, "knockout_value", "yes"),
        ({"kind": "number", "knockout_value": "fifteen"}, "knockout_value", "not a number"),
        ({"kind": "money", "knockout_value": "lots"}, "knockout_value", "not a number"),
        ({"knockout_op": ""}, "knockout_op", "Choose how"),
        ({"knockout_value": ""}, "knockout_value", "Give the value"),
        ({"kind": "choice", "choices": "Only one", "rule": "none"}, "choices", "at least two"),
        (
            {"kind": "choice", "choices": "Chennai\nBengaluru", "knockout_op": "eq", "knockout_value": "Pune"},
            "knockout_value",
            "not one of the options",
        ),
        ({"kind": "date", "knockout_op": "lte", "knockout_value": "next week"}, "knockout_value", "YYYY-MM-DD"),
        ({"kind": "text", "knockout_op": "gte", "knockout_value": "x"}, "knockout_op", "does not apply"),
        ({"kind": "money", "rule": "band", "knockout_tolerance_pct": "150"}, "knockout_tolerance_pct", "100"),
    ],
)
def test_rules_that_make_no_sense_for_the_type_are_refused(
    client_for, hiring_manager, posting, overrides, field, message
):
    url = reverse("postings:question_add", args=[posting.public_id])
    response = client_for(hiring_manager).post(url, _question(**overrides), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not posting.questions.exists()


def test_a_band_rule_needs_a_band_maximum(client_for, hiring_manager):
    posting = PostingFactory(hiring_manager=hiring_manager, pay_min=None, pay_max=None)
    url = reverse("postings:question_add", args=[posting.public_id])
    response = client_for(hiring_manager).post(url, _question(kind="money", rule="band"))
    assert "no pay band maximum" in " ".join(response.context["form"].errors["rule"])


@pytest.mark.parametrize(
    ("overrides", "stored"),
    [
        (
            {"kind": "money", "currency": "INR", "knockout_op": "lte", "knockout_value": "35 L"},
            ("lte", "3500000", False),
        ),
        ({"kind": "money", "rule": "band", "knockout_tolerance_pct": "10"}, ("", "", True)),
        ({"kind": "years", "skill": "Golang", "knockout_op": "gte", "knockout_value": "4"}, ("gte", "4", False)),
        ({"kind": "yes_no", "knockout_op": "eq", "knockout_value": "Yes"}, ("eq", "yes", False)),
        (
            {"kind": "multi_choice", "choices": "Go\nRust\nJava", "knockout_op": "in", "knockout_value": "go | rust"},
            ("in", "Go|Rust", False),
        ),
        ({"kind": "date", "knockout_op": "lte", "knockout_value": "2026-07-01"}, ("lte", "2026-07-01", False)),
        ({"rule": "none"}, ("", "", False)),
    ],
)
def test_sensible_rules_are_stored_in_a_canonical_form(client_for, hiring_manager, posting, overrides, stored):
    url = reverse("postings:question_add", args=[posting.public_id])
    client_for(hiring_manager).post(url, _question(**overrides))
    question = posting.questions.get()
    assert (question.knockout_op, question.knockout_value, question.knockout_band_max) == stored


def test_a_money_question_defaults_to_the_posting_currency(client_for, hiring_manager, posting):
    url = reverse("postings:question_add", args=[posting.public_id])
    client_for(hiring_manager).post(url, _question(kind="money", rule="none", currency=""))
    assert posting.questions.get().currency == "INR"


def test_adding_from_the_library_copies_the_rule(client_for, hiring_manager, posting, library):
    url = reverse("postings:question_library", args=[posting.public_id])
    response = client_for(hiring_manager).post(
        url, {"library_question": library["expected_ctc"].pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    question = posting.questions.get()
    assert question.library_question == library["expected_ctc"]
    assert question.knockout_band_max is True
    assert "at most the pay band maximum" in response.text


def test_a_band_question_from_the_library_needs_a_band(client_for, hiring_manager, library):
    posting = PostingFactory(hiring_manager=hiring_manager, pay_min=None, pay_max=None)
    url = reverse("postings:question_library", args=[posting.public_id])
    response = client_for(hiring_manager).post(url, {"library_question": library["expected_ctc"].pk})
    assert response.status_code == 200
    assert "set one first" in response.text
    assert not posting.questions.exists()


def test_the_edit_form_opens_inline_over_htmx(client_for, hiring_manager, posting):
    question = ScreeningQuestionFactory(posting=posting)
    url = reverse("postings:question_edit", args=[posting.public_id, question.public_id])
    response = client_for(hiring_manager).get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-testid="edit-question"' in response.text
    assert "<html" not in response.text
    full = client_for(hiring_manager).get(url)
    assert "<html" in full.text


def test_editing_only_the_wording_keeps_the_rule_version(client_for, hiring_manager, posting):
    question = ScreeningQuestionFactory(posting=posting)
    url = reverse("postings:question_edit", args=[posting.public_id, question.public_id])
    response = client_for(hiring_manager).post(url, _question(text="Notice period (days)?"), HTTP_HX_REQUEST="true")
    assert response["HX-Retarget"] == "#question-editor"
    question.refresh_from_db()
    assert (question.text, question.rule_version) == ("Notice period (days)?", 1)


def test_changing_the_rule_raises_the_rule_version_and_is_audited(client_for, hiring_manager, posting):
    question = ScreeningQuestionFactory(posting=posting)
    url = reverse("postings:question_edit", args=[posting.public_id, question.public_id])
    response = client_for(hiring_manager).post(url, _question(knockout_value="30"))
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.knockout_value, question.rule_version) == ("30", 2)
    event = AuditEvent.objects.get(action="question.rule_change")
    assert (event.before["knockout_value"], event.after["knockout_value"]) == ("15", "30")


def test_an_invalid_edit_shows_the_errors_in_place(client_for, hiring_manager, posting):
    question = ScreeningQuestionFactory(posting=posting)
    url = reverse("postings:question_edit", args=[posting.public_id, question.public_id])
    response = client_for(hiring_manager).post(url, _question(knockout_value="soon"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "not a number" in response.text
    assert "HX-Retarget" not in response


def test_removing_a_question(client_for, hiring_manager, posting):
    question = ScreeningQuestionFactory(posting=posting)
    url = reverse("postings:question_delete", args=[posting.public_id, question.public_id])
    response = client_for(hiring_manager).post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert not ScreeningQuestion.objects.filter(pk=question.pk).exists()
    assert AuditEvent.objects.filter(action="question.delete").exists()


def test_reordering_moves_a_question_up_and_down(client_for, hiring_manager, posting):
    first, second, third = (ScreeningQuestionFactory(posting=posting, text=t, order=i) for i, t in enumerate("ABC"))
    client = client_for(hiring_manager)
    client.post(reverse("postings:question_move", args=[posting.public_id, third.public_id]), {"direction": "up"})
    assert [q.text for q in posting.questions.all()] == ["A", "C", "B"]
    response = client.post(
        reverse("postings:question_move", args=[posting.public_id, first.public_id]),
        {"direction": "down"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert [q.text for q in posting.questions.all()] == ["C", "A", "B"]
    # The ends stay put.
    client.post(reverse("postings:question_move", args=[posting.public_id, second.public_id]), {"direction": "down"})
    assert [q.text for q in posting.questions.all()] == ["C", "A", "B"]


def test_the_question_form_reads_parser_operators():
    class Parsed:
        text, kind, skill = "Notice period?", "duration_days", None
        knockout_op, knockout_value, knockout_band_max = "<=", "15", False

    assert QuestionForm.initial_for(Parsed())["knockout_op"] == "lte"
