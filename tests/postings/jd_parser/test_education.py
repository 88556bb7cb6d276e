"""The education line (`jd_parser.education`)."""

from __future__ import annotations

from recruiting.postings.jd_parser import parse_job_description
from recruiting.postings.jd_parser.education import detect_education
from recruiting.postings.jd_parser.sections import split_lines

# --- Through the entry point ----------------------------------------------------------


def test_it_reads_a_degree_requirement() -> None:
    parsed = parse_job_description("Education: B.E./B.Tech in Computer Science (Preferred)")
    assert parsed.education == "B.E./B.Tech in Computer Science"


# --- The module on its own ---------------------------------------------------------------


def test_the_line_under_an_education_heading_is_read() -> None:
    assert detect_education(split_lines("Education\n- Any graduate in engineering\nSkills")) == (
        "Any graduate in engineering"
    )


def test_a_degree_mentioned_in_prose_is_the_fallback() -> None:
    assert detect_education(split_lines("About us\nA B.Tech or MCA (mandatory)")) == "A B.Tech or MCA"


def test_overlong_lines_are_not_an_education_line() -> None:
    assert detect_education(split_lines("We hire people with a B.Tech " + "and more " * 30)) is None


def test_no_degree_gives_nothing() -> None:
    assert detect_education(split_lines("Python, Go and Kafka")) is None
