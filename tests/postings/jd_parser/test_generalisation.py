"""Shapes met in job descriptions nobody here tuned to (found with the held-out set,
tests/postings/jd_parser/heldout/, and probes around it): each is a general rule, not a
single text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from recruiting.postings.jd_parser import parse_job_description
from recruiting.postings.jd_parser.text import clean_description


def _required(text: str) -> dict[str, int | None]:
    parsed = parse_job_description("Backend Engineer\n\nRequirements:\n- " + text + "\n")
    return {s.name: s.min_years for s in parsed.skills if s.required}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Core Java - 3 Yrs, Spring Boot - 2 Yrs, Microservices - 2 Yrs",
            {"Java": 3, "Spring Boot": 2, "Microservices": 2},
        ),
        ("Python (3+ years) and SQL (4+ years)", {"Python": 3, "SQL": 4}),
        ("React Native (4+ yrs), TypeScript (3+ yrs), GraphQL", {"React Native": 4, "TypeScript": 3, "GraphQL": None}),
        ("Python 3 yrs, Go 2 yrs", {"Python": 3, "Go": 2}),
        ("Python [3 years]", {"Python": 3}),
        ("Python ~ 3 years", {"Python": 3}),
        ("React (3+), Node.js (2+)", {"React": 3, "Node.js": 2}),
        ("3+ yrs hands-on with Playwright or Cypress", {"Playwright": 3, "Cypress": 3}),
        ("Zendesk or Freshdesk: 2 years", {"Zendesk": 2, "Freshdesk": 2}),
        ("Salesforce CRM – 3 years", {"Salesforce": 3}),
    ],
)
def test_every_item_of_a_list_keeps_its_own_years(line: str, expected: dict) -> None:
    assert _required(line) == expected


@pytest.mark.parametrize(
    ("line", "low", "high"),
    [
        ("Work Experience: 3 Yrs - 6 Yrs", 3, 6),
        ("Experience: 3 years to 6 years", 3, 6),
        ("Years of experience: 4-6", 4, 6),
        ("Experience level: Mid (3–5 years)", 3, 5),
        ("Experience: Fresher", 0, None),
        ("अनुभव: 2-5 साल (Experience: 2-5 years)", 2, 5),
    ],
)
def test_experience_ranges_in_other_shapes(line: str, low, high) -> None:
    parsed = parse_job_description(f"Backend Engineer\n{line}\n\nRequirements:\n- Python\n")
    assert (parsed.experience_min, parsed.experience_max) == (low, high)
    assert {s.name for s in parsed.skills if s.required} == {"Python"}


@pytest.mark.parametrize(
    ("line", "currency", "low", "high", "period"),
    [
        ("Salary: €60.000 - €75.000 per year", "EUR", "60000", "75000", "year"),
        ("Salary: $120,000 - $150,000", "USD", "120000", "150000", "year"),
        ("Salary: £45k-£55k", "GBP", "45000", "55000", "year"),
        ("Salary: Rs. 4,50,000/- to Rs. 6,00,000/- p.a.", "INR", "450000", "600000", "year"),
        ("Salary: 1,20,000 per month", "INR", "120000", "120000", "month"),
        ("Salary: SGD 8,000 - 10,000 per month", "SGD", "8000", "10000", "month"),
        ("Salary: AED 25,000 per month", "AED", "25000", "25000", "month"),
        ("Remote (India) · Contract · USD 40–55/hour", "USD", "40", "55", "hour"),
        ("CTC: INR 1.2 Cr per annum", "INR", "12000000", "12000000", "year"),
        ("CTC: Up to ₹38 LPA fixed, plus uncapped commission", "INR", None, "3800000", "year"),
    ],
)
def test_pay_in_other_shapes_and_currencies(line: str, currency, low, high, period) -> None:
    parsed = parse_job_description(f"Backend Engineer\n{line}\n")
    got = (parsed.pay_currency, parsed.pay_min, parsed.pay_max, parsed.pay_period)
    assert got == (currency, Decimal(low) if low else None, Decimal(high), period)


@pytest.mark.parametrize("line", ["Salary: Not Disclosed", "Compensation: Best in industry"])
def test_pay_not_stated_is_not_invented(line: str) -> None:
    parsed = parse_job_description(f"Backend Engineer\n{line}\nHealth insurance up to ₹5,00,000\n")
    assert (parsed.pay_min, parsed.pay_max) == (None, None)


@pytest.mark.parametrize(
    ("required_heading", "nice_heading"),
    [
        ("What We're Looking For", "Brownie points"),
        ("You bring", "Even better if you have"),
        ("Basic Qualifications", "Plus if you have"),
        ("Your profile", "Extra points for"),
        ("What you'll need", "What would make you stand out"),
        ("Skills required", "Skills that are a plus"),
        ("Technical Skills Required:", "Desired Skills:"),
        ("Desired Candidate Profile", "Good-to-have skills"),
    ],
)
def test_other_headings_separate_required_from_nice(required_heading: str, nice_heading: str) -> None:
    text = f"Backend Engineer\n\nAbout us\nWe use Rust.\n\n{required_heading}\n- Python\n\n{nice_heading}\n- Redis\n"
    parsed = parse_job_description(text)
    assert [(s.name, s.required, s.suggested) for s in parsed.skills] == [
        ("Python", True, False),
        ("Redis", False, False),
        ("Rust", False, True),
    ]


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("🚀 We're hiring: Senior Android Developer 🚀", "Senior Android Developer"),
        ("Product Designer (Remote, US time zones)", "Product Designer"),
        ("Contract: Senior React Native Developer (6 months, extendable)", "Senior React Native Developer"),
        ("HR Generalist", "HR Generalist"),
        ("ENGINEERING MANAGER – PLATFORM", "Engineering Manager – Platform"),
    ],
)
def test_titles_with_lead_ins_emoji_and_decorations(first_line: str, title: str) -> None:
    assert parse_job_description(first_line + "\n\nWe build things.\n").title == title


@pytest.mark.parametrize(
    ("line", "location", "workplace"),
    [
        ("LOCATION: MUMBAI (HYBRID)", "Mumbai", "hybrid"),
        ("Location: Kolkata (3 days from office)", "Kolkata", "hybrid"),
        ("Work Location: Hyderabad (WFO 5 days)", "Hyderabad", "onsite"),
        ("Location: Anywhere in India (Remote)", "India", "remote"),
        ("Remote (India) · Contract · USD 40–55/hour", "India", "remote"),
        ("Fully remote, work from anywhere between UTC-8 and UTC-3", None, "remote"),
        ("Location: Multiple Locations", None, None),
        ("Bharat Textiles is hiring for its Tiruppur plant.", "Tiruppur", None),
    ],
)
def test_places_and_workplaces_in_other_shapes(line: str, location, workplace) -> None:
    parsed = parse_job_description(f"Backend Engineer\n{line}\n")
    assert (parsed.location, parsed.workplace_type) == (location, workplace)


def test_contract_in_a_sentence_is_not_the_employment_type() -> None:
    parsed = parse_job_description("Account Executive\n- Run the full cycle from prospecting to signed contract\n")
    assert parsed.employment_type is None


def test_the_evaluation_list_stops_at_another_fields_label() -> None:
    parsed = parse_job_description(
        "ML Engineer\nAssessment criteria: ML fundamentals; clear communication\nBudget: 35-50 LPA\n"
    )
    assert parsed.evaluation_focus == ["ML fundamentals", "Clear communication"]


def test_joining_within_is_a_notice_period() -> None:
    assert parse_job_description("Support Lead\nJoining: within 15 days\n").notice_period_max_days == 15


def test_emoji_bullets_become_list_items_in_the_description() -> None:
    text = "What you'll do\n👉 Build features\n👉 Mentor juniors\nWe want\n✔️ Kotlin – 5 years\n➕ Firebase\n"
    assert clean_description(text).split("\n") == [
        "What you'll do",
        "- Build features",
        "- Mentor juniors",
        "We want",
        "- Kotlin – 5 years",
        "- Firebase",
    ]


@pytest.mark.parametrize(
    ("first_line", "title", "location", "workplace", "experience"),
    [
        ("Analytics Engineer | Gurugram | 3–6 Yrs | Hybrid", "Analytics Engineer", "Gurugram", "hybrid", (3, 6)),
        ("Technical Content Writer (Part-time, Remote)", "Technical Content Writer", None, "remote", (None, None)),
        (
            "Staff Engineer\nBengaluru (On-site, 5 days) | 10+ years",
            "Staff Engineer",
            "Bengaluru",
            "onsite",
            (10, None),
        ),
    ],
)
def test_one_line_summaries(first_line: str, title, location, workplace, experience) -> None:
    parsed = parse_job_description(first_line + "\n\nRequirements\n- Python\n")
    assert (parsed.title, parsed.location, parsed.workplace_type) == (title, location, workplace)
    assert (parsed.experience_min, parsed.experience_max) == experience
    assert [s.name for s in parsed.skills if s.required] == ["Python"]


def test_working_from_a_named_office_is_on_site() -> None:
    parsed = parse_job_description("Recruiter\nThis is a full-time role working from our Chennai office.\n")
    assert (parsed.location, parsed.workplace_type) == ("Chennai", "onsite")


def test_years_of_a_practice_name_the_skill_and_the_experience() -> None:
    parsed = parse_job_description("Technical Writer\n\nWhat you need:\n* 2+ years of technical writing\n")
    assert [(s.name, s.min_years) for s in parsed.skills] == [("Technical writing", 2)]
    assert parsed.experience_min == 2
    parsed = parse_job_description(
        "Data Engineer\n\nWhat you bring\n- 4+ years of experience building data pipelines\n"
    )
    assert parsed.skills == [] and parsed.experience_min == 4


def test_a_pipe_separated_list_keeps_each_skills_years() -> None:
    assert _required("Python: 2+ Yrs | Django: 1+ Yrs | REST APIs") == {"Python": 2, "Django": 1, "REST": None}


def test_an_interview_loop_heading_ends_the_nice_to_have_list() -> None:
    parsed = parse_job_description(
        "Staff Engineer\n\nPREFERRED\n- Kafka\n\nINTERVIEW LOOP\nWe will evaluate system design and coding depth.\n"
    )
    assert [(s.name, s.required, s.suggested) for s in parsed.skills] == [
        ("Kafka", False, False),
        ("System design", False, True),
    ]
    assert parsed.evaluation_focus == ["System design", "Coding depth"]
