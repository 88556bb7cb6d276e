"""The role's title (`jd_parser.title`)."""

from __future__ import annotations

import pytest

from recruiting.postings.jd_parser import parse_job_description
from recruiting.postings.jd_parser.sections import split_lines
from recruiting.postings.jd_parser.title import detect_title

# --- Through the entry point ----------------------------------------------------------


def test_it_reads_a_to_range_and_strips_decorations_from_the_title() -> None:
    parsed = parse_job_description("Senior Java Developer (4 to 7 Yrs) - Pune\nFull time")
    assert parsed.title == "Senior Java Developer"
    assert (parsed.experience_min, parsed.experience_max) == (4, 7)
    assert parsed.location == "Pune"
    assert parsed.employment_type == "full_time"


def test_it_reads_a_labelled_title() -> None:
    assert parse_job_description("Job Title: Site Reliability Engineer\nPosition: Full-time").title == (
        "Site Reliability Engineer"
    )
    assert parse_job_description("Role: Data Engineer").title == "Data Engineer"


def test_it_does_not_take_a_pasted_bullet_for_the_title() -> None:
    assert parse_job_description("Lead code reviews focusing on correctness\nMentor engineers").title is None
    assert parse_job_description("Head of Engineering\nWe build payments.").title == "Head of Engineering"


def test_it_reads_a_title_from_looking_for() -> None:
    parsed = parse_job_description("We're looking for a Senior Software Engineer to join our payments team.")
    assert parsed.title == "Senior Software Engineer"


# --- The module on its own ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("Backend Engineer | Remote", "Backend Engineer"),
        ("Data Scientist, Bengaluru", "Data Scientist"),
        ("Platform Engineer (Hybrid) - Full time", "Platform Engineer"),
        ("DevOps Engineer – ₹20 LPA", "DevOps Engineer"),
        ("Technical Lead – Backend Systems", "Technical Lead – Backend Systems"),
        ("senior python developer", "Senior Python Developer"),
    ],
)
def test_it_peels_decorations_off_a_title_line(first_line: str, title: str) -> None:
    assert detect_title(split_lines(first_line + "\nWe build things.")) == title


def test_a_date_line_before_the_title_is_skipped() -> None:
    assert detect_title(split_lines("May 18, 2026\nSolutions Architect\nAbout us")) == "Solutions Architect"


def test_a_label_naming_the_employment_type_is_not_a_title() -> None:
    assert detect_title(split_lines("Position: Full-time\nWe are seeking a talented Staff Engineer with grit")) == (
        "Staff Engineer"
    )


def test_no_role_noun_means_no_title() -> None:
    assert detect_title(split_lines("Payments at scale\nWe move money for millions.")) is None
