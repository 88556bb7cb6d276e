"""Skills with their years and required or nice-to-have status, read clause by clause
under the section each line belongs to."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from recruiting.postings.jd_parser.experience import (
    EXPERIENCE_CUE_RE,
    SKILL_BEFORE_YEARS_GAP_RE,
    SKILL_CHAIN_GAP_RE,
    YEARS_OF_EXPERIENCE_RE,
    ExperienceHit,
    YearsHit,
    experience_range,
    find_years,
    following_gap_ok,
)
from recruiting.postings.jd_parser.result import DetectedSkill
from recruiting.postings.jd_parser.sections import SEC_NICE, SEC_QUESTIONS, SEC_REQUIRED, Line, heading_kind
from recruiting.postings.jd_parser.text import CLAUSE_SPLIT_RE
from recruiting.postings.jd_parser.vocabulary import SkillHit, find_skills

_NICE_CUE_RE = re.compile(
    r"\bpreferred\b|\bpreferably\b|\b(?:nice|good|great)[\s-]to[\s-]have\b|\bbonus\b|"
    r"\b(?:is\s+)?an?\s+(?:big\s+|huge\s+|definite\s+)?(?:plus|advantage)\b|\bplus\s+points?\b|"
    r"\badded\s+advantage\b|\badvantageous\b|\bdesirable\b|\boptional\b|\bwould\s+be\s+(?:nice|great|good)\b",
    re.I,
)
_REQUIRED_CUE_RE = re.compile(r"\brequired\b|\bmandatory\b|\bmust\b|\bessential\b|\bcompulsory\b", re.I)

_STATUS_REQUIRED = "required"
_STATUS_NICE = "nice"
_STATUS_NEUTRAL = "neutral"


# Caps that keep pathological input linear; real text never reaches them.
_MAX_YEARS_PER_CLAUSE = 20
_MAX_SKILL_CHAIN = 12


@dataclass
class _SkillInfo:
    name: str
    order: int
    statuses: set[str] = field(default_factory=set)
    years: int | None = None


class SkillCollector:
    """Accumulates skill mentions and general experience statements."""

    def __init__(self) -> None:
        self.skills: dict[str, _SkillInfo] = {}
        self.experience: list[ExperienceHit] = []
        self.skill_experience: list[ExperienceHit] = []

    def mention(self, name: str, status: str, years: int | None = None) -> None:
        key = name.lower()
        info = self.skills.get(key)
        if info is None:
            info = self.skills[key] = _SkillInfo(name=name, order=len(self.skills))
        info.statuses.add(status)
        if years is not None and (info.years is None or years > info.years):
            info.years = years

    def scan_line(self, line: Line) -> None:
        text = line.inline_content or line.text
        section_status = {SEC_REQUIRED: _STATUS_REQUIRED, SEC_NICE: _STATUS_NICE}.get(line.section, _STATUS_NEUTRAL)
        if line.section == SEC_QUESTIONS or text.rstrip().endswith("?"):
            # A question mentions a skill but says nothing about years needed.
            for hit in find_skills(text):
                self.mention(hit.name, _STATUS_NEUTRAL)
            return
        short_line = len(text) <= 80
        for clause in CLAUSE_SPLIT_RE.split(text):
            if clause:
                self._scan_clause(clause, section_status, short_line)
        if line.techlist and line.section in (SEC_REQUIRED, SEC_NICE):
            self._scan_techlist(line, text, section_status)

    def _scan_clause(self, clause: str, section_status: str, short_line: bool) -> None:
        # A cue in the clause itself beats the section: "Experience with
        # PostgreSQL (preferred)" under "Requirements" is nice to have.
        if _NICE_CUE_RE.search(clause):
            status = _STATUS_NICE
        elif _REQUIRED_CUE_RE.search(clause):
            status = _STATUS_REQUIRED
        else:
            status = section_status
        skills = find_skills(clause)
        skill_starts = [hit.start for hit in skills]
        skill_ends = [hit.end for hit in skills]
        has_cue = bool(EXPERIENCE_CUE_RE.search(clause))
        years_of: dict[int, int] = {}  # index into skills -> years
        # A real clause states years once or twice; the cap keeps pathological
        # input (the same phrase pasted thousands of times) linear.
        for yh in find_years(clause)[:_MAX_YEARS_PER_CLAUSE]:
            attached = self._attach_years(clause, skills, skill_starts, skill_ends, yh)
            if attached:
                for i in attached:
                    years_of[i] = max(years_of.get(i, 0), yh.low or 0)
                if YEARS_OF_EXPERIENCE_RE.match(clause, yh.end):
                    self.skill_experience.append(ExperienceHit(yh, True, short_line))
            else:
                self.experience.append(ExperienceHit(yh, has_cue, short_line))
        for i, hit in enumerate(skills):
            self.mention(hit.name, status, years_of.get(i))

    @staticmethod
    def _attach_years(
        clause: str,
        skills: list[SkillHit],
        skill_starts: list[int],
        skill_ends: list[int],
        yh: YearsHit,
    ) -> list[int]:
        """Indexes of the skills the years expression refers to."""
        if yh.low is None or yh.up_to:
            return []
        last = bisect_right(skill_ends, yh.start) - 1  # last skill ending before the years
        if (
            last >= 0
            and yh.start - skills[last].end <= 40
            and SKILL_BEFORE_YEARS_GAP_RE.fullmatch(clause[skills[last].end : yh.start])
        ):
            chain = [last]
            # "Python/Django: 3 years" - walk back over the list.
            while (
                chain[0] > 0
                and len(chain) < _MAX_SKILL_CHAIN
                and SKILL_CHAIN_GAP_RE.fullmatch(clause[skills[chain[0] - 1].end : skills[chain[0]].start])
            ):
                chain.insert(0, chain[0] - 1)
            return chain
        first = bisect_left(skill_starts, yh.end)  # first skill starting after the years
        if (
            first < len(skills)
            and skills[first].start - yh.end <= 70
            and following_gap_ok(clause[yh.end : skills[first].start])
        ):
            chain = [first]
            # "5+ years in Python, Django and PostgreSQL"
            while (
                chain[-1] + 1 < len(skills)
                and len(chain) < _MAX_SKILL_CHAIN
                and SKILL_CHAIN_GAP_RE.fullmatch(clause[skills[chain[-1]].end : skills[chain[-1] + 1].start])
            ):
                chain.append(chain[-1] + 1)
            return chain
        return []

    def _scan_techlist(self, line: Line, text: str, status: str) -> None:
        """Accept unknown technology names listed under a tech-stack heading."""
        items = [p for p in re.split(r"[,;|]", text)] if ("," in text or ";" in text) else []
        if not items and line.is_bullet:
            items = [text]
        for item in items[:60]:
            item = item.strip().strip(".").strip()
            if not item or len(item) > 30 or len(item.split()) > 3 or find_skills(item):
                continue
            if not (item[0].isupper() or any(c.isdigit() for c in item)):
                continue
            if heading_kind(item):
                continue
            self.mention(item, status)

    def result(self) -> list[DetectedSkill]:
        out: list[DetectedSkill] = []
        for info in sorted(self.skills.values(), key=lambda s: s.order):
            # An explicit requirement anywhere wins; otherwise a nice-to-have
            # cue wins over plain mentions (responsibilities, descriptions).
            if _STATUS_REQUIRED in info.statuses:
                required = True
            elif _STATUS_NICE in info.statuses:
                required = False
            else:
                required = True
            out.append(DetectedSkill(name=info.name, min_years=info.years, required=required))
        return out

    def experience_range(self) -> tuple[int | None, int | None]:
        """The general experience range ("10+ years of experience")."""
        return experience_range(self.experience, self.skill_experience)
