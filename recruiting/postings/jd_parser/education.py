"""The education line: a labelled degree, the first line under an Education heading, or any degree."""

from __future__ import annotations

import re

from recruiting.postings.jd_parser.sections import SEC_EDUCATION, Line, heading_kind

_DEGREE_RE = re.compile(
    r"(?<![\w.])(?:b\.?\s?tech|m\.?\s?tech|b\.\s?e\.?|m\.\s?e\.|mca|bca|b\.?\s?sc|m\.?\s?sc|b\.?\s?com|mba|ph\.?\s?d|"
    r"bachelor['’]?s?|master['’]?s?\s+(?:degree|of|in)|masters\s+degree|degree\s+in|engineering\s+degree|"
    r"degree\s+holders?|(?:post[\s-]?)?graduat(?:e|ion)\s+(?:in|degree)|any\s+graduate|diploma\s+in)(?![\w])",
    re.I,
)
_EDUCATION_LABEL_RE = re.compile(
    r"^(?:education(?:al)?(?:\s+qualifications?)?|academic\s+qualifications?|qualifications?|degree)\s*[:\-–—]\s*(?P<value>.+)$",
    re.I,
)


def detect_education(lines: list[Line]) -> str | None:
    def tidy(value: str) -> str:
        return re.sub(r"\s*\((?:required|preferred|mandatory)\)\s*$", "", value.strip(), flags=re.I).strip()

    for pos, line in enumerate(lines):
        m = _EDUCATION_LABEL_RE.match(line.text)
        if m and (heading_kind(m.group(0).split(":")[0]) == SEC_EDUCATION or _DEGREE_RE.search(m.group("value"))):
            return tidy(m.group("value"))[:200] or None
        if line.heading == SEC_EDUCATION and not line.inline_content:
            # First line under an "Education" heading, if it is short.
            for nxt in lines[pos + 1 : pos + 3]:
                if nxt.heading:
                    break
                if len(nxt.text) <= 200 and ("," not in nxt.text or _DEGREE_RE.search(nxt.text)):
                    return tidy(nxt.text)
    for line in lines:
        if len(line.text) <= 200 and _DEGREE_RE.search(line.text):
            return tidy(line.text)
    return None
