"""The role's title: a labelled title, a short first line naming a role, or a hiring sentence."""

from __future__ import annotations

import re
from collections.abc import Iterable

from recruiting.postings.jd_parser.experience import YEARS_RE
from recruiting.postings.jd_parser.location import CITY_RE, WORKPLACE_WORD_RE
from recruiting.postings.jd_parser.sections import Line
from recruiting.postings.jd_parser.text import word_set
from recruiting.postings.jd_parser.vocabulary import find_skills

_ROLE_NOUNS = word_set(
    "engineer developer lead manager architect analyst designer scientist consultant intern specialist "
    "administrator admin tester head director officer executive associate programmer sre devops recruiter "
    "coordinator accountant technician writer strategist owner principal vp cto cio cfo ceo coo expert "
    "representative trainee researcher editor marketer advocate partner supervisor fellow generalist "
    "agent assistant clerk receptionist operator planner buyer auditor controller counsel paralegal mechanic "
    "electrician pharmacist nurse doctor physician teacher tutor trainer educator copywriter photographer "
    "animator illustrator chef cook driver telecaller underwriter actuary economist statistician chemist "
    "lawyer advisor adviser counsellor counselor therapist surveyor draughtsman draftsman welder fitter "
    "machinist foreman storekeeper dispatcher merchandiser cashier steward"
)
# "🚀 We're hiring: ...", "Contract: ...", "Urgent opening - ...": a lead-in before the title.
_TITLE_LEAD_IN_RE = re.compile(
    r"^(?:(?:we\s*(?:'|’)?\s*re|we\s+are|now|urgently|actively)\s+hiring|hiring(?:\s+now)?|"
    r"urgent(?:ly)?\s+(?:hiring|opening|requirement|need)|job\s+opening|opening|vacancy|"
    r"contract(?:\s+role)?|freelance|internship)\s*[:!\-–—|]\s*",
    re.I,
)
# Emoji and other pictographs that decorate a pasted title.
_PICTOGRAPH_RE = re.compile(r"[\u2190-\u21ff\u2300-\u23ff\u2460-\u27bf\u2b00-\u2bff\ufe0f\u200d\U0001f000-\U0001faff]")


def _clean_title_line(text: str) -> str:
    text = re.sub(r"\s{2,}", " ", _PICTOGRAPH_RE.sub(" ", text)).strip()
    return _TITLE_LEAD_IN_RE.sub("", text, count=1).strip()


_TITLE_LABEL_RE = re.compile(
    r"^(?:job\s+title|job\s+role|position\s+title|role\s+title|title|role|position|designation|opening|"
    r"vacancy|job\s+opening|job\s+position|post)\s*[:\-–—|]\s*(?P<value>.{2,120})$",
    re.I,
)
_HIRING_RE = re.compile(
    r"\b(?:hiring|looking\s+for|seeking|searching\s+for|recruiting|looking\s+to\s+hire)\s{1,3}(?:for\s+)?"
    r"(?:(?:an?|the|our|one)\s+)?(?:(?:position|role|post)\s+of\s+(?:an?\s+)?)?(?P<rest>[^\n.,;:!?()]{1,120})",
    re.I,
)
_TITLE_ADJECTIVES = word_set(
    "experienced talented passionate skilled motivated highly dynamic seasoned strong self-motivated brilliant "
    "driven enthusiastic smart exceptional great hands-on"
)
_TITLE_STOP_WORDS = word_set("with who to for that in at based having and who'll which whose from on as")
_DATE_LINE_RE = re.compile(
    r"^(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4})$",
    re.I,
)


def _has_role_noun(words: Iterable[str]) -> bool:
    for word in words:
        w = word.lower().strip(".,()[]/")
        if w in _ROLE_NOUNS or (w.endswith("s") and w[:-1] in _ROLE_NOUNS):
            return True
    return False


def _role_noun_ends_title(words: list[str]) -> bool:
    """Whether a role noun ends the title or its first part.

    "Technical Lead – Backend Systems" and "Software Engineer II" are titles;
    "Lead code reviews focusing on correctness" (a pasted bullet) is not.
    """
    for i, word in enumerate(words):
        if not _has_role_noun([word]):
            continue
        if (
            i >= len(words) - 2
            or word.endswith((",", ":"))
            or words[i + 1][:1] in "–—-|(/,@"
            or words[i + 1].lower() == "of"  # "Head of Engineering"
        ):
            return True
    return False


def _tidy_title(title: str) -> str | None:
    """Drop location/workplace/experience decorations around a title."""
    title = title.strip().strip("*_#").strip()
    # Peel decorations off the end, one at a time, until the rest is the
    # role: "Senior Java Developer (5-8 yrs) - Pune" -> "Senior Java Developer".
    # Cutting the string (instead of re-joining split parts) keeps the
    # author's own separators, e.g. "Technical Lead – Backend Systems".
    kept = title
    for _ in range(6):
        m = re.search(
            r"(?:\s*\(([^()]{0,60})\)|(?:\s+[|–—-]\s+|\s*\|\s*|,\s+)((?:[^|–—,()]|(?<=\d)[–—](?=\d)){1,60}?))\s*$", kept
        )
        if not m or not _is_decoration(m.group(1) or m.group(2) or "") or m.start() == 0:
            break
        kept = kept[: m.start()]
    kept = kept.strip(" -–—|,:").strip()
    if not kept or len(kept) > 100:
        return None
    # "Backend Developer (Node.js / Golang)": the skills go to the skills list.
    m = re.search(r"\s*\(([^()]{1,60})\)$", kept)
    if (
        m
        and m.start() > 0
        and find_skills(m.group(1))
        and not re.sub(r"[\s/,&|+]|and|or", "", _strip_skills(m.group(1)))
    ):
        kept = kept[: m.start()].rstrip()
    if kept.islower() or (kept.isupper() and len(kept) > 4):
        kept = " ".join(w if w.upper() in _ACRONYMS else w[:1].upper() + w[1:].lower() for w in kept.split())
    return kept


_ACRONYMS = frozenset("QA UI UX SRE SDE SDET AI ML IT HR BI ERP SAP AWS GCP iOS DBA VP CTO CFO".upper().split())


def _strip_skills(text: str) -> str:
    """The text without the skill names in it."""
    out, last = [], 0
    for hit in find_skills(text):
        out.append(text[last : hit.start])
        last = hit.end
    out.append(text[last:])
    return "".join(out)


def _is_decoration(part: str) -> bool:
    low = part.lower().strip(" ()")
    if "," in low:
        # "(Remote, US time zones)", "(6 months, extendable)": judged by the first item.
        return _is_decoration(low.split(",", 1)[0])
    return bool(
        re.fullmatch(r"\d{1,2}\s*(?:months?|weeks?)|contract(?:ual)?|freelance", low)
        or YEARS_RE.search(low)
        or WORKPLACE_WORD_RE.fullmatch(low)
        or CITY_RE.fullmatch(part.strip(" ()"))
        or re.fullmatch(r"(?:full|part)[\s-]?time|contract|internship|permanent|urgent(?:ly)?\s*hiring|urgent", low)
        or re.search(r"₹|\blpa\b|\binr\b|\$", low)
    )


def detect_title(lines: list[Line]) -> str | None:
    # 1. An explicit label: "Job Title: ...", "Role: ...".
    for line in lines[:60]:
        m = _TITLE_LABEL_RE.match(line.text)
        if m:
            value = m.group("value").strip()
            # "Position: Full-time" names the employment type, not the role.
            if not value.endswith(".") and len(value.split()) <= 12 and not _is_decoration(value):
                tidy = _tidy_title(value)
                if tidy:
                    return tidy
    # 2. A short first line that names a role ("Technical Lead – Backend").
    for line in lines[:4]:
        text = _clean_title_line(line.text)
        if not text:
            continue
        if _DATE_LINE_RE.match(text) or (line.heading and not _has_role_noun(text.split())):
            continue
        words = text.split()
        if (
            len(text) <= 90
            and len(words) <= 12
            and not text.endswith((".", ":", "?"))
            and not text[:1].isdigit()
            and not _HIRING_RE.search(text)
            and _role_noun_ends_title(words)
        ):
            return _tidy_title(text)
        break
    # 3. "We are hiring a Lead Backend Engineer with ..."
    head = "\n".join(line.text for line in lines[:40])
    for m in _HIRING_RE.finditer(head):
        words: list[str] = []
        for word in m.group("rest").split():
            if word.lower() in _TITLE_STOP_WORDS or len(words) >= 8:
                break
            if not words and word.lower() in _TITLE_ADJECTIVES:
                continue
            words.append(word)
        last_role = max((i for i, w in enumerate(words) if _has_role_noun([w])), default=None)
        if last_role is not None:
            return _tidy_title(" ".join(words[: last_role + 1]))
    return None
