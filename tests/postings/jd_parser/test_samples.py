"""The three real job descriptions in shared/job-descriptions, end to end (skipped when
that folder is absent). The parser is pure Python, so these tests need neither Django nor
a database:

    .venv/bin/python -m pytest tests/postings/jd_parser -p no:django -p no:cacheprovider --noconftest -q
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from recruiting.postings.jd_parser import DetectedQuestion, DetectedSkill, ParsedJobDescription, parse_job_description
from tests.postings.jd_parser.helpers import _question, _sample, _skills

# ---------------------------------------------------------------------------
# Sample 000: "hiring a Lead Backend Engineer with 10+ years", no pay
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lead_backend() -> ParsedJobDescription:
    return parse_job_description(_sample("000"))


def test_it_reads_the_title_from_a_hiring_sentence_in_sample_000(lead_backend: ParsedJobDescription) -> None:
    assert lead_backend.title == "Lead Backend Engineer"


def test_it_reads_an_open_ended_experience_range_in_sample_000(lead_backend: ParsedJobDescription) -> None:
    assert (lead_backend.experience_min, lead_backend.experience_max) == (10, None)
    assert "experience_min" in lead_backend.detected
    assert "experience_max" not in lead_backend.detected


def test_it_finds_no_pay_or_location_in_sample_000(lead_backend: ParsedJobDescription) -> None:
    assert lead_backend.pay_min is None
    assert lead_backend.pay_max is None
    assert lead_backend.pay_currency is None
    assert lead_backend.pay_period is None
    assert lead_backend.location is None
    assert lead_backend.workplace_type is None
    assert lead_backend.notice_period_max_days is None
    assert lead_backend.weekday_interviews is None
    assert not {"pay_min", "pay_max", "location", "workplace_type"} & lead_backend.detected


def test_it_reads_years_of_fastapi_as_a_required_skill_in_sample_000(lead_backend: ParsedJobDescription) -> None:
    skills = _skills(lead_backend)
    assert skills["FastAPI"] == DetectedSkill(name="FastAPI", min_years=3, required=True)
    for name in ("Python", "PostgreSQL", "MySQL"):
        assert skills[name].required, name
        assert skills[name].min_years is None, name
    # Named only in the responsibilities and the closing keyword list: suggestions.
    for name in ("MongoDB", "Redis", "Kafka", "RabbitMQ", "Docker", "Kubernetes"):
        assert skills[name].suggested, name
        assert not skills[name].required, name
    for name in ("AWS", "Azure", "GCP", "Microservices", "System design", "Distributed systems"):
        assert name in skills, name
    # The lowercase "Fastapi" / "Mysql" of the keyword list at the end map
    # onto the same canonical names instead of creating duplicates.
    assert len(skills) == len(lead_backend.skills)
    assert "Go" not in skills


def test_it_reads_the_education_line_in_sample_000(lead_backend: ParsedJobDescription) -> None:
    assert lead_backend.education == "MCA/Btech"


def test_it_asks_for_years_of_fastapi_with_a_knockout_in_sample_000(lead_backend: ParsedJobDescription) -> None:
    assert lead_backend.questions == [
        DetectedQuestion(
            text="How many years of experience do you have with FastAPI?",
            kind="years",
            skill="FastAPI",
            knockout_op=">=",
            knockout_value="3",
            library_key="skill_years",
        )
    ]


# ---------------------------------------------------------------------------
# Sample 001: requirements first, Chennai, pay band, notice and weekday note
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chennai_backend() -> ParsedJobDescription:
    return parse_job_description(_sample("001"))


def test_it_does_not_invent_a_title_for_sample_001(chennai_backend: ParsedJobDescription) -> None:
    # The text starts with "10+ years of ... experience." and never names the
    # role being hired, so there is nothing reliable to offer.
    assert chennai_backend.title is None
    assert "title" not in chennai_backend.detected


def test_it_reads_experience_location_and_workplace_in_sample_001(chennai_backend: ParsedJobDescription) -> None:
    assert (chennai_backend.experience_min, chennai_backend.experience_max) == (10, None)
    assert chennai_backend.location == "Chennai"
    assert chennai_backend.workplace_type == "onsite"


def test_it_reads_the_pay_band_exactly_in_sample_001(chennai_backend: ParsedJobDescription) -> None:
    assert chennai_backend.pay_currency == "INR"
    assert chennai_backend.pay_period == "year"
    assert isinstance(chennai_backend.pay_min, Decimal)
    assert isinstance(chennai_backend.pay_max, Decimal)
    assert chennai_backend.pay_min == Decimal("1851368.30")
    assert chennai_backend.pay_max == Decimal("3550754.94")
    assert str(chennai_backend.pay_min) == "1851368.30"
    assert {"pay_min", "pay_max", "pay_currency", "pay_period"} <= chennai_backend.detected


def test_it_separates_required_from_nice_to_have_skills_in_sample_001(chennai_backend: ParsedJobDescription) -> None:
    skills = _skills(chennai_backend)
    assert skills["FastAPI"] == DetectedSkill(name="FastAPI", min_years=None, required=True)
    for name in ("Python", "PostgreSQL", "MySQL", "NoSQL", "Distributed systems"):
        assert skills[name].required, name
    # Named only under "Core Responsibilities": offered as suggestions.
    for name in ("Kafka", "Docker", "Kubernetes", "MongoDB", "AWS"):
        assert skills[name].suggested, name
    # Listed under "Nice-to-Have" only.
    for name in ("OAuth2", "JWT", "Microservices"):
        assert skills[name].required is False, name


def test_it_reads_the_notice_limit_and_weekday_interviews_in_sample_001(chennai_backend: ParsedJobDescription) -> None:
    assert chennai_backend.notice_period_max_days == 15
    assert chennai_backend.weekday_interviews is True
    assert chennai_backend.interview_mode is None  # the note does not say how


def test_it_turns_the_note_into_knockout_questions_in_sample_001(chennai_backend: ParsedJobDescription) -> None:
    notice = _question(chennai_backend, "notice_period")
    assert (notice.kind, notice.knockout_op, notice.knockout_value) == ("duration_days", "<=", "15")
    weekday = _question(chennai_backend, "weekday_interview")
    assert (weekday.kind, weekday.knockout_op, weekday.knockout_value) == ("yes_no", "==", "yes")
    # No skill states a number of years, so there is no years question.
    assert [q.library_key for q in chennai_backend.questions] == ["notice_period", "weekday_interview"]


# ---------------------------------------------------------------------------
# Sample 002: title line, bullet lists under "Required" and "Preferred"
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tech_lead() -> ParsedJobDescription:
    return parse_job_description(_sample("002"))


def test_it_reads_the_title_from_the_first_line_in_sample_002(tech_lead: ParsedJobDescription) -> None:
    assert tech_lead.title == "Technical Lead – Backend Systems"


def test_it_finds_no_experience_pay_or_questions_in_sample_002(tech_lead: ParsedJobDescription) -> None:
    assert (tech_lead.experience_min, tech_lead.experience_max) == (None, None)
    assert (tech_lead.pay_min, tech_lead.pay_max, tech_lead.pay_currency) == (None, None, None)
    assert tech_lead.location is None
    assert tech_lead.questions == []
    assert tech_lead.detected == {"title", "skills"}


def test_it_reads_bulleted_required_skills_in_sample_002(tech_lead: ParsedJobDescription) -> None:
    skills = _skills(tech_lead)
    for name in ("Python", "FastAPI", "PostgreSQL", "MySQL", "REST", "Microservices", "OAuth2", "JWT", "System design"):
        assert skills[name].required, name
        assert skills[name].min_years is None, name


def test_it_keeps_sample_002_bullets_as_a_markdown_list(tech_lead: ParsedJobDescription) -> None:
    assert "\n- Backend development\n" in tech_lead.description
    assert "•" not in tech_lead.description
    assert tech_lead.description.startswith("Technical Lead – Backend Systems\n\nMay 18, 2026")
