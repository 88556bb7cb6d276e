"""The parser against a corpus of job descriptions written by us in the shapes recruiters
paste (tests/postings/jd_parser/corpus/: NN_name.txt and its expected draft NN_name.toml),
reporting precision and recall per field.

    /work/venv/bin/python -m tests.postings.jd_parser.test_corpus    # the report alone

Targets (issue 15 §1): every required skill stated with years is found with its years;
at most one spurious required skill per description; the evaluation focus holds nothing
but evaluation items (no fragment of the pay, a sentence or another field).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest

from recruiting.postings.jd_parser import ParsedJobDescription, parse_job_description

CORPUS = Path(__file__).resolve().parent / "corpus"
SCALARS = (
    "title", "experience_min", "experience_max", "location", "workplace_type", "employment_type",
    "pay_currency", "pay_min", "pay_max", "pay_period", "notice_period_max_days",
)  # fmt: skip
MONEY = {"pay_min", "pay_max"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Case:
    name: str
    expected: dict
    parsed: ParsedJobDescription


@dataclass
class Report:
    cases: list[Case]
    scores: dict[str, Score] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)
    spurious_required: dict[str, list[str]] = field(default_factory=dict)
    foreign_focus: dict[str, list[str]] = field(default_factory=dict)

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def miss(self, name: str, what: str) -> None:
        self.misses.setdefault(name, []).append(what)

    def lines(self) -> list[str]:
        out = [f"{'field':<26} {'precision':>9} {'recall':>7}   (tp/fp/fn)"]
        for name, s in self.scores.items():
            out.append(f"{name:<26} {s.precision:>9.1%} {s.recall:>7.1%}   ({s.tp}/{s.fp}/{s.fn})")
        worst = max((len(v) for v in self.spurious_required.values()), default=0)
        out.append(f"descriptions: {len(self.cases)}; most spurious required skills in one: {worst}")
        for name, items in sorted(self.misses.items()):
            out.append(f"  {name}: " + "; ".join(items[:8]))
        return out


def _load(folder: Path = CORPUS) -> list[Case]:
    cases = []
    for text_path in sorted(folder.glob("*.txt")):
        expected = tomllib.loads(text_path.with_suffix(".toml").read_text(encoding="utf-8"))
        parsed = parse_job_description(text_path.read_text(encoding="utf-8"))
        cases.append(Case(text_path.stem, expected, parsed))
    return cases


def _value(name: str, value):
    if value is None:
        return None
    if name == "location":
        # "Pune, Maharashtra" is Pune; so is "Pune / Mumbai" (the first of several places).
        return re.split(r",|/|\||;|\s·\s", value)[0].strip()
    return Decimal(str(value)) if name in MONEY else value


def evaluate(cases: list[Case]) -> Report:
    report = Report(cases)
    for case in cases:
        exp, got = case.expected, case.parsed
        for name in SCALARS:
            want, have = _value(name, exp.get(name)), _value(name, getattr(got, name))
            s = report.score(name)
            if want is not None and have == want:
                s.tp += 1
                continue
            if have is not None:
                s.fp += 1
            if want is not None:
                s.fn += 1
            if want != have:
                report.miss(name, f"{case.name}: {have!r} ≠ {want!r}")

        required = {k.lower(): (v or None) for k, v in exp.get("required", {}).items()}
        nice = {k.lower() for k in exp.get("nice", [])}
        got_required = {s.name.lower(): s.min_years for s in got.skills if s.required and not s.suggested}
        got_nice = {s.name.lower() for s in got.skills if not s.required and not s.suggested}
        with_years, names, years_score, nice_score = (
            report.score("required skill with years"),
            report.score("required skill (name)"),
            report.score("years of a required skill"),
            report.score("nice-to-have skill"),
        )
        for skill, years in required.items():
            if skill in got_required:
                names.tp += 1
            else:
                names.fn += 1
                report.miss("required skill (name)", f"{case.name}: {skill}")
            if years:
                if got_required.get(skill) == years:
                    with_years.tp += 1
                else:
                    with_years.fn += 1
                    report.miss(
                        "required skill with years", f"{case.name}: {skill} {got_required.get(skill)!r}≠{years}"
                    )
        for skill, years in got_required.items():
            if skill not in required:
                names.fp += 1
                report.spurious_required.setdefault(case.name, []).append(skill)
                report.miss("spurious required", f"{case.name}: {skill}")
            elif years is not None:
                if years == required[skill]:
                    years_score.tp += 1
                else:
                    years_score.fp += 1
        for skill in nice:
            if skill in got_nice:
                nice_score.tp += 1
            else:
                nice_score.fn += 1
                report.miss("nice-to-have skill", f"{case.name}: {skill}")
        nice_score.fp += len(got_nice - nice - set(required))

        focus = report.score("evaluation focus")
        want_focus = {f.lower() for f in exp.get("evaluation_focus", [])}
        for item in got.evaluation_focus:
            if item.lower() in want_focus:
                focus.tp += 1
            else:
                focus.fp += 1
                report.foreign_focus.setdefault(case.name, []).append(item)
                report.miss("evaluation focus", f"{case.name}: extra {item!r}")
        focus.fn += len(want_focus - {item.lower() for item in got.evaluation_focus})
    return report


@pytest.fixture(scope="module")
def report() -> Report:
    cases = _load()
    assert len(cases) >= 25
    result = evaluate(cases)
    print("\n" + "\n".join(result.lines()))  # shown with -s; the asserts below name what failed
    return result


def test_every_corpus_description_has_its_expected_draft() -> None:
    texts = {p.stem for p in CORPUS.glob("*.txt")}
    assert texts == {p.stem for p in CORPUS.glob("*.toml")}
    assert len(texts) >= 25


def test_every_required_skill_with_years_is_found_with_its_years(report: Report) -> None:
    assert report.scores["required skill with years"].recall == 1.0, report.misses.get("required skill with years")


def test_no_description_gains_more_than_one_spurious_required_skill(report: Report) -> None:
    assert {name: found for name, found in report.spurious_required.items() if len(found) > 1} == {}


def test_the_evaluation_focus_holds_only_evaluation_items(report: Report) -> None:
    assert report.foreign_focus == {}
    assert report.scores["evaluation focus"].recall >= 0.9


@pytest.mark.parametrize(
    ("name", "precision", "recall"),
    [
        ("title", 0.9, 0.9),
        ("experience_min", 0.9, 0.9),
        ("experience_max", 0.9, 0.9),
        ("location", 0.9, 0.9),
        ("workplace_type", 0.9, 0.9),
        ("pay_min", 0.95, 0.95),
        ("pay_max", 0.95, 0.95),
        ("pay_period", 0.95, 0.95),
        ("notice_period_max_days", 0.9, 0.9),
        ("required skill (name)", 0.9, 0.95),
        ("nice-to-have skill", 0.85, 0.9),
    ],
)
def test_other_fields_stay_above_their_floor(report: Report, name: str, precision: float, recall: float) -> None:
    score = report.scores[name]
    assert (score.precision, score.recall) >= (precision, 0.0), report.misses.get(name)
    assert score.recall >= recall, report.misses.get(name)


if __name__ == "__main__":
    print("\n".join(evaluate(_load()).lines()))
