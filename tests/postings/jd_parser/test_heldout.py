"""The parser against a HELD-OUT set of job descriptions (tests/postings/jd_parser/heldout/),
scored like the tuned corpus (test_corpus.py) but never tuned to.

    /work/venv/bin/python -m tests.postings.jd_parser.test_heldout    # the report alone

The set was written after the tuned corpus by someone who had not seen the parser's rules,
deliberately unlike it: other roles (data, SRE, QA, Android, design, management, finance,
support, sales, HR, field service), other shapes (markdown and ALL-CAPS headings, emoji
bullets, numbered "1." / "1)" / "a)" lines, "Key Skills:" comma lists, LinkedIn and Naukri
pastes, Hindi and Tamil mixed with English, equal-opportunity boilerplate) and pay as
"12-18 Lacs P.A.", "CTC: ₹ 25,00,000 – 32,00,000", "INR 1.2 Cr", "Up to ₹38 LPA", monthly
stipends, "Not Disclosed", dollars per hour and pounds per annum.  The expected drafts were
written before the parser was first run on them.

It was written in two batches: h01-h17, then (after fixing what the first showed) h18-h23,
each measured before any change, so the second batch measured the fixes on unseen text.
First-run figures of both are in docs/architecture.md.  The floors below are the final
measurement over all 23 minus a margin of about five points (100% fields: 95%), so a
regression fails while one more half-read description does not.  Do not tune
the parser to a single text of this set; add the text to the tuned corpus instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.postings.jd_parser.test_corpus import Report, _load, evaluate

HELDOUT = Path(__file__).resolve().parent / "heldout"


@pytest.fixture(scope="module")
def report() -> Report:
    cases = _load(HELDOUT)
    assert len(cases) >= 15
    result = evaluate(cases)
    print("\n" + "\n".join(result.lines()))
    return result


def test_every_heldout_description_has_its_expected_draft() -> None:
    texts = {p.stem for p in HELDOUT.glob("*.txt")}
    assert texts == {p.stem for p in HELDOUT.glob("*.toml")}
    assert len(texts) >= 15


def test_no_description_gains_more_than_one_spurious_required_skill(report: Report) -> None:
    assert {name: found for name, found in report.spurious_required.items() if len(found) > 1} == {}


def test_the_evaluation_focus_holds_only_evaluation_items(report: Report) -> None:
    assert report.foreign_focus == {}


# (field, precision floor, recall floor): final measurement minus about five points.
FLOORS = [
    ("title", 0.95, 0.95),
    ("experience_min", 0.95, 0.95),
    ("experience_max", 0.95, 0.95),
    ("location", 0.95, 0.95),
    ("workplace_type", 0.95, 0.95),
    ("employment_type", 0.95, 0.9),
    ("pay_currency", 0.95, 0.95),
    ("pay_min", 0.95, 0.95),
    ("pay_max", 0.95, 0.95),
    ("pay_period", 0.95, 0.95),
    ("notice_period_max_days", 0.95, 0.9),
    ("required skill with years", 0.95, 0.89),  # final 100.0% / 94.3%
    ("required skill (name)", 0.92, 0.89),  # final 97.8% / 94.6%
    ("nice-to-have skill", 0.95, 0.83),  # final 100.0% / 88.5%
    ("evaluation focus", 0.95, 0.9),
]


@pytest.mark.parametrize(("name", "precision", "recall"), FLOORS)
def test_every_field_stays_above_its_floor(report: Report, name: str, precision: float, recall: float) -> None:
    score = report.scores[name]
    assert score.precision >= precision, report.misses.get(name)
    assert score.recall >= recall, report.misses.get(name)


if __name__ == "__main__":
    print("\n".join(evaluate(_load(HELDOUT)).lines()))
