"""Odd, empty, huge and random input never breaks the parser, and stays fast."""

from __future__ import annotations

import random
import string
import time
from decimal import Decimal

import pytest

from recruiting.postings.jd_parser import ParsedJobDescription, parse_job_description
from tests.postings.jd_parser.helpers import JOB_BOARD_POSTING


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
