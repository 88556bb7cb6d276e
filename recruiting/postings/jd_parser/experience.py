"""Years of experience: "10+ years", "3–6 yrs", "at least five years", and which of
them is the experience range the role asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from recruiting.postings.jd_parser.text import NUMBER_WORD_ALT, RANGE_SEP, to_int, word_set

YEARS_RE = re.compile(
    rf"(?<![\w.])(?P<a>\d{{1,2}}|{NUMBER_WORD_ALT})(?:\.\d{{1,2}})?\s{{0,2}}(?P<plus>\+|plus)?"
    # "3 Yrs - 6 Yrs", "3 years to 6 years": the unit may be written on both ends.
    rf"(?:(?:\s{{0,2}}(?:years?|yrs?))?\s{{0,2}}{RANGE_SEP}\s{{0,2}}(?P<b>\d{{1,2}})(?:\.\d{{1,2}})?\s{{0,2}}\+?)?"
    r"\s{0,2}(?:years?|yrs?)(?:['’]s?)?(?!\w)",
    re.IGNORECASE,
)
_AT_LEAST_BEFORE_RE = re.compile(r"(?:minimum|min\.?|at\s+least|over|more\s+than|atleast)\s{0,3}(?:of\s+)?$", re.I)
_UP_TO_BEFORE_RE = re.compile(r"(?:up\s?to|maximum|max\.?|less\s+than|not\s+more\s+than)\s{0,3}(?:of\s+)?$", re.I)
YEARS_OF_EXPERIENCE_RE = re.compile(
    r"\s{0,3}(?:of\s+)?(?:(?:professional|relevant|industry|total|overall)\s+)?experience\b", re.I
)
EXPERIENCE_CUE_RE = re.compile(r"\bexp(?:erience[ds]?|\.)?\b|\btotal\s+work\b|\bfreshers?\b", re.I)
# Text allowed between a skill and its years: "Golang: 4 years",
# "Python (3+ years)", "Java - minimum 5 years", "Python experience of 3 years".
SKILL_BEFORE_YEARS_GAP_RE = re.compile(
    r"\s{0,3}(?:experience|exp\.?)?\s{0,3}(?:[:(\[\-–—,~=]|of|for|with)?\s{0,3}"
    r"(?:(?:minimum|min\.?|at\s+least|over|more\s+than|around|approx\.?)\s{0,3})?(?:of\s{1,3})?",
    re.I,
)
# Words that end a "N years of ... <skill>" association: "10+ years of
# experience who will own ... system design" is not 10 years of system design.
_GAP_STOP_WORDS = word_set(
    "who which that will while and or to we you our your is are be can should would across leading "
    "managing including plus"
)
_GAP_PREPOSITIONS = word_set("of in with using on building developing writing working programming coding")
SKILL_CHAIN_GAP_RE = re.compile(
    r"[\s,/&()|]{0,6}(?:(?:and|or|&)[\s,/&()|]{0,4})?"
    # "4+ years building iOS apps in Swift": the app's language shares the years.
    r"|\s(?:apps?|applications?|services?|systems?|backends?|code)\s(?:in|with|using)\s"
)


@dataclass
class YearsHit:
    low: int | None
    high: int | None
    open_ended: bool  # "10+", "at least 10"
    up_to: bool  # "up to 3 years"
    start: int
    end: int


def find_years(text: str) -> list[YearsHit]:
    hits: list[YearsHit] = []
    for m in YEARS_RE.finditer(text):
        low = to_int(m.group("a"))
        high = to_int(m.group("b")) if m.group("b") else None
        if low is None or low > 50 or (high is not None and high > 50):
            continue
        if high is not None and high < low:
            low, high = high, low
        before = text[max(0, m.start() - 20) : m.start()]
        hits.append(
            YearsHit(
                low=low,
                high=high,
                open_ended=bool(m.group("plus")) or bool(_AT_LEAST_BEFORE_RE.search(before)),
                up_to=bool(_UP_TO_BEFORE_RE.search(before)) and high is None,
                start=m.start(),
                end=m.end(),
            )
        )
    return hits


def following_gap_ok(gap: str) -> bool:
    """Whether "N years <gap> <skill>" attaches the years to the skill."""
    if len(gap) > 70:
        return False
    words = re.findall(r"[a-z][a-z'’-]*", gap.lower())
    if len(words) > 7 or any(w in _GAP_STOP_WORDS for w in words):
        return False
    return not words or any(w in _GAP_PREPOSITIONS for w in words)


@dataclass
class ExperienceHit:
    hit: YearsHit
    has_cue: bool
    short_line: bool


def experience_range(
    experience: list[ExperienceHit], skill_experience: list[ExperienceHit]
) -> tuple[int | None, int | None]:
    """The general experience range ("10+ years of experience") among the years found.

    `experience` holds years that named no skill, `skill_experience` years that did
    ("6 to 9 years of experience in Java"), the last resort.
    """
    candidates = [e for e in experience if e.has_cue]
    if not candidates:
        # "Senior Developer (5-8 yrs)": a range or "N+" in a short line.
        candidates = [e for e in experience if e.short_line and (e.hit.high is not None or e.hit.open_ended)]
    if not candidates:
        # "6 to 9 years of experience in Java development" names a skill
        # but is, in practice, the experience the role asks for.
        candidates = skill_experience
    if not candidates:
        return None, None
    hit = candidates[0].hit
    if hit.up_to:
        return None, hit.low
    if hit.high is not None:
        return hit.low, hit.high
    return hit.low, None
