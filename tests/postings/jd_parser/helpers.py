"""Shared by the parser's tests: the real sample job descriptions and small lookups."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from recruiting.postings.jd_parser import DetectedQuestion, DetectedSkill, ParsedJobDescription

# shared/job-descriptions beside the checkout; JD_SAMPLES_DIR for a checkout elsewhere.
SAMPLES_DIR = Path(
    os.environ.get("JD_SAMPLES_DIR") or Path(__file__).resolve().parents[3].parent / "shared" / "job-descriptions"
)


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
