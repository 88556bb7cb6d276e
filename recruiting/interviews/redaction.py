"""Blind CV review: take the personal data out of a CV's extracted text.

Pure Python (no Django), so it is tested on its own against many CV layouts. What goes:
the person's name (every part of it, wherever it appears), e-mail addresses (also written
as "name [at] domain [dot] com"), phone numbers in Indian and international forms (+91,
0-prefixed, spaced, dashed, bracketed STD codes), links to profiles and sites, postal
addresses (labelled lines and lines with a PIN code), date of birth, age, gender, marital
status, father's/mother's/spouse's names, religion, nationality, and, when asked, names of
colleges and universities. Skills, employers' work and dates of experience stay.
Photos do not survive by construction: the redacted PDF is made from the text alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

NAME = "[name]"
EMAIL = "[e-mail]"
PHONE = "[phone]"
LINK = "[link]"
ADDRESS = "[address]"
PERSONAL = "[personal detail]"
COLLEGE = "[college]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_EMAIL_SPELLED = re.compile(
    r"[\w.+-]+\s*[\[(\{]?\s*(?:at|@)\s*[\])\}]?\s*[\w-]+\s*(?:[\[(\{]?\s*(?:dot|\.)\s*[\])\}]?\s*[\w-]+)+",
    re.IGNORECASE,
)
_SPELLED_MARK = re.compile(r"[\[(\{]\s*at\s*[\])\}]|\s(?:at)\s.*\s(?:dot)\s", re.IGNORECASE)
# A phone: an optional +CC or leading 0, then digits in groups split by spaces, dots,
# dashes or brackets; 10 to 13 digits in all (years and periods have fewer).
_PHONE = re.compile(r"(?<![\w/])(?:\+|00)?\(?\d[\d\s().-]{8,20}\d(?![\w/])")
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|in|io|org|net|dev|me|co|ai|app|page|site|xyz|info)"
    r"(?:/\S*)?",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w.])@[A-Za-z0-9_]{3,}")
_LABELS = {
    ADDRESS: r"(?:permanent |current |present |residential |postal |home )?address|residence",
    PERSONAL: r"date of birth|d\.?o\.?b\.?|born(?: on)?|birth ?date|age|gender|sex|marital status|"
    r"father'?s name|mother'?s name|spouse'?s name|husband'?s name|wife'?s name|religion|caste|nationality|"
    r"passport(?: no\.?| number)?|aadhaa?r(?: no\.?| number)?|pan(?: no\.?| number)?",
}
_LABELLED = {token: re.compile(rf"(?im)^(\W*)(?:{labels})\b\s*[:\-–]\s*.*$") for token, labels in _LABELS.items()}
_STANDALONE = re.compile(
    r"\b(?:male|female|transgender|married|unmarried|single|divorced|widowed|"
    r"\d{1,2}\s*(?:years|yrs)\s*old)\b",
    re.IGNORECASE,
)
_PIN_LINE = re.compile(r"(?im)^.*\b\d{3}\s?\d{3}\b.*$")
_PIN = re.compile(r"\b[1-9]\d{2}\s?\d{3}\b")
# A line that reads like a street address: a strong address word, a number and a comma
# ("Flat 4B, Sunshine Apartments, Andheri West"); words such as "phase" or "block" also
# occur in work ("Phase 2 migration") and are not enough.
_STREET = re.compile(
    r"(?im)^(?=.*\d)(?=.*,).{0,160}\b(?:flat|house no|h\.?\s?no|plot no|door no|apartments?|nagar|layout|"
    r"colony|street|road|lane|main road|cross road|taluk|district|post office|pin ?code)\b.{0,160}$"
)
_COLLEGE = re.compile(
    r"(?:\b(?:[A-Z][\w.&'’-]*|of|and|for|&)\s+){0,7}"
    r"\b(?:University|College|Institute|Vidyalaya|Vidyapeeth|Vidyapith|Academy|Polytechnic|Mahavidyalaya)\b"
    r"(?:\s+(?:of|for|and|&|[A-Z][\w.&'’-]*)){0,6}"
)
_COLLEGE_ACRONYM = re.compile(r"\b(?:IIT|NIT|IIIT|IIM|BITS|VIT|IISc|NSUT|DTU|MIT|SRM|KIIT)\b(?:[\s,-]+[A-Z][a-z]+)?")


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _phones(text: str) -> str:
    def replace(match: re.Match) -> str:
        found = match.group(0)
        count = _digits(found)
        # 10 digits (a mobile), 11 with a leading 0, 12-13 with a country code; a year
        # range such as 2015-2019 has 8.
        if 10 <= count <= 13 and not re.fullmatch(r"\d{4}\s*[-–]\s*\d{4}", found.strip()):
            return PHONE
        return found

    return _PHONE.sub(replace, text)


def name_parts(names: Iterable[str]) -> list[str]:
    """Every word of the given names, longest first (so "Krishnan" goes before "Krish")."""
    parts = {
        part.strip(".,") for name in names if name for part in re.split(r"[\s,]+", name) if len(part.strip(".,")) >= 2
    }
    return sorted(parts, key=len, reverse=True)


def _names(text: str, names: Iterable[str]) -> str:
    parts = name_parts(names)
    if not parts:
        return text
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in parts) + r")\b", re.IGNORECASE)
    text = pattern.sub(NAME, text)
    # "[name] [name]" reads as one redaction.
    return re.sub(r"\[name\](?:[\s.,]+\[name\])+", NAME, text)


def redact(text: str, *, names: Iterable[str] = (), colleges: bool = False) -> str:
    """`text` without the personal data listed in the module docstring."""
    text = _EMAIL.sub(EMAIL, text)
    text = _EMAIL_SPELLED.sub(lambda m: EMAIL if _SPELLED_MARK.search(m.group(0)) else m.group(0), text)
    text = _URL.sub(LINK, text)
    text = _HANDLE.sub(LINK, text)
    text = _phones(text)
    for token, pattern in _LABELLED.items():
        text = pattern.sub(lambda m, token=token: m.group(1) + token, text)
    text = _PIN_LINE.sub(lambda m: ADDRESS if _PIN.search(m.group(0)) else m.group(0), text)
    text = _STREET.sub(ADDRESS, text)
    text = _STANDALONE.sub(PERSONAL, text)
    text = _names(text, names)
    if colleges:
        text = _COLLEGE.sub(COLLEGE, text)
        text = _COLLEGE_ACRONYM.sub(COLLEGE, text)
    return text
