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


# A comma between digits belongs to a number ("₹1,400,000"), not a list.
_ITEM_SPLIT_RE = re.compile(r"(?<!\d),|,(?!\d)|;|\s+and\s+|\s+&\s+")
# A clause that opens like this is a sentence, not an item of a list.
_SENTENCE_START_RE = re.compile(
    r"^(?:while|although|though|because|since|if|when|as|but|so|however|we|you|our|your|this|that|it|there)\b",
    re.I,
)


def _split_items(text: str) -> list[str]:
    items = []
    for part in _ITEM_SPLIT_RE.split(text):
        part = part.strip().strip(".:-–— ").strip()
        if part and len(part) <= 80:
            items.append(part[:1].upper() + part[1:])
    return items


# "Budget: 35-50 LPA", "Notice period: 30 days": a labelled line of another field.
_OTHER_FIELD_RE = re.compile(r"^[A-Za-z][A-Za-z ()/&.-]{1,30}\s?[:|]\s*\S")


def _list_items(text: str) -> list[str]:
    """A bullet of an evaluation list: split "design, coding and communication" into
    three, but keep "Depth in Go and Rust" or a sentence whole."""
    parts = _split_items(text)
    if len(parts) > 1 and all(len(p.split()) <= 4 and not _SENTENCE_START_RE.match(p) for p in parts) and "," in text:
        return parts
    item = text.strip().strip(". ").strip()
    return [item[:1].upper() + item[1:]] if item and len(item) <= 120 and not _SENTENCE_START_RE.match(item) else []


def _sentence_items(text: str) -> list[str]:
    m = _EVAL_SENTENCE_RE.search(text)
    if not m or re.search(r"\binterviews?\s+(?:will\s+)?(?:be\s+)?(?:held|conducted|scheduled)", text, re.I):
        return []
    if re.match(r"interviews?\b", m.group(0), re.I) and not re.search(r"focus", m.group(0), re.I):
        return []  # "interviews on weekdays" is about scheduling
    return [p for p in _split_items(m.group("items") or m.group("items2") or "") if not _SENTENCE_START_RE.match(p)]


def detect_evaluation_focus(lines: list[Line]) -> list[str]:
    items: list[str] = []
    listed = False  # the evaluation section has had bullets
    for line in lines:
        if line.section == SEC_EVALUATION and not line.heading:
            if not line.is_bullet and _OTHER_FIELD_RE.match(line.text):
                # "Budget: 35-50 LPA" after the list is another field, not an item.
                items.extend(_sentence_items(line.text))
                continue
            if line.is_bullet:
                listed = True
                items.extend(_list_items(line.text))
            elif not listed and len(line.text) <= 80 and not line.text.rstrip().endswith((".", "!")):
                items.extend(_list_items(line.text))
            else:
                # Prose after (or instead of) the list: only a stated focus counts.
                items.extend(_sentence_items(line.text))
            continue
        if line.heading == SEC_EVALUATION and line.inline_content:
            items.extend(_split_items(line.inline_content))
            continue
        m = _EVAL_LABEL_RE.match(line.text)
        if m:
            items.extend(_split_items(m.group("items")))
            continue
        items.extend(_sentence_items(line.text))
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = item.lower()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out[:12]
