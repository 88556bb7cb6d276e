"""The longest notice period accepted, and how and when interviews happen."""

from __future__ import annotations

import re

from recruiting.postings.jd_parser.sections import SEC_QUESTIONS, Line
from recruiting.postings.jd_parser.text import CLAUSE_SPLIT_RE, DASH, to_int

_NOTICE_CUE_RE = re.compile(
    r"\bnotice\b|\bjoiners?\b|\bjoin(?:ing)?\s+(?:with)?in\b|\bcan\s+join\b|\bstart\s+within\b|\bavailable\s+to\s+join\b|^joining\s*(?:date|time)?\s*[:\-–]",
    re.I,
)
_DURATION_RE = re.compile(
    r"(?<![\w.])(?P<a>\d{1,3}|one|two|three|four|six|a|an)\s{0,2}"
    rf"(?:{DASH}|to|or)?\s{{0,2}}(?P<b>\d{{1,3}})?\s{{0,2}}(?P<unit>days?|weeks?|wks?|months?)(?!\w)",
    re.I,
)


_IMMEDIATE_RE = re.compile(r"\bimmediate(?:ly)?\b", re.I)


def detect_notice_max(lines: list[Line]) -> int | None:
    """Longest notice period the posting accepts, in days."""
    found: list[int] = []
    for line in lines:
        if "?" in line.text or line.section == SEC_QUESTIONS or not _NOTICE_CUE_RE.search(line.text):
            continue
        for clause in CLAUSE_SPLIT_RE.split(line.text):
            if not clause or not _NOTICE_CUE_RE.search(clause):
                continue
            days: list[int] = []
            for m in _DURATION_RE.finditer(clause):
                unit = m.group("unit").lower()
                factor = 30 if unit.startswith("month") else 7 if unit.startswith("w") else 1
                for token in (m.group("a"), m.group("b")):
                    if token:
                        n = to_int(token)
                        if n is not None and n * factor <= 365:
                            days.append(n * factor)
            if days:
                found.append(max(days))
            elif _IMMEDIATE_RE.search(clause):
                found.append(0)
    return max(found) if found else None


_IN_PERSON_RE = re.compile(
    r"\bin[\s-]person\b|\bface[\s-]to[\s-]face\b|\bf2f\b|\bwalk[\s-]?in\b|\bon[\s-]?site\b|\bat\s+(?:our|the)\s+office\b|"
    r"\boffline\b|\bin[\s-]office\b",
    re.I,
)
_ONLINE_RE = re.compile(
    r"\bonline\b|\bvirtual(?:ly)?\b|\bvideo\b|\bzoom\b|\bgoogle\s+meet\b|\b(?:ms|microsoft)\s+teams\b|\btelephonic\b|"
    r"\bphone\b|\bremote(?:ly)?\b",
    re.I,
)
WEEKDAY_RE = re.compile(
    r"\bweek[\s-]?days?\b|\bmonday\s+(?:to|through|-)\s+friday\b|\bmon\s*-\s*fri\b|\bworking\s+days\b", re.I
)
_WEEKEND_RE = re.compile(r"\bweek[\s-]?ends?\b|\bsaturdays?\b|\bsundays?\b", re.I)


_INTERVIEW_RE = re.compile(r"\binterview|\bwalk[\s-]?in\b", re.I)


def detect_interviews(lines: list[Line]) -> tuple[str | None, bool | None]:
    """Return (interview mode, weekday interviews)."""
    in_person = online = False
    weekday: bool | None = None
    for line in lines:
        if not _INTERVIEW_RE.search(line.text):
            continue
        for clause in CLAUSE_SPLIT_RE.split(line.text):
            if not clause or not _INTERVIEW_RE.search(clause):
                continue
            in_person = in_person or bool(_IN_PERSON_RE.search(clause))
            online = online or bool(_ONLINE_RE.search(clause))
            if WEEKDAY_RE.search(clause):
                weekday = True
            elif weekday is None and _WEEKEND_RE.search(clause):
                weekday = False
    mode = "mixed" if in_person and online else "in_person" if in_person else "online" if online else None
    return mode, weekday
