"""What interviewers evaluate: a labelled list, an evaluation section or a sentence."""

from __future__ import annotations

import re

from recruiting.postings.jd_parser.sections import SEC_EVALUATION, Line

_EVAL_LABEL_RE = re.compile(
    r"^(?:(?:evaluation|assessment)(?:\s+(?:focus|criteria|areas?))?|(?:interview|selection|screening)\s+"
    r"(?:focus|criteria|areas?)|focus\s+areas?|we\s+(?:will\s+)?evaluate|what\s+we\s+(?:evaluate|assess))"
    r"\s*[:\-–—]\s*(?P<items>.+)$",
    re.I,
)
_EVAL_SENTENCE_RE = re.compile(
    r"\b(?:evaluat(?:e|ed|ion)|assess(?:ed|ment)?|judged|interviews?)\s{1,3}(?:will\s{1,3})?(?:be\s{1,3})?"
    r"(?:focus(?:ed|es)?\s{1,3})?(?:primarily\s+|mainly\s+|heavily\s+|largely\s+|strictly\s+)?(?:on|around)\s{1,3}"
    r"(?P<items>[^.;\n]{3,200})"
    # "We will evaluate system design, coding and communication."
    r"|\bwe(?:['’]ll|\s+will)\s+(?:primarily\s+|mainly\s+)?(?:evaluate|assess|test)\s+(?:you\s+on\s+|candidates\s+on\s+|your\s+)?"
    r"(?P<items2>[^.;\n]{3,200})",
    re.I,
)


def _split_items(text: str) -> list[str]:
    items = []
    for part in re.split(r",|;|\s+and\s+|\s+&\s+", text):
        part = part.strip().strip(".:-–— ").strip()
        if part and len(part) <= 80:
            items.append(part[:1].upper() + part[1:])
    return items


def detect_evaluation_focus(lines: list[Line]) -> list[str]:
    items: list[str] = []
    for line in lines:
        if line.section == SEC_EVALUATION and not line.heading:
            if line.is_bullet or len(line.text) <= 80:
                items.extend(_split_items(line.text) if "," in line.text else [line.text.strip(". ")])
            continue
        if line.heading == SEC_EVALUATION and line.inline_content:
            items.extend(_split_items(line.inline_content))
            continue
        m = _EVAL_LABEL_RE.match(line.text)
        if m:
            items.extend(_split_items(m.group("items")))
            continue
        m = _EVAL_SENTENCE_RE.search(line.text)
        if m and not re.search(r"\binterviews?\s+(?:will\s+)?(?:be\s+)?(?:held|conducted|scheduled)", line.text, re.I):
            if re.match(r"interviews?\b", m.group(0), re.I) and not re.search(r"focus", m.group(0), re.I):
                continue  # "interviews on weekdays" is about scheduling
            items.extend(_split_items(m.group("items") or m.group("items2") or ""))
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = item.lower()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out[:12]
