"""Screening questions and their knock-outs (`jd_parser.questions`)."""

from __future__ import annotations

import pytest

from recruiting.postings.jd_parser import DetectedQuestion, DetectedSkill, ParsedJobDescription, parse_job_description
from recruiting.postings.jd_parser.questions import (
    MAX_QUESTIONS,
    build_questions,
    classify_question,
    question_fragments,
)
from recruiting.postings.jd_parser.sections import split_lines
from tests.postings.jd_parser.helpers import JOB_BOARD_POSTING, _question, _skills

# --- Through the entry point ----------------------------------------------------------


@pytest.fixture(scope="module")
def job_board() -> ParsedJobDescription:
    return parse_job_description(JOB_BOARD_POSTING)


def test_it_classifies_application_questions(job_board: ParsedJobDescription) -> None:
    assert [(q.text, q.kind, q.library_key) for q in job_board.questions] == [
        ("Current CTC?", "money", "current_ctc"),
        ("Expected CTC?", "money", "expected_ctc"),
        ("Notice period?", "duration_days", "notice_period"),
        ("How many years of experience do you have with Golang?", "years", "skill_years"),
        ("Are you willing to attend interviews in person on weekdays?", "yes_no", "weekday_interview"),
        ("When can you join?", "date", "joining_date"),
    ]


def test_it_caps_expected_ctc_at_the_band_maximum(job_board: ParsedJobDescription) -> None:
    expected = _question(job_board, "expected_ctc")
    assert expected.knockout_band_max is True
    assert (expected.knockout_op, expected.knockout_value) == ("<=", "3550754.94")
    current = _question(job_board, "current_ctc")
    assert (current.knockout_op, current.knockout_band_max) == (None, False)


def test_it_puts_knockouts_on_notice_and_required_skill_years(job_board: ParsedJobDescription) -> None:
    assert job_board.notice_period_max_days == 15
    notice = _question(job_board, "notice_period")
    assert (notice.knockout_op, notice.knockout_value) == ("<=", "15")
    years = _question(job_board, "skill_years")
    assert (years.skill, years.knockout_op, years.knockout_value) == ("Go", ">=", "4")


def test_it_reads_in_person_weekday_interviews_from_a_question(job_board: ParsedJobDescription) -> None:
    assert (job_board.interview_mode, job_board.weekday_interviews) == ("in_person", True)
    weekday = _question(job_board, "weekday_interview")
    assert (weekday.knockout_op, weekday.knockout_value) == ("==", "yes")


def test_it_reads_the_rest_of_a_job_board_posting(job_board: ParsedJobDescription) -> None:
    assert job_board.title == "Senior Golang Developer"
    assert (job_board.location, job_board.workplace_type, job_board.employment_type) == (
        "Chennai, Tamil Nadu",
        "onsite",
        "full_time",
    )
    assert _skills(job_board)["Go"] == DetectedSkill("Go", 4, True)


def test_it_adds_a_years_question_for_a_required_skill_with_years() -> None:
    parsed = parse_job_description("Requirements:\n- 5+ years of Java\n- Kafka (nice to have, 2 years)")
    assert [(q.skill, q.knockout_op, q.knockout_value) for q in parsed.questions] == [("Java", ">=", "5")]


def test_it_turns_immediate_joiners_or_15_days_into_a_notice_knockout() -> None:
    parsed = parse_job_description("Immediate joiners or 15 days notice preferred.")
    assert parsed.notice_period_max_days == 15
    notice = _question(parsed, "notice_period")
    assert (notice.kind, notice.knockout_op, notice.knockout_value) == ("duration_days", "<=", "15")


def test_it_ignores_rhetorical_questions() -> None:
    parsed = parse_job_description("Why join us?\nWhat you'll do?\nWhat is your current CTC?")
    assert [q.library_key for q in parsed.questions] == ["current_ctc"]


# --- The module on its own ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "library_key"),
    [
        ("What is your notice period?", "duration_days", "notice_period"),
        ("Your salary expectation?", "money", "expected_ctc"),
        ("Last drawn CTC?", "money", "current_ctc"),
        ("Are you available for interviews on weekdays?", "yes_no", "weekday_interview"),
        ("Total years of experience?", "years", "total_experience"),
        ("How many years have you worked with Kafka?", "years", "skill_years"),
        ("When can you start?", "date", "joining_date"),
        ("Are you willing to relocate to Chennai?", "yes_no", "relocation"),
        ("Can you commute to Guindy daily?", "yes_no", "commute"),
        ("Do you hold a valid passport?", "yes_no", None),
        ("How many people have you managed?", "number", None),
        ("Which cloud do you know best (AWS/GCP)?", "choice", None),
        ("Tell us about a system you designed", "text", None),
    ],
)
def test_it_classifies_a_question_by_its_wording(text: str, kind: str, library_key: str | None) -> None:
    question = classify_question(text)
    assert (question.text, question.kind, question.library_key) == (text, kind, library_key)


def test_a_skill_years_question_names_its_skill() -> None:
    assert classify_question("How many years have you worked with Kafka?").skill == "Kafka"


def test_questions_outside_a_questions_section_need_a_screening_cue() -> None:
    lines = split_lines("Do you love clean code? Are you willing to relocate?\nApplication questions\n- Your GitHub")
    assert question_fragments(lines) == ["Are you willing to relocate?", "Your GitHub"]


def test_numbering_and_leads_are_stripped() -> None:
    lines = split_lines("Screening questions\nQ1: What is your current CTC?\n2. Please mention: notice period?")
    assert question_fragments(lines) == ["What is your current CTC?", "notice period?"]


def test_repeated_questions_are_asked_once_and_the_list_is_capped() -> None:
    fragments = ["Current CTC?", "current ctc ?"] + [f"Question number {n}?" for n in range(60)]
    questions = build_questions(fragments, [], ParsedJobDescription())
    assert [q.text for q in questions[:2]] == ["Current CTC?", "Question number 0?"]
    assert len(questions) == MAX_QUESTIONS - 1  # the duplicate took one of the places


def test_requirements_in_prose_become_questions_with_knockouts() -> None:
    result = ParsedJobDescription(experience_min=5, notice_period_max_days=30, weekday_interviews=True)
    questions = build_questions(
        ["Total years of experience?"], [DetectedSkill("Go", 3, True), DetectedSkill("Rust", 2, False)], result
    )
    assert [(q.library_key, q.skill, q.knockout_op, q.knockout_value) for q in questions] == [
        ("total_experience", None, ">=", "5"),
        ("notice_period", None, "<=", "30"),
        ("weekday_interview", None, "==", "yes"),
        ("skill_years", "Go", ">=", "3"),
    ]
    assert questions[2].text == "Are you available to attend interviews on weekdays?"


def test_expected_ctc_without_a_band_has_no_knockout() -> None:
    (question,) = build_questions(["Expected CTC?"], [], ParsedJobDescription())
    assert question == DetectedQuestion("Expected CTC?", "money", library_key="expected_ctc")
