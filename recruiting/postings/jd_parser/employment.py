"""The employment type: full time, part time, contract or internship."""

from __future__ import annotations

import re

from recruiting.postings.jd_parser.sections import Line

_EMPLOYMENT_LABEL_RE = re.compile(
    r"^(?:(?:job|employment|position|engagement|contract)\s*)?type\s*[:\-–—|]\s*(?P<value>.+)$", re.I
)
_EMPLOYMENT_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("internship", re.compile(r"\binternship\b|\bintern\b", re.I)),
    ("part_time", re.compile(r"\bpart[\s-]?time\b", re.I)),
    (
        "contract",
        re.compile(
            r"\bcontract(?:ual)?\s+(?:role|position|job|basis|employment|hire|to\s+hire|opportunity|assignment|engagement)\b|"
            r"\bon\s+(?:a\s+)?contract\b|\bcontractual\b|\bfreelance\b|\bc2h\b|\btemporary\b|"
            # "Remote · Contract · USD 40/hour", "Contract: Senior ...": an item of a summary
            # line, not a word in a sentence ("... to signed contract").
            r"(?:^|[|·•,]\s{0,2})contract\s{0,2}(?=$|[|·•,(:])",
            re.I,
        ),
    ),
    ("full_time", re.compile(r"\bfull[\s-]?time\b|\bpermanent\b(?!ly)", re.I)),
)


def detect_employment_type(lines: list[Line]) -> str | None:
    for line in lines:
        m = _EMPLOYMENT_LABEL_RE.match(line.text)
        if m:
            value = m.group("value")
            for kind, pattern in _EMPLOYMENT_CUES:
                if pattern.search(value) or (kind == "contract" and re.search(r"\bcontract", value, re.I)):
                    return kind
    for line in lines:
        found = [(m.start(), kind) for kind, pattern in _EMPLOYMENT_CUES if (m := pattern.search(line.text))]
        if found:
            return min(found)[1]
    return None
