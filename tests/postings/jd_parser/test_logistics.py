"""Notice period and interviews (`jd_parser.logistics`)."""

from __future__ import annotations

from recruiting.postings.jd_parser import parse_job_description
from recruiting.postings.jd_parser.logistics import detect_interviews, detect_notice_max
from recruiting.postings.jd_parser.sections import split_lines

# --- Through the entry point ----------------------------------------------------------


def test_it_reads_notice_limits_in_other_words() -> None:
    assert parse_job_description("Notice period: 0-30 days").notice_period_max_days == 30
    assert parse_job_description("Immediate joiners only").notice_period_max_days == 0
    assert parse_job_description("Notice period of at most 1 month").notice_period_max_days == 30


def test_it_reads_online_weekend_interviews() -> None:
    parsed = parse_job_description("Interviews will be held online over Zoom on Saturday.")
    assert (parsed.interview_mode, parsed.weekday_interviews) == ("online", False)


# --- The module on its own ---------------------------------------------------------------


def test_weeks_and_months_become_days_and_the_longest_limit_wins() -> None:
    assert detect_notice_max(split_lines("Notice period: 2 weeks")) == 14
    assert detect_notice_max(split_lines("Joiners within 30 days.\nNotice up to 2 months is fine.")) == 60


def test_impossible_notice_periods_and_questions_are_ignored() -> None:
    assert detect_notice_max(split_lines("Notice period: 500 days")) is None
    assert detect_notice_max(split_lines("What is your notice period, 30 days?")) is None


def test_durations_without_a_notice_cue_are_not_notice_periods() -> None:
    assert detect_notice_max(split_lines("Training lasts 30 days.")) is None


def test_in_person_and_online_rounds_make_a_mixed_mode() -> None:
    lines = split_lines("First interview online over Zoom. Final interview in person at our office.")
    assert detect_interviews(lines) == ("mixed", None)


def test_weekdays_win_over_weekends_and_need_an_interview_cue() -> None:
    assert detect_interviews(split_lines("Interviews on Saturday or on weekdays")) == (None, True)
    assert detect_interviews(split_lines("We work on weekdays only")) == (None, None)
