"""Employment type (`jd_parser.employment`)."""

from __future__ import annotations

from recruiting.postings.jd_parser import parse_job_description
from recruiting.postings.jd_parser.employment import detect_employment_type
from recruiting.postings.jd_parser.sections import split_lines

# --- Through the entry point ----------------------------------------------------------


def test_it_reads_contract_and_internship_roles() -> None:
    assert parse_job_description("This is a contract role for 6 months.").employment_type == "contract"
    assert parse_job_description("Job Type: Internship").employment_type == "internship"
    assert parse_job_description("Job type: Part-time").employment_type == "part_time"


# --- The module on its own ---------------------------------------------------------------


def test_a_label_beats_a_cue_elsewhere_in_the_text() -> None:
    lines = split_lines("We offer full-time perks to everyone.\nJob type: Contract")
    assert detect_employment_type(lines) == "contract"


def test_the_first_cue_on_a_line_decides() -> None:
    assert detect_employment_type(split_lines("Internship, may turn full-time")) == "internship"


def test_permanently_is_not_permanent_employment() -> None:
    assert detect_employment_type(split_lines("The office is permanently open.")) is None


def test_no_cue_gives_nothing() -> None:
    assert detect_employment_type(split_lines("We build payment systems.")) is None
