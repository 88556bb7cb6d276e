"""The knock-out engine: every question kind and op, band-max rules, and the stored
evaluation of an application's answers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recruiting.pipelines.knockouts import application_evaluate_knockouts
from recruiting.pipelines.models import Answer, KnockoutEvaluation
from recruiting.postings.knockouts import (
    evaluate_answer,
    knockout_flags,
    question_label,
)
from recruiting.postings.models import Posting, ScreeningQuestion

BAND_MAX = Decimal("3550754.94")


def posting(**fields) -> Posting:
    defaults = {"pay_currency": "INR", "pay_min": Decimal("1851368.30"), "pay_max": BAND_MAX}
    return Posting(**{**defaults, **fields})


def question(**fields) -> ScreeningQuestion:
    return ScreeningQuestion(**fields)


NOTICE = {"text": "What is your notice period, in days?", "kind": "duration_days"}
GOLANG = {"text": "How many years have you worked with Golang?", "kind": "years", "skill": "Golang"}
EXPECTED = {"text": "What is your expected CTC (per year)?", "kind": "money", "currency": "INR"}
WEEKDAY = {"text": "Can you attend weekday interviews in person?", "kind": "yes_no"}


@pytest.mark.parametrize(
    ("fields", "value", "reason"),
    [
        # duration in days, each op
        ({**NOTICE, "knockout_op": "lte", "knockout_value": "15"}, "60", "notice period 60 days > 15"),
        ({**NOTICE, "knockout_op": "lte", "knockout_value": "15"}, "15", None),
        ({**NOTICE, "knockout_op": "lte", "knockout_value": "15"}, "0", None),
        ({**NOTICE, "knockout_op": "lt", "knockout_value": "30"}, 30, "notice period 30 days ≥ 30"),
        ({**NOTICE, "knockout_op": "lt", "knockout_value": "30"}, 29, None),
        ({**NOTICE, "knockout_op": "eq", "knockout_value": "0"}, "1", "notice period 1 day ≠ 0"),
        (
            {**NOTICE, "knockout_op": "in", "knockout_value": "0, 15, 30"},
            "45",
            "notice period 45 days not one of 0, 15, 30",
        ),
        ({**NOTICE, "knockout_op": "in", "knockout_value": "[0, 15, 30]"}, "30", None),
        # years per skill
        ({**GOLANG, "knockout_op": "gte", "knockout_value": "4"}, "2", "Golang 2 years < 4"),
        ({**GOLANG, "knockout_op": "gte", "knockout_value": "4"}, "1", "Golang 1 year < 4"),
        ({**GOLANG, "knockout_op": "gte", "knockout_value": "4"}, "2.5", "Golang 2.5 years < 4"),
        ({**GOLANG, "knockout_op": "gte", "knockout_value": "4"}, "4", None),
        ({**GOLANG, "knockout_op": "gt", "knockout_value": "4"}, "4", "Golang 4 years ≤ 4"),
        # years without a skill: the subject comes from the text
        (
            {"text": "Years of Kafka", "kind": "years", "knockout_op": "gte", "knockout_value": "2"},
            "1",
            "Kafka 1 year < 2",
        ),
        # plain numbers
        (
            {"text": "Team size you led", "kind": "number", "knockout_op": "gte", "knockout_value": "3"},
            "2",
            "team size you led 2 < 3",
        ),
        (
            {"text": "Team size you led", "kind": "number", "knockout_op": "ne", "knockout_value": "0"},
            "0",
            "team size you led 0 = 0",
        ),
        ({"text": "Team size you led", "kind": "number", "knockout_op": "ne", "knockout_value": "0"}, "5", None),
        # money against a constant, in lakhs or in full
        (
            {**EXPECTED, "knockout_op": "lte", "knockout_value": "30 L"},
            "4000000",
            "expected CTC ₹40,00,000 > ₹30,00,000",
        ),
        ({**EXPECTED, "knockout_op": "lte", "knockout_value": "30,00,000"}, "3000000", None),
        # yes / no
        ({**WEEKDAY, "knockout_op": "eq", "knockout_value": "yes"}, "no", "cannot attend weekday interviews in person"),
        ({**WEEKDAY, "knockout_op": "eq", "knockout_value": "Yes"}, "yes", None),
        ({**WEEKDAY, "knockout_op": "ne", "knockout_value": "no"}, "no", "cannot attend weekday interviews in person"),
        (
            {
                "text": "Are you willing to relocate to Chennai?",
                "kind": "yes_no",
                "knockout_op": "eq",
                "knockout_value": "yes",
            },
            "no",
            "not willing to relocate to Chennai",
        ),
        (
            {"text": "Do you need visa sponsorship?", "kind": "yes_no", "knockout_op": "eq", "knockout_value": "no"},
            "yes",
            'answered "yes" to "Do you need visa sponsorship?"',
        ),
        (
            {"text": "Do you need visa sponsorship?", "kind": "yes_no", "knockout_op": "in", "knockout_value": "no"},
            "yes",
            'answered "yes" to "Do you need visa sponsorship?"',
        ),
        # single choice and text
        (
            {
                "text": "Preferred work mode",
                "kind": "choice",
                "choices": ["Office", "Remote"],
                "knockout_op": "eq",
                "knockout_value": "Office",
            },
            "Remote",
            'preferred work mode: "Remote", not "Office"',
        ),
        (
            {"text": "Preferred work mode", "kind": "choice", "knockout_op": "eq", "knockout_value": "office"},
            "Office",
            None,
        ),
        (
            {"text": "Preferred work mode", "kind": "choice", "knockout_op": "ne", "knockout_value": "Remote"},
            "remote",
            'preferred work mode: "remote"',
        ),
        (
            {"text": "Current city", "kind": "choice", "knockout_op": "in", "knockout_value": "Chennai|Bengaluru"},
            "Pune",
            'current city: "Pune" is not one of Chennai, Bengaluru',
        ),
        (
            {"text": "Current city", "kind": "text", "knockout_op": "in", "knockout_value": "Chennai, Bengaluru"},
            " chennai ",
            None,
        ),
        # multiple choice
        (
            {
                "text": "Databases used in production",
                "kind": "multi_choice",
                "knockout_op": "in",
                "knockout_value": "PostgreSQL|MySQL",
            },
            ["MongoDB"],
            "databases used in production: none of PostgreSQL, MySQL",
        ),
        (
            {
                "text": "Databases used in production",
                "kind": "multi_choice",
                "knockout_op": "eq",
                "knockout_value": "PostgreSQL",
            },
            ["MongoDB", "PostgreSQL"],
            None,
        ),
        (
            {
                "text": "Shifts you cannot work",
                "kind": "multi_choice",
                "knockout_op": "ne",
                "knockout_value": "Weekdays",
            },
            ["Weekdays"],
            "shifts you cannot work: includes Weekdays",
        ),
        # dates
        (
            {"text": "Earliest joining date", "kind": "date", "knockout_op": "lte", "knockout_value": "2026-07-01"},
            "2026-08-15",
            "earliest joining date 15 Aug 2026 after 1 Jul 2026",
        ),
        (
            {"text": "Earliest joining date", "kind": "date", "knockout_op": "lte", "knockout_value": "2026-07-01"},
            "2026-07-01",
            None,
        ),
        (
            {"text": "Earliest joining date", "kind": "date", "knockout_op": "gte", "knockout_value": "2026-07-01"},
            "2026-06-30",
            "earliest joining date 30 Jun 2026 before 1 Jul 2026",
        ),
        # unanswered and unreadable answers never knock out
        ({**NOTICE, "knockout_op": "lte", "knockout_value": "15"}, None, None),
        ({**NOTICE, "knockout_op": "lte", "knockout_value": "15"}, "", None),
        ({**NOTICE, "knockout_op": "lte", "knockout_value": "15"}, "soon", None),
        (
            {"text": "Earliest joining date", "kind": "date", "knockout_op": "lte", "knockout_value": "2026-07-01"},
            "next week",
            None,
        ),
        # a rule that cannot be read is ignored (and logged), not a crash
        ({**NOTICE, "knockout_op": "lte", "knockout_value": "fifteen"}, "60", None),
        ({**WEEKDAY, "knockout_op": "gte", "knockout_value": "yes"}, "no", None),
        (
            {"text": "Earliest joining date", "kind": "date", "knockout_op": "lte", "knockout_value": "July"},
            "2026-08-15",
            None,
        ),
        # no rule at all
        ({**NOTICE}, "90", None),
    ],
)
def test_it_gives_a_plain_reason_for_each_kind_and_op(fields, value, reason):
    assert evaluate_answer(question(**fields), value, posting()) == reason


@pytest.mark.parametrize(
    ("tolerance", "value", "reason"),
    [
        (0, "4000000", "expected CTC ₹40,00,000 above band max ₹35,50,754.94"),
        (0, "3550754.94", None),
        (0, "3550754.95", "expected CTC ₹35,50,754.95 above band max ₹35,50,754.94"),
        (10, "3900000", None),
        (10, "4000000", "expected CTC ₹40,00,000 above band max ₹35,50,754.94 (+10% allowed: ₹39,05,830.43)"),
        (0, "18 L", None),
        (0, "40 LPA", "expected CTC ₹40,00,000 above band max ₹35,50,754.94"),
    ],
)
def test_it_knocks_out_answers_above_the_band_max_with_tolerance(tolerance, value, reason):
    rule = question(**EXPECTED, knockout_band_max=True, knockout_tolerance_pct=tolerance)
    assert evaluate_answer(rule, value, posting()) == reason


def test_a_band_rule_needs_a_band_maximum():
    rule = question(**EXPECTED, knockout_band_max=True)
    assert evaluate_answer(rule, "99 L", posting(pay_max=None)) is None


def test_a_band_rule_does_not_compare_different_currencies():
    rule = question(**{**EXPECTED, "currency": "USD"}, knockout_band_max=True)
    assert evaluate_answer(rule, "500000", posting()) is None


def test_a_money_question_without_currency_uses_the_postings():
    rule = question(text="Expected CTC", kind="money", knockout_band_max=True)
    assert evaluate_answer(rule, "40 L", posting()) == "expected CTC ₹40,00,000 above band max ₹35,50,754.94"


def test_a_constant_rule_is_checked_before_the_band_rule():
    rule = question(**EXPECTED, knockout_op="lte", knockout_value="20 L", knockout_band_max=True)
    assert evaluate_answer(rule, "25 L", posting()) == "expected CTC ₹25,00,000 > ₹20,00,000"
    assert evaluate_answer(rule, "40 L", posting()) == "expected CTC ₹40,00,000 > ₹20,00,000"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("What is your notice period, in days?", "notice period"),
        ("What is your expected CTC (per year)?", "expected CTC"),
        ("Current CTC", "current CTC"),
        ("Notice period (days)", "notice period"),
        ("How many years of Python experience do you have?", "Python"),
    ],
)
def test_the_label_is_a_short_subject(text, label):
    assert question_label(question(text=text, kind="number")) == label


def test_flags_come_in_question_order_without_repeats():
    rules = [
        question(**NOTICE, knockout_op="lte", knockout_value="15"),
        question(**GOLANG, knockout_op="gte", knockout_value="4"),
        question(text="Anything else?", kind="text"),
        question(**NOTICE, knockout_op="lte", knockout_value="15"),
    ]
    flags = knockout_flags(posting(), zip(rules, ["60", "2", "no", "60"], strict=True))
    assert flags == ["notice period 60 days > 15", "Golang 2 years < 4"]


@given(
    answer=st.decimals(min_value=0, max_value=10_000, places=1, allow_nan=False, allow_infinity=False),
    limit=st.integers(min_value=0, max_value=10_000),
    op=st.sampled_from(["lte", "lt", "gte", "gt", "eq", "ne"]),
)
def test_a_numeric_rule_knocks_out_exactly_when_the_comparison_fails(answer, limit, op):
    holds = {
        "lte": answer <= limit,
        "lt": answer < limit,
        "gte": answer >= limit,
        "gt": answer > limit,
        "eq": answer == limit,
        "ne": answer != limit,
    }[op]
    rule = question(text="Years in the industry", kind="number", knockout_op=op, knockout_value=str(limit))
    reason = evaluate_answer(rule, str(answer), posting())
    assert (reason is None) == holds
    if reason:
        assert reason.startswith("years in the industry ")


@given(
    answer=st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False, allow_infinity=False),
    tolerance=st.integers(min_value=0, max_value=100),
)
def test_a_band_rule_knocks_out_exactly_above_max_plus_tolerance(answer, tolerance):
    rule = question(**EXPECTED, knockout_band_max=True, knockout_tolerance_pct=tolerance)
    limit = (BAND_MAX * (100 + tolerance) / 100).quantize(Decimal("0.01"))
    reason = evaluate_answer(rule, str(answer), posting())
    assert (reason is not None) == (answer > limit)


# --- Stored answers ----------------------------------------------------------------------


@pytest.fixture
def flagged_setup(db):
    from tests.factories import ApplicationFactory, PostingFactory

    posting_row = PostingFactory()
    notice = ScreeningQuestion.objects.create(
        posting=posting_row, order=0, knockout_op="lte", knockout_value="15", **NOTICE
    )
    golang = ScreeningQuestion.objects.create(
        posting=posting_row, order=1, knockout_op="gte", knockout_value="4", **GOLANG
    )
    application = ApplicationFactory(posting=posting_row)
    Answer.objects.create(application=application, question=notice, value="60")
    Answer.objects.create(application=application, question=golang, value="5")
    return application, notice, golang


def test_it_flags_the_application_and_records_why(flagged_setup):
    application, _notice, _golang = flagged_setup
    flags = application_evaluate_knockouts(application=application, reason="Answers given when applying")
    assert flags == ["notice period 60 days > 15"]
    application.refresh_from_db()
    assert application.knockout_flags == flags
    assert application.is_flagged
    evaluation = KnockoutEvaluation.objects.get(application=application)
    assert evaluation.flags_before == []
    assert evaluation.flags_after == flags
    assert evaluation.reason == "Answers given when applying"
    assert application.activities.filter(kind="application.flags").count() == 1


def test_evaluating_again_without_changes_records_nothing(flagged_setup):
    application, _notice, _golang = flagged_setup
    application_evaluate_knockouts(application=application, reason="first")
    application_evaluate_knockouts(application=application, reason="second")
    assert KnockoutEvaluation.objects.filter(application=application).count() == 1


def test_a_relaxed_rule_clears_the_flag_with_a_reason(flagged_setup):
    application, notice, _golang = flagged_setup
    application_evaluate_knockouts(application=application, reason="Answers given when applying")
    notice.knockout_value = "90"
    notice.save(update_fields=["knockout_value"])
    flags = application_evaluate_knockouts(application=application, reason="Rule changed: notice period")
    assert flags == []
    assert application.is_flagged is False
    latest = KnockoutEvaluation.objects.filter(application=application).order_by("-id").first()
    assert latest.flags_before == ["notice period 60 days > 15"]
    assert latest.flags_after == []
    assert latest.reason == "Rule changed: notice period"


def test_evaluation_reads_answers_in_a_fixed_number_of_queries(flagged_setup, django_assert_max_num_queries):
    application, _notice, _golang = flagged_setup
    with django_assert_max_num_queries(10):
        application_evaluate_knockouts(application=application, reason="check")
