"""Tests for the pasted-job-description parser.

The parser is pure Python, so these tests need neither Django nor a database:

    .venv/bin/python -m pytest tests/postings/test_jd_parser.py -p no:django -p no:cacheprovider --noconftest -q

The first group checks the three real job descriptions in
``/work/shared/job-descriptions`` (skipped when that folder is absent); the
rest use short texts written here for forms the samples do not contain.
"""

from __future__ import annotations

import random
import string
import time
from decimal import Decimal
from pathlib import Path

import pytest

from recruiting.postings.jd_parser import (
    DetectedQuestion,
    DetectedSkill,
    ParsedJobDescription,
    parse_job_description,
)

SAMPLES_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "job-descriptions"


def _sample(prefix: str) -> str:
    """Text of the sample whose file name starts with ``prefix``."""
    if not SAMPLES_DIR.is_dir():
        pytest.skip(f"sample job descriptions not found at {SAMPLES_DIR}")
    matches = sorted(SAMPLES_DIR.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"no sample job description {prefix}_*.txt in {SAMPLES_DIR}")
    return matches[0].read_text(encoding="utf-8")


def _skills(parsed: ParsedJobDescription) -> dict[str, DetectedSkill]:
    return {skill.name: skill for skill in parsed.skills}


def _question(parsed: ParsedJobDescription, library_key: str) -> DetectedQuestion:
    found = [q for q in parsed.questions if q.library_key == library_key]
    assert len(found) == 1, f"expected one {library_key} question, got {parsed.questions}"
    return found[0]


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
    for name in ("Python", "PostgreSQL", "MySQL", "MongoDB", "Redis", "Kafka", "RabbitMQ", "Docker", "Kubernetes"):
        assert skills[name].required, name
        assert skills[name].min_years is None, name
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
    for name in ("Python", "PostgreSQL", "MySQL", "Kafka", "Docker", "Kubernetes"):
        assert skills[name].required, name
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


# ---------------------------------------------------------------------------
# Pay forms
# ---------------------------------------------------------------------------


def test_it_reads_an_lpa_range() -> None:
    parsed = parse_job_description("CTC: 18-25 LPA")
    assert (parsed.pay_min, parsed.pay_max) == (Decimal("1800000"), Decimal("2500000"))
    assert (parsed.pay_currency, parsed.pay_period) == ("INR", "year")


def test_it_reads_rupees_with_indian_digit_grouping_per_annum() -> None:
    parsed = parse_job_description("Salary: Rs. 12,00,000 - 18,00,000 per annum")
    assert (parsed.pay_min, parsed.pay_max) == (Decimal("1200000"), Decimal("1800000"))
    assert (parsed.pay_currency, parsed.pay_period) == ("INR", "year")


def test_it_keeps_paise_exact_in_an_en_dash_range() -> None:
    parsed = parse_job_description("Pay: ₹18,51,368.30 – ₹35,50,754.94 per year")
    assert str(parsed.pay_min) == "1851368.30"
    assert str(parsed.pay_max) == "3550754.94"


def test_it_reads_an_up_to_pay_band() -> None:
    parsed = parse_job_description("Budget: up to 30 LPA")
    assert (parsed.pay_min, parsed.pay_max) == (None, Decimal("3000000"))
    assert parsed.pay_currency == "INR"
    assert "pay_min" not in parsed.detected
    assert "pay_max" in parsed.detected


def test_it_reads_an_up_to_band_in_full_rupees() -> None:
    parsed = parse_job_description("Salary up to ₹14,00,000 per year")
    assert (parsed.pay_min, parsed.pay_max) == (None, Decimal("1400000"))
    assert parsed.pay_period == "year"


def test_it_reads_lakhs_and_crores() -> None:
    parsed = parse_job_description("Package: 18.5 L – 1.2 Cr")
    assert (parsed.pay_min, parsed.pay_max) == (Decimal("1850000"), Decimal("12000000"))
    assert parsed.pay_currency == "INR"


def test_it_reads_lakhs_written_out_with_a_to_range() -> None:
    parsed = parse_job_description("Compensation: INR 15 lakhs to 20 lakhs p.a.")
    assert (parsed.pay_min, parsed.pay_max) == (Decimal("1500000"), Decimal("2000000"))
    assert parsed.pay_period == "year"


def test_it_reads_a_monthly_stipend_in_thousands() -> None:
    parsed = parse_job_description("Stipend: ₹25k-30k per month")
    assert (parsed.pay_min, parsed.pay_max) == (Decimal("25000"), Decimal("30000"))
    assert (parsed.pay_currency, parsed.pay_period) == ("INR", "month")


def test_it_reads_a_dollar_range_per_year_and_an_hourly_rate() -> None:
    yearly = parse_job_description("Compensation: $120,000 - $150,000 /yr")
    assert (yearly.pay_min, yearly.pay_max, yearly.pay_currency, yearly.pay_period) == (
        Decimal("120000"),
        Decimal("150000"),
        "USD",
        "year",
    )
    hourly = parse_job_description("Rate: $60 per hour")
    assert (hourly.pay_min, hourly.pay_max, hourly.pay_period) == (Decimal("60"), Decimal("60"), "hour")


def test_it_does_not_take_a_benefit_amount_for_pay() -> None:
    parsed = parse_job_description("Benefits: health insurance cover up to ₹5,00,000")
    assert (parsed.pay_min, parsed.pay_max) == (None, None)


def test_it_prefers_the_salary_line_over_other_amounts() -> None:
    parsed = parse_job_description("Pay: ₹40,000 - ₹60,000 per month\nBenefits: health insurance up to ₹5,00,000")
    assert (parsed.pay_min, parsed.pay_max) == (Decimal("40000"), Decimal("60000"))


def test_it_does_not_take_years_or_notice_days_for_pay() -> None:
    parsed = parse_job_description("Salary: not disclosed\nExperience: 3-6 years\nNotice period up to 30 days")
    assert (parsed.pay_min, parsed.pay_max, parsed.pay_currency) == (None, None, None)


def test_a_jd_without_pay_leaves_the_pay_fields_empty() -> None:
    parsed = parse_job_description(
        "Senior Python Developer\n\nRequirements:\n- 5+ years of Python\n- Django, PostgreSQL\nLocation: Pune"
    )
    assert (parsed.pay_min, parsed.pay_max, parsed.pay_currency, parsed.pay_period) == (None, None, None, None)
    assert not {"pay_min", "pay_max", "pay_currency", "pay_period"} & parsed.detected
    assert parsed.title == "Senior Python Developer"
    assert parsed.location == "Pune"


# ---------------------------------------------------------------------------
# Experience, title, location, employment type
# ---------------------------------------------------------------------------


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


def test_it_reads_remote_india() -> None:
    parsed = parse_job_description("Backend Developer\nRemote (India)")
    assert (parsed.location, parsed.workplace_type) == ("India", "remote")


def test_it_reads_hybrid_bengaluru() -> None:
    parsed = parse_job_description("Data Engineer\nHybrid – Bengaluru")
    assert (parsed.location, parsed.workplace_type) == ("Bengaluru", "hybrid")


def test_it_reads_a_location_label_with_work_from_office() -> None:
    parsed = parse_job_description("Job Location: Chennai (work from office only)")
    assert (parsed.location, parsed.workplace_type) == ("Chennai", "onsite")


def test_it_reads_a_location_on_the_line_after_its_label() -> None:
    parsed = parse_job_description("Location:\n* Chennai, Tamil Nadu (Required)\nWork Location: In person")
    assert (parsed.location, parsed.workplace_type) == ("Chennai, Tamil Nadu", "onsite")


def test_it_reads_several_cities_and_drops_a_locality_in_brackets() -> None:
    parsed = parse_job_description("Location: Hyderabad( Madhapur ), Bengaluru")
    assert parsed.location == "Hyderabad, Bengaluru"


def test_it_does_not_read_prose_about_location_as_a_place() -> None:
    parsed = parse_job_description("Location flexibility is offered to everyone.\nMode: Full-time")
    assert (parsed.location, parsed.workplace_type) == (None, None)


def test_it_ignores_a_negated_remote() -> None:
    parsed = parse_job_description("This is not a remote role. Work from office in Hyderabad, 5 days a week.")
    assert (parsed.location, parsed.workplace_type) == ("Hyderabad", "onsite")


def test_it_reads_contract_and_internship_roles() -> None:
    assert parse_job_description("This is a contract role for 6 months.").employment_type == "contract"
    assert parse_job_description("Job Type: Internship").employment_type == "internship"
    assert parse_job_description("Job type: Part-time").employment_type == "part_time"


def test_it_reads_a_degree_requirement() -> None:
    parsed = parse_job_description("Education: B.E./B.Tech in Computer Science (Preferred)")
    assert parsed.education == "B.E./B.Tech in Computer Science"


# ---------------------------------------------------------------------------
# Skills
# ---------------------------------------------------------------------------


def test_it_reads_a_bullet_list_of_skills_under_must_and_nice_to_have() -> None:
    parsed = parse_job_description(
        "Must have:\n- Java\n- Spring Boot\n- MySQL\n\nGood to have:\n- Kafka\n- Redis\n- Kubernetes"
    )
    assert parsed.skills == [
        DetectedSkill("Java", None, True),
        DetectedSkill("Spring Boot", None, True),
        DetectedSkill("MySQL", None, True),
        DetectedSkill("Kafka", None, False),
        DetectedSkill("Redis", None, False),
        DetectedSkill("Kubernetes", None, False),
    ]


def test_it_reads_years_per_skill_in_job_board_format() -> None:
    parsed = parse_job_description("Experience:\n* Golang: 4 years (Required)\n* PostgreSQL: 2 years (Preferred)")
    assert parsed.skills == [DetectedSkill("Go", 4, True), DetectedSkill("PostgreSQL", 2, False)]


def test_it_reads_years_before_the_skill() -> None:
    parsed = parse_job_description(
        "Requirements\n- 4+ years of Go\n- 3+ years of hands-on experience with Python, Django and Redis"
    )
    assert _skills(parsed)["Go"].min_years == 4
    assert [_skills(parsed)[n].min_years for n in ("Python", "Django", "Redis")] == [3, 3, 3]


def test_it_does_not_give_general_experience_to_a_later_skill() -> None:
    parsed = parse_job_description("We need an engineer with 10+ years of experience who will own system design.")
    assert _skills(parsed)["System design"].min_years is None
    assert parsed.experience_min == 10


def test_it_marks_a_preferred_skill_in_prose_as_nice_to_have() -> None:
    parsed = parse_job_description("Strong Python skills are required. Experience with PostgreSQL (preferred).")
    assert _skills(parsed)["Python"].required is True
    assert _skills(parsed)["PostgreSQL"].required is False


def test_it_normalises_skill_spellings_to_one_name() -> None:
    parsed = parse_job_description(
        "Tech: golang, Go Lang, NodeJS, node.js, Postgres, k8s, RESTful APIs, Amazon Web Services"
    )
    assert [s.name for s in parsed.skills] == ["Go", "Node.js", "PostgreSQL", "Kubernetes", "REST", "AWS"]


def test_it_does_not_mistake_the_verb_go_for_the_language() -> None:
    parsed = parse_job_description("Let's go! We Go to market fast and Go-live is next month.")
    assert parsed.skills == []


def test_it_accepts_unknown_technologies_under_a_tech_stack_heading() -> None:
    parsed = parse_job_description("Tech Stack:\n- Elixir\n- Phoenix LiveView\n- PostgreSQL")
    assert [s.name for s in parsed.skills] == ["Elixir", "Phoenix LiveView", "PostgreSQL"]


# ---------------------------------------------------------------------------
# Questions, notice period, interviews, evaluation focus
# ---------------------------------------------------------------------------

JOB_BOARD_POSTING = """Senior Golang Developer
Location: Chennai, Tamil Nadu

We are hiring a Senior Golang Developer to build payment services.

Requirements:
- Golang, PostgreSQL, Kafka

Job Type: Full-time
Pay: ₹18,51,368.30 – ₹35,50,754.94 per year

Application Question(s):
- Current CTC? Expected CTC? Notice period?
- How many years of experience do you have with Golang?
- Are you willing to attend interviews in person on weekdays?
- When can you join?

Experience:
- Golang: 4 years (Required)

We only consider a notice period of at most 15 days.
Work Location: In person
"""


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


def test_it_reads_notice_limits_in_other_words() -> None:
    assert parse_job_description("Notice period: 0-30 days").notice_period_max_days == 30
    assert parse_job_description("Immediate joiners only").notice_period_max_days == 0
    assert parse_job_description("Notice period of at most 1 month").notice_period_max_days == 30


def test_it_ignores_rhetorical_questions() -> None:
    parsed = parse_job_description("Why join us?\nWhat you'll do?\nWhat is your current CTC?")
    assert [q.library_key for q in parsed.questions] == ["current_ctc"]


def test_it_reads_online_weekend_interviews() -> None:
    parsed = parse_job_description("Interviews will be held online over Zoom on Saturday.")
    assert (parsed.interview_mode, parsed.weekday_interviews) == ("online", False)


def test_it_reads_an_evaluation_focus_label_and_sentence() -> None:
    labelled = parse_job_description("Evaluation focus: system design, Go concurrency and code quality")
    assert labelled.evaluation_focus == ["System design", "Go concurrency", "Code quality"]
    sentence = parse_job_description("Candidates will be evaluated on problem solving, architecture and communication.")
    assert sentence.evaluation_focus == ["Problem solving", "Architecture", "Communication"]
    we_will = parse_job_description("We will evaluate infrastructure design, incident response and collaboration.")
    assert we_will.evaluation_focus == ["Infrastructure design", "Incident response", "Collaboration"]


def test_it_reads_an_evaluation_focus_section() -> None:
    parsed = parse_job_description("Evaluation Focus\n- Architecture depth\n- Hands-on coding\n\nBenefits\n- Insurance")
    assert parsed.evaluation_focus == ["Architecture depth", "Hands-on coding"]


# ---------------------------------------------------------------------------
# Robustness
# ---------------------------------------------------------------------------


def test_empty_input_gives_an_empty_result() -> None:
    parsed = parse_job_description("")
    assert parsed == ParsedJobDescription()
    assert parsed.detected == set()
    assert parsed.description == ""


@pytest.mark.parametrize(
    "text",
    [
        "   \n\n\t  ",
        "asdkjh qwe 123 ,,, ₹₹₹ --- ??? !!!",
        "\x00\x01\x02\u200b\ufeff",
        "₹" * 50 + "1," * 50 + "LPA " * 20,
        "Salary: - to - LPA",
        "(((((((((((( years years years",
        "Location:",
        "Job Title:",
        "99999999999999999999999999 LPA",
        "Notice period: 99999 days",
    ],
)
def test_garbage_input_does_not_crash(text: str) -> None:
    parsed = parse_job_description(text)
    assert isinstance(parsed, ParsedJobDescription)
    assert parsed.title is None or isinstance(parsed.title, str)


def test_non_string_input_is_treated_as_empty() -> None:
    assert parse_job_description(None).detected == set()  # type: ignore[arg-type]


def test_random_text_does_not_crash() -> None:
    rng = random.Random(20260518)
    alphabet = string.printable + "₹–—•…"
    for _ in range(50):
        parse_job_description("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3000))))


def _timed_parse(text: str) -> tuple[ParsedJobDescription, float]:
    # CPU time, not wall time, so a busy test machine does not cause failures.
    start = time.process_time()
    parsed = parse_job_description(text)
    return parsed, time.process_time() - start


def test_a_100_kb_job_description_parses_quickly() -> None:
    block = JOB_BOARD_POSTING + "\n" + "Design and build scalable backend services in Python and Go.\n" * 20
    text = (block * (100_000 // len(block) + 1))[:100_000]
    parsed, seconds = _timed_parse(text)
    assert seconds < 1.0
    assert parsed.title == "Senior Golang Developer"
    assert parsed.pay_max == Decimal("3550754.94")


@pytest.mark.parametrize(
    "unit",
    ["1", "1,", "₹1,11,11", "go ", "Go, ", "5 years of ", "?", "-", "1-", "(", "18 LPA - ", "notice 15 days "],
)
def test_100_kb_of_repetitive_input_parses_quickly(unit: str) -> None:
    text = (unit * (100_000 // len(unit) + 1))[:100_000]
    _, seconds = _timed_parse(text)
    assert seconds < 1.0
    _, seconds = _timed_parse(text.replace(" ", "\n"))
    assert seconds < 1.0
