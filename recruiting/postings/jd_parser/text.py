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
    r"^\s{0,40}(?:[•●◦▪▫■□‣⁃∙·○◆◇►▶➢➤✓✔☐☑*+]\ufe0f?|[-‐‑‒–—](?=\s)|\d{1,2}[.)](?=\s)|[a-z][)](?=\s)|"
    # Emoji used as bullets: pointing hands, ticks, plus signs, stars, small diamonds.
    r"(?:[👉✅➕⭐🔹🔸🔷🔶➡→⇒✦✧◾◽💠🔘]|✔️|☑️)\ufe0f?(?=\s))\s{0,10}"
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
# Tabs stay: a table pasted from a spreadsheet or a web page arrives as tab-separated cells.
_ODD_SPACE_RE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\f\v]")
_CELL_SPLIT_RE = re.compile(r"\t+| {0,2}\| {0,2}")
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def normalise_text(text: str) -> str:
    """Unify line endings and whitespace without changing the visible text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE_RE.sub("", text)
    text = _ODD_SPACE_RE.sub(" ", text)
    return _CONTROL_RE.sub("", text)


def table_cells(line: str) -> list[str] | None:
    """The cells of a pasted table row ("Python\t4 years\tRequired"), or None."""
    if "\t" not in line.strip():
        return None
    cells = [cell.strip() for cell in _CELL_SPLIT_RE.split(line.strip())]
    return cells if len(cells) >= 2 else None


def _markdown_table(rows: list[list[str]]) -> list[str]:
    width = max(len(row) for row in rows)
    padded = [row + [""] * (width - len(row)) for row in rows]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |"

    return [line(padded[0]), "| " + " | ".join(["---"] * width) + " |", *(line(row) for row in padded[1:])]


def clean_description(text: str) -> str:
    """Return the text as Markdown-friendly prose.

    Paragraphs and lists are kept; exotic bullet characters become "- " so the
    Markdown renderer shows a list, trailing spaces go, and runs of blank
    lines collapse to one.  Nothing is reworded or removed: the recruiter
    edits the description, the parser only tidies it.
    """
    out: list[str] = []
    blank = False
    table: list[list[str]] = []
    for raw in [*text.split("\n"), ""]:
        cells = table_cells(raw)
        if cells is not None:
            table.append(cells)
            continue
        if table:
            # Two or more tab-separated rows are a table (the first is its header);
            # a single one is a line of text.
            block = _markdown_table(table) if len(table) >= 2 else [" ".join(table[0])]
            if out:
                out.append("")
            out.extend(block)
            blank = True
            table = []
        line = raw.rstrip().replace("\t", " ")
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
