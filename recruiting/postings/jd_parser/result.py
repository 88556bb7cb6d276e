"""What the parser returns: the detected fields of one job description."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class DetectedSkill:
    """A skill the job description asks for."""

    name: str
    min_years: int | None = None
    required: bool = True  # False means "nice to have"
    # Mentioned only in prose (about us, responsibilities): offered unchecked, not added.
    suggested: bool = False


@dataclass
class DetectedQuestion:
    """A screening question to put on the application form.

    ``kind`` is one of "money", "duration_days", "years", "yes_no", "number",
    "text", "date", "choice".  Knock-outs are expressed as an operator
    ("<=", ">=", "==") and a value; ``knockout_band_max`` means "the answer
    must not exceed the posting's pay band maximum" (for expected CTC), so it
    keeps working if the recruiter edits the band later.
    """

    text: str
    kind: str
    skill: str | None = None
    knockout_op: str | None = None
    knockout_value: str | None = None
    knockout_band_max: bool = False
    library_key: str | None = None


@dataclass
class ParsedJobDescription:
    """Everything detected in one job description (``None`` = not found)."""

    title: str | None = None
    experience_min: int | None = None
    experience_max: int | None = None
    location: str | None = None
    workplace_type: str | None = None  # "onsite" | "hybrid" | "remote"
    employment_type: str | None = None  # "full_time" | "part_time" | "contract" | "internship"
    pay_currency: str | None = None  # ISO 4217 code
    pay_min: Decimal | None = None
    pay_max: Decimal | None = None
    pay_period: str | None = None  # "year" | "month" | "hour"
    skills: list[DetectedSkill] = field(default_factory=list)
    education: str | None = None
    questions: list[DetectedQuestion] = field(default_factory=list)
    interview_mode: str | None = None  # "in_person" | "online" | "mixed"
    weekday_interviews: bool | None = None
    notice_period_max_days: int | None = None
    evaluation_focus: list[str] = field(default_factory=list)
    description: str = ""
    detected: set[str] = field(default_factory=set)
