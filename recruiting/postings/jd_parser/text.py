"""Text preparation and the regex fragments every detector shares."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Every dash people (and word processors) use between the ends of a range.
DASH = r"[-‐‑‒–—−~]"
RANGE_SEP = rf"(?:{DASH}|to|and)"

# Bullet markers at the start of a line: the many Unicode bullets, Markdown
# "-", "*" and "+", dashes, and "1." / "1)" / "a)" numbering.
BULLET_RE = re.compile(
    r"^\s{0,40}(?:[•●◦▪▫■□‣⁃∙·○◆◇►▶➢➤✓✔☐☑*+]|[-‐‑‒–—](?=\s)|\d{1,2}[.)](?=\s)|[a-z][)](?=\s))\s{0,10}"
)
MD_HEADING_RE = re.compile(r"^#{1,6}\s+")
_NUMBERED_RE = re.compile(r"^\s*(?:\d{1,2}|[a-z])[.)]")
_WORD_NUMBERS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
NUMBER_WORD_ALT = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"

# Splits a line into clauses, so a cue such as "(preferred)" or "must" only
# applies to the skills next to it.  A "." only ends a clause when followed by
# whitespace, so "Node.js" and "B.Tech" survive.
CLAUSE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+|;\s*")


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string (easier to read)."""
    return frozenset(words.split())


def to_int(token: str) -> int | None:
    """Turn "4", "4.5" or "four" into an int (years and days are whole)."""
    token = token.strip().lower()
    if token in _WORD_NUMBERS:
        return _WORD_NUMBERS[token]
    try:
        return int(Decimal(token))
    except (InvalidOperation, ValueError):
        return None


_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACE_RE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def normalise_text(text: str) -> str:
    """Unify line endings and whitespace without changing the visible text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE_RE.sub("", text)
    text = _ODD_SPACE_RE.sub(" ", text)
    return _CONTROL_RE.sub("", text)


def clean_description(text: str) -> str:
    """Return the text as Markdown-friendly prose.

    Paragraphs and lists are kept; exotic bullet characters become "- " so the
    Markdown renderer shows a list, trailing spaces go, and runs of blank
    lines collapse to one.  Nothing is reworded or removed: the recruiter
    edits the description, the parser only tidies it.
    """
    out: list[str] = []
    blank = False
    for raw in text.split("\n"):
        line = raw.rstrip()
        if not line.strip():
            blank = bool(out)
            continue
        m = BULLET_RE.match(line)
        if m and not _NUMBERED_RE.match(line):
            indent = len(line) - len(line.lstrip(" "))
            # Two spaces per nesting level is enough for Markdown sub-lists.
            prefix = "  " if indent >= 4 else ""
            line = f"{prefix}- {line[m.end() :].strip()}"
        if blank:
            out.append("")
            blank = False
        out.append(line)
    return "\n".join(out).strip("\n")
