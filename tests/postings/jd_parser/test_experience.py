"""Years of experience (`jd_parser.experience`) and the range the role asks for."""

from __future__ import annotations

from recruiting.postings.jd_parser import parse_job_description
from recruiting.postings.jd_parser.experience import ExperienceHit, experience_range, find_years, following_gap_ok
from tests.postings.jd_parser.helpers import _skills

# --- Through the entry point ----------------------------------------------------------


def test_it_reads_a_short_yrs_range() -> None:
    parsed = parse_job_description("Exp: 5-8 yrs")
    assert (parsed.experience_min, parsed.experience_max) == (5, 8)


def test_it_reads_an_en_dash_experience_range() -> None:
    parsed = parse_job_description("Experience: 3–6 years in backend development")
    assert (parsed.experience_min, parsed.experience_max) == (3, 6)


def test_it_takes_the_experience_range_from_years_of_experience_in_a_skill() -> None:
    parsed = parse_job_description("Preferred candidate profile\n* 6 to 9 years of experience in Java development")
    assert (parsed.experience_min, parsed.experience_max) == (6, 9)
    assert _skills(parsed)["Java"].min_years == 6


# --- The module on its own ---------------------------------------------------------------


def _years(text: str) -> list[tuple[int | None, int | None, bool, bool]]:
    return [(hit.low, hit.high, hit.open_ended, hit.up_to) for hit in find_years(text)]


def test_it_reads_ranges_open_ends_and_upper_limits() -> None:
    assert _years("5-8 yrs") == [(5, 8, False, False)]
    assert _years("10+ years") == [(10, None, True, False)]
    assert _years("at least five years") == [(5, None, True, False)]
    assert _years("up to 3 years") == [(3, None, False, True)]
    assert _years("4 to 7 Yrs") == [(4, 7, False, False)]


def test_it_puts_a_reversed_range_in_order_and_ignores_absurd_numbers() -> None:
    assert _years("8-5 years") == [(5, 8, False, False)]
    assert _years("99 years") == []
    assert _years("version 3.11 of Python, 2024") == []


def test_years_attach_to_a_following_skill_only_through_a_preposition() -> None:
    assert following_gap_ok(" of hands-on experience with ")
    assert following_gap_ok(" ")
    assert not following_gap_ok(" of experience who will own ")
    assert not following_gap_ok(" " + "word " * 20)


def test_the_range_prefers_a_cue_then_a_short_line_then_a_skill() -> None:
    cued, plain, short, skill = (
        ExperienceHit(find_years(text)[0], has_cue, short_line)
        for text, has_cue, short_line in (
            ("3-6 years", True, False),
            ("2 years", False, False),
            ("5-8 yrs", False, True),
            ("6 to 9 years", True, True),
        )
    )
    assert experience_range([plain, cued], [skill]) == (3, 6)
    assert experience_range([plain, short], [skill]) == (5, 8)
    assert experience_range([plain], [skill]) == (6, 9)
    assert experience_range([plain], []) == (None, None)


def test_an_upper_limit_becomes_the_maximum_only() -> None:
    up_to = ExperienceHit(find_years("up to 3 years")[0], True, True)
    assert experience_range([up_to], []) == (None, 3)
