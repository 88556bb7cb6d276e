"""Demo data: a few hundred applications to the demo postings.

Runs after `recruiting.postings.demo` (which creates open postings with screening
questions) and goes through the real `application_submit` service, so candidates,
CV files, answers, knock-out flags and rejections are exactly what applying creates.
No e-mails are queued. Deterministic: the same seed gives the same people.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from recruiting.core.contact import normalise_phone
from recruiting.pipelines.applying import AlreadyApplied, application_submit, consent_current
from recruiting.postings.models import Posting, QuestionKind, ScreeningQuestion
from recruiting.postings.sample_files import make_pdf

APPLICATIONS = 300

FIRST_NAMES = [
    "Aarav",
    "Aditi",
    "Akash",
    "Ananya",
    "Anil",
    "Anjali",
    "Arjun",
    "Aruna",
    "Bhavana",
    "Deepak",
    "Dhanush",
    "Divya",
    "Gautam",
    "Gayathri",
    "Harish",
    "Ishaan",
    "Janani",
    "Karthik",
    "Kavya",
    "Keerthana",
    "Lakshmi",
    "Manoj",
    "Meenakshi",
    "Mohammed",
    "Nandini",
    "Naveen",
    "Nikhil",
    "Pooja",
    "Pradeep",
    "Priya",
    "Rahul",
    "Rajesh",
    "Ramya",
    "Ravi",
    "Rohit",
    "Sahana",
    "Sandeep",
    "Sanjay",
    "Saranya",
    "Senthil",
    "Shreya",
    "Siddharth",
    "Sneha",
    "Sowmya",
    "Srinivas",
    "Suresh",
    "Swathi",
    "Tanvi",
    "Tarun",
    "Uma",
    "Varun",
    "Vidya",
    "Vignesh",
    "Vikram",
    "Yamini",
    "Zainab",
    "Farhan",
    "Gurpreet",
    "Joseph",
    "Ayesha",
]
LAST_NAMES = [
    "Iyer",
    "Krishnan",
    "Subramanian",
    "Raman",
    "Natarajan",
    "Venkatesan",
    "Sharma",
    "Verma",
    "Gupta",
    "Reddy",
    "Naidu",
    "Rao",
    "Menon",
    "Nair",
    "Pillai",
    "Kumar",
    "Shetty",
    "Hegde",
    "Patel",
    "Shah",
    "Desai",
    "Kulkarni",
    "Joshi",
    "Banerjee",
    "Chatterjee",
    "Das",
    "Mukherjee",
    "Singh",
    "Khan",
    "Ansari",
    "Fernandes",
    "D'Souza",
    "Thomas",
    "Varghese",
    "Murugan",
    "Selvam",
    "Rajan",
    "Chandran",
    "Balakrishnan",
    "Ramachandran",
]
EMAIL_DOMAINS = ["gmail.com", "outlook.com", "yahoo.co.in", "proton.me", "rediffmail.com"]
MOBILE_PREFIXES = ["98", "99", "97", "94", "90", "88", "81", "70", "63", "96"]
COMPANIES = [
    "Zenlytics",
    "Cauvery Systems",
    "Marina Fintech",
    "BlueKite Logistics",
    "Pallava Software",
    "Orbit Retail",
    "Kaveri Health",
    "Tessellate Labs",
    "Saffron Payments",
    "Northwind India",
    "Coromandel Cloud",
    "Indigo Ledger",
]
ROLES = [
    "Backend Engineer",
    "Senior Backend Engineer",
    "Software Engineer II",
    "Senior Software Engineer",
    "Lead Engineer",
    "Platform Engineer",
    "Staff Engineer",
    "Technical Lead",
]
CITIES = ["Chennai", "Chennai", "Chennai", "Bengaluru", "Hyderabad", "Coimbatore", "Pune", "Kochi", "Madurai"]
SKILLS = [
    "Go",
    "PostgreSQL",
    "Kafka",
    "Redis",
    "Kubernetes",
    "Docker",
    "gRPC",
    "AWS",
    "Python",
    "MySQL",
    "RabbitMQ",
    "Terraform",
    "Prometheus",
    "Elasticsearch",
    "Java",
]
# (source, share in %); referral/agency/job board details are filled in per application.
SOURCES = [("careers", 55), ("referral", 14), ("agency", 10), ("job_board", 16), ("sourced", 5)]
AGENCIES = ["TalentBridge Search", "Southern Tech Hiring", "PeopleFirst Consulting"]
JOB_BOARDS = ["Naukri", "LinkedIn Jobs", "Indeed", "Instahyre"]
NOTICE_DAYS = [0, 0, 0, 7, 7, 10, 15, 15, 15, 15, 15, 15, 15, 30, 45, 60, 90]
STEP = Decimal(10_000)


def _person(rng: random.Random, used: set[str]) -> dict[str, Any]:
    while True:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        handle = f"{first}.{last}".lower().replace("'", "")
        email = f"{handle}{rng.randint(1, 999)}@{rng.choice(EMAIL_DOMAINS)}"
        if email in used:
            continue
        phone = normalise_phone(rng.choice(MOBILE_PREFIXES) + "".join(str(rng.randint(0, 9)) for _ in range(8)))
        if phone is None:
            continue
        used.add(email)
        years = Decimal(rng.randint(20, 140)) / 10
        skills = rng.sample(SKILLS, rng.randint(3, 6))
        if "Go" not in skills and rng.random() < 0.85:
            skills[0] = "Go"
        return {
            "full_name": f"{first} {last}",
            "email": email,
            "phone": phone,
            "years": years,
            "skills": skills,
            "role": rng.choice(ROLES),
            "company": rng.choice(COMPANIES),
            "city": rng.choice(CITIES),
        }


def _cv_text(person: dict[str, Any], rng: random.Random) -> str:
    skills = person["skills"]
    lines = [
        person["full_name"],
        f"{person['role']} at {person['company']}, {person['city']}",
        f"{person['email']} | {person['phone']}",
        "",
        f"Summary: {person['years']} years building backend services that handle real traffic.",
        f"Skills: {', '.join(skills)}",
        "",
        "Experience",
        f"- {person['company']}: designed {rng.choice(['order', 'payment', 'inventory', 'notification'])} services "
        f"in {skills[0]}, with {rng.choice(['PostgreSQL', 'MySQL'])} schemas and {rng.choice(['Kafka', 'RabbitMQ'])} events.",
        f"- Cut p99 latency of a busy API by {rng.randint(20, 70)}% through query tuning and caching in Redis.",
        "- Ran production deployments on Kubernetes; wrote runbooks and on-call dashboards.",
        "",
        f"Education: B.E. Computer Science, {rng.choice(['Anna University', 'VIT', 'NIT Trichy', 'PSG Tech'])}",
    ]
    return "\n".join(lines)


def _round_money(amount: Decimal) -> Decimal:
    return (amount / STEP).quantize(Decimal(1)) * STEP


def _answer(question: ScreeningQuestion, posting: Posting, person: dict[str, Any], rng: random.Random) -> Any:
    text = question.text.lower()
    kind = question.kind
    if kind == QuestionKind.MONEY:
        top = posting.pay_max or Decimal(3_000_000)
        bottom = posting.pay_min or top / 2
        # Mostly inside the band; about one in eight asks for more than its maximum.
        low, high = bottom * Decimal("0.8"), top * Decimal("1.08")
        expected = _round_money(low + (high - low) * Decimal(rng.random()))
        if "current" in text:
            return str(_round_money(expected * Decimal(rng.uniform(0.6, 0.9))))
        return str(expected)
    if kind == QuestionKind.DURATION_DAYS:
        return str(rng.choice(NOTICE_DAYS))
    if kind == QuestionKind.YEARS:
        if question.skill:
            skills = {s.lower() for s in person["skills"]}
            wanted = question.skill.lower()
            known = wanted in skills or (wanted == "golang" and "go" in skills)
            return str(rng.randint(3, 9) if known else rng.randint(0, 3))
        return str(person["years"])
    if kind == QuestionKind.YES_NO:
        return "yes" if rng.random() < 0.92 else "no"
    if kind == QuestionKind.NUMBER:
        return str(rng.randint(1, 12))
    options = [str(item.get("value", "")) if isinstance(item, dict) else str(item) for item in question.choices or []]
    if kind == QuestionKind.CHOICE:
        return rng.choice(options) if options else None
    if kind == QuestionKind.MULTI_CHOICE:
        return rng.sample(options, rng.randint(1, len(options))) if options else None
    if kind == QuestionKind.DATE:
        return (timezone.localdate() + dt.timedelta(days=rng.randint(7, 90))).isoformat()
    if not question.required and rng.random() < 0.5:
        return None
    return rng.choice(
        [
            "Happy to relocate to Chennai.",
            "Available for a call any weekday after 5 pm.",
            "I have led a team of four for the last year.",
        ]
    )


def _source(rng: random.Random, users: dict) -> dict[str, Any]:
    source = rng.choices([name for name, _ in SOURCES], weights=[share for _, share in SOURCES])[0]
    if source == "referral":
        referrer = users.get(rng.choice(["interviewer", "interviewer_2", "interviewer_3", "hiring_manager"]))
        return {"source": source, "referred_by": referrer, "source_detail": ""}
    if source == "agency":
        return {"source": source, "source_detail": rng.choice(AGENCIES)}
    if source == "job_board":
        return {"source": source, "source_detail": rng.choice(JOB_BOARDS)}
    if source == "sourced":
        return {"source": source, "source_detail": "", "actor": users.get("recruiter")}
    return {"source": "careers", "source_detail": ""}


def seed(*, users: dict, stdout) -> None:
    """Create about APPLICATIONS applications spread over the open demo postings."""
    postings = list(Posting.objects.published().prefetch_related("questions").order_by("created_at"))
    if not postings:
        stdout.write("demo applications: no open postings, skipped")
        return
    rng = random.Random(2026)
    consent_version = consent_current().version
    used_emails: set[str] = set()
    people: list[dict[str, Any]] = []
    applied: set[tuple[str, int]] = set()
    created = flagged = rejected = 0
    # Busier postings first: the first posting gets the most applicants, like real life.
    weights = [max(1, len(postings) - index) for index in range(len(postings))]
    for _ in range(APPLICATIONS):
        posting = rng.choices(postings, weights=weights)[0]
        # About one in eight applicants applies to a second posting as the same person.
        if people and rng.random() < 0.12:
            person = rng.choice(people)
        else:
            person = _person(rng, used_emails)
            people.append(person)
        if (person["email"], posting.pk) in applied:
            continue
        answers = [(q, _answer(q, posting, person, rng)) for q in posting.questions.all()]
        source = _source(rng, users)
        cv = io.BytesIO(make_pdf(_cv_text(person, rng)))
        cv.name = f"{person['full_name']} CV.pdf"
        try:
            result = application_submit(
                posting=posting,
                full_name=person["full_name"],
                email=person["email"],
                phone=person["phone"],
                cv_file=cv,
                cv_kind="pdf",
                answers=answers,
                consent_version=consent_version if source["source"] == "careers" else None,
                notify=False,
                profile={
                    "current_role": person["role"],
                    "current_company": person["company"],
                    "location": person["city"],
                    "skills": person["skills"],
                    "total_years": person["years"],
                },
                **source,
            )
        except AlreadyApplied:
            continue
        applied.add((person["email"], posting.pk))
        created += 1
        flagged += bool(result.application.is_flagged)
        rejected += result.application.state == "rejected"
    stdout.write(
        f"demo applications: {created} applications from {len(people)} people "
        f"({flagged} flagged by knock-outs, {rejected} rejected by knock-out)"
    )
