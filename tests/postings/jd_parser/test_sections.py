"""Lines and sections (`jd_parser.sections`): which heading a line sits under."""

from __future__ import annotations

import pytest

from recruiting.postings.jd_parser.sections import (
    MAX_ANALYSED_LINES,
    SEC_EDUCATION,
    SEC_EVALUATION,
    SEC_NEUTRAL,
    SEC_NICE,
    SEC_NONE,
    SEC_QUESTIONS,
    SEC_REQUIRED,
    heading_kind,
    split_lines,
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Requirements", SEC_REQUIRED),
        ("Must have", SEC_REQUIRED),
        ("Tech stack", SEC_REQUIRED),
        ("Preferred qualifications", SEC_NICE),
        ("Good to have", SEC_NICE),
        ("Education", SEC_EDUCATION),
        ("Application Question(s)", SEC_QUESTIONS),
        ("Evaluation focus", SEC_EVALUATION),
        ("Responsibilities", SEC_NEUTRAL),
        ("What we offer", SEC_NEUTRAL),
    ],
)
def test_it_recognises_headings(text: str, kind: str) -> None:
    assert heading_kind(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "Experience with PostgreSQL (preferred)",  # a cue in brackets: content
        "Strong experience with Python and Django",  # names technologies
        "We build payment systems for banks across India.",  # a sentence
        "Requirements for the role are listed in the attached document below",  # too long
        "",
    ],
)
def test_content_is_not_taken_for_a_heading(text: str) -> None:
    assert heading_kind(text) is None


def test_each_line_carries_the_section_it_sits_under() -> None:
    lines = split_lines("Intro line\n\nRequirements:\n- Python\nNice to have\n* Go\n## Benefits\n- Lunch")
    assert [(line.text, line.section, line.is_bullet, line.heading) for line in lines] == [
        ("Intro line", SEC_NONE, False, None),
        ("Requirements:", SEC_REQUIRED, False, SEC_REQUIRED),
        ("Python", SEC_REQUIRED, True, None),
        ("Nice to have", SEC_NICE, False, SEC_NICE),
        ("Go", SEC_NICE, True, None),
        ("Benefits", SEC_NEUTRAL, False, SEC_NEUTRAL),
        ("Lunch", SEC_NEUTRAL, True, None),
    ]


def test_an_inline_label_opens_a_section_with_its_content() -> None:
    label, after = split_lines("Must have: Python, Go\nKafka")
    assert (label.heading, label.section, label.inline_content) == (SEC_REQUIRED, SEC_REQUIRED, "Python, Go")
    assert after.section == SEC_REQUIRED


def test_a_one_off_label_does_not_open_a_section() -> None:
    _, location, bullet = split_lines("Requirements\nLocation: Anna Salai, Chennai, Tamil Nadu\n- Go")
    assert (location.heading, location.inline_content) == (SEC_NEUTRAL, "Anna Salai, Chennai, Tamil Nadu")
    assert bullet.section == SEC_REQUIRED


def test_a_short_label_line_is_a_heading_of_its_own() -> None:
    # "Location: Chennai" reads like a heading and so closes the requirements.
    _, location, bullet = split_lines("Requirements\nLocation: Chennai\n- Go")
    assert (location.heading, location.inline_content) == (SEC_NEUTRAL, "")
    assert bullet.section == SEC_NEUTRAL


def test_a_tech_stack_heading_marks_its_lines() -> None:
    lines = split_lines("Tech stack\n- Elixir\nAbout us\n- Tea")
    assert [line.techlist for line in lines] == [True, True, False, False]


def test_blank_lines_are_skipped_but_keep_their_index() -> None:
    assert [line.index for line in split_lines("a\n\n\nb")] == [0, 3]


def test_very_many_lines_are_capped() -> None:
    assert len(split_lines("word\n" * (MAX_ANALYSED_LINES + 50))) == MAX_ANALYSED_LINES
