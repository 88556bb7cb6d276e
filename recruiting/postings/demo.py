"""Demo postings shaped like the company's real job descriptions (written in our own
words): Chennai, work from office, INR bands per year, weekday interviews, short notice
periods, CTC questions and knock-outs."""

from __future__ import annotations

import importlib
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from recruiting.postings.models import ConsentText, LibraryQuestion, Posting
from recruiting.postings.services import posting_change_status, posting_create, question_add_from_library

CONSENT_V1 = (
    "I agree that the company may store and use the details and CV I send with this application to "
    "assess it for this and similar roles. My data is kept for at most 12 months after the process ends, "
    "and I can ask to see, correct or erase it at any time (DPDP Act 2023, GDPR)."
)

FOCUS = [
    "System design clarity",
    "Database design",
    "Debugging performance and scaling",
    "Production deployment",
    "Problem solving",
    "Explaining trade-offs",
]

LEAD_DESCRIPTION = """\
You will shape how our backend is built: set its architecture, decide where services begin and
end, and still write a good share of the code yourself.

**What you will do**

- Design services that stay fast and dependable as traffic grows, and write down why (ADRs).
- Own data models in PostgreSQL: schemas, indexes, transactions and migrations without downtime.
- Build event-driven flows on Kafka, with retries and idempotency designed in from day one.
- Ship to Kubernetes through CI/CD, and keep logs, metrics and alerts useful.
- Review code, mentor senior and mid-level engineers, and agree standards with the team.

We interview on weekdays, in person at our Chennai office. Please send your CV only.
"""

TECH_LEAD_DESCRIPTION = """\
Lead a small backend team that builds the APIs behind our customer products.

- Break product requirements into clear technical designs and plans.
- Keep the team's code well tested and easy to change; pair on the hard parts.
- Tune slow queries and services; know what the database is doing.
- Work with product and DevOps on releases and incidents.
"""

PAYMENTS_DESCRIPTION = """\
Build the services that move money for our customers: ledgers, reconciliations and payouts,
where correctness and auditability matter more than anything else.
"""


def _library() -> dict[str, LibraryQuestion]:
    """The seeded library (re-created from the migration's rows if it was emptied)."""
    seeded = importlib.import_module("recruiting.postings.migrations.0003_seed_question_library")
    rows = {}
    for row in seeded.LIBRARY:
        fields = dict(row)
        key = fields.pop("key")
        rows[key], _ = LibraryQuestion.objects.get_or_create(key=key, defaults=fields)
    return rows


def _posting(*, users, owner: str, status: str, skills, library_keys, stdout, **fields) -> Posting | None:
    if Posting.objects.filter(title=fields["title"]).exists():
        return None
    actor = users[owner]
    posting = posting_create(
        actor=actor,
        fields={"hiring_manager": actor, **fields},
        recruiters=[users["recruiter"]],
        skills=[{"name": name, "required": required, "min_years": years} for name, required, years in skills],
    )
    library = _library()
    for key in library_keys:
        question_add_from_library(posting=posting, actor=actor, library_question=library[key])
    if status in (Posting.Status.OPEN, Posting.Status.PAUSED, Posting.Status.CLOSED):
        posting_change_status(posting=posting, status=Posting.Status.OPEN, actor=actor)
    if status in (Posting.Status.PAUSED, Posting.Status.CLOSED):
        posting_change_status(posting=posting, status=status, actor=actor)
    stdout.write(f"  posting: {posting.title} ({posting.get_status_display().lower()})")
    return posting


def seed(*, users, stdout) -> None:
    """Create the demo postings and the first consent text."""
    ConsentText.objects.get_or_create(version=1, defaults={"text": CONSENT_V1})
    in_six_weeks = timezone.localdate() + timedelta(weeks=6)
    common = {
        "location": "Chennai",
        "workplace_type": "onsite",
        "employment_type": "full_time",
        "pay_currency": "INR",
        "pay_period": "year",
        "interview_mode": "in_person",
        "weekday_interviews_only": True,
        "notice_period_max_days": 15,
        "evaluation_focus": FOCUS,
    }
    everything = ["current_ctc", "expected_ctc", "notice_period", "years_golang", "weekday_in_person_chennai"]
    _posting(
        users=users, owner="hiring_manager", status="open", stdout=stdout, library_keys=everything,
        skills=[("Golang", True, 4), ("PostgreSQL", True, 3), ("Kubernetes", True, None), ("Kafka", False, None),
                ("Python", False, None)],
        title="Lead Backend Engineer", team="Platform", experience_min=10, experience_max=None,
        pay_min=Decimal("1851368.30"), pay_max=Decimal("3550754.94"), openings=2,
        description=LEAD_DESCRIPTION, education="B.Tech / MCA", closes_on=in_six_weeks,
        knockout_action="hold", rejection_delay_hours=24, **common,
    )  # fmt: skip
    _posting(
        users=users, owner="hiring_manager_2", status="open", stdout=stdout,
        library_keys=["current_ctc", "expected_ctc", "notice_period", "weekday_in_person_chennai"],
        skills=[("Golang", True, 3), ("PostgreSQL", True, None), ("REST APIs", True, None), ("Redis", False, None)],
        title="Technical Lead – Backend", team="Customer APIs", experience_min=3, experience_max=6,
        pay_min=None, pay_max=Decimal("1400000.00"), openings=1, description=TECH_LEAD_DESCRIPTION,
        education="B.E. / B.Tech in Computer Science", closes_on=in_six_weeks,
        knockout_action="reject", rejection_delay_hours=24, **common,
    )  # fmt: skip
    _posting(
        users=users, owner="hiring_manager", status="open", stdout=stdout,
        library_keys=["expected_ctc", "notice_period", "years_golang"],
        skills=[("Golang", True, 4), ("PostgreSQL", True, 4), ("Kafka", False, None)],
        title="Senior Backend Engineer – Payments", team="Payments", experience_min=5, experience_max=8,
        pay_min=Decimal("2200000.00"), pay_max=Decimal("3000000.00"), openings=3, description=PAYMENTS_DESCRIPTION,
        closes_on=None, knockout_action="hold", rejection_delay_hours=24,
        **{**common, "workplace_type": "hybrid"},
    )  # fmt: skip
    _posting(
        users=users, owner="hiring_manager", status="draft", stdout=stdout, library_keys=["notice_period"],
        skills=[("PostgreSQL", True, 5), ("Kafka", True, 3), ("Spark", False, None)],
        title="Staff Engineer – Data Platform", team="Data", experience_min=8, experience_max=12,
        pay_min=Decimal("3500000.00"), pay_max=Decimal("5000000.00"), openings=1,
        description="Own the pipelines that feed our analytics and reporting.", closes_on=None,
        knockout_action="hold", rejection_delay_hours=24, **common,
    )  # fmt: skip
    _posting(
        users=users, owner="hiring_manager_2", status="paused", stdout=stdout,
        library_keys=["notice_period", "weekday_in_person_chennai"],
        skills=[("Kubernetes", True, 3), ("Terraform", True, None), ("Prometheus", False, None)],
        title="Site Reliability Engineer", team="Infrastructure", experience_min=4, experience_max=7,
        pay_min=Decimal("1600000.00"), pay_max=Decimal("2600000.00"), openings=1,
        description="Keep production calm: capacity, on-call, observability and safe releases.", closes_on=None,
        knockout_action="hold", rejection_delay_hours=24, **common,
    )  # fmt: skip
