"""Detect posting fields in a pasted job description.

The "new posting from pasted job description" page lets a recruiter paste the
text of a job description; this package guesses what it can (title, experience
range, location, pay band, skills, screening questions ...) so the draft
posting is pre-filled and the recruiter only has to review it.

Design notes
------------
* Pure Python: no Django import, so it can be unit-tested without settings or
  a database and reused from management commands.
* Heuristics, not a grammar.  Real job descriptions are messy (copied from
  job boards, bullet characters of every kind, headings in capitals or not),
  so the parser works line by line (``sections``), keeps track of which
  *section* a line is in ("Requirements", "Nice to have", "Application
  questions" ...) and applies small, independent detectors, one module each:
  ``title``, ``experience`` and ``skills`` (with the ``vocabulary``),
  ``location``, ``employment``, ``pay``, ``logistics`` (notice period and
  interviews), ``education``, ``evaluation`` and ``questions``.  Every
  detector may fail to find anything; ``ParsedJobDescription.detected`` tells
  the UI which fields were found.
* Money is :class:`~decimal.Decimal` throughout: ``₹18,51,368.30`` must stay
  exactly that, a float would not.
* Robustness: the page must never error because of odd input.  All regular
  expressions use bounded quantifiers and avoid nested repetition so there is
  no catastrophic backtracking, very long input is capped, and each detector
  is isolated so a bug in one cannot take the others (or the page) down.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from recruiting.postings.jd_parser.education import detect_education
from recruiting.postings.jd_parser.employment import detect_employment_type
from recruiting.postings.jd_parser.evaluation import detect_evaluation_focus
from recruiting.postings.jd_parser.location import detect_location
from recruiting.postings.jd_parser.logistics import detect_interviews, detect_notice_max
from recruiting.postings.jd_parser.pay import detect_pay
from recruiting.postings.jd_parser.questions import build_questions, question_fragments
from recruiting.postings.jd_parser.result import DetectedQuestion, DetectedSkill, ParsedJobDescription
from recruiting.postings.jd_parser.sections import split_lines
from recruiting.postings.jd_parser.skills import SkillCollector
from recruiting.postings.jd_parser.text import clean_description, normalise_text
from recruiting.postings.jd_parser.title import detect_title
from recruiting.postings.jd_parser.vocabulary import find_skills

__all__ = [
    "DetectedQuestion",
    "DetectedSkill",
    "ParsedJobDescription",
    "parse_job_description",
]

logger = logging.getLogger(__name__)

# Text beyond this many characters is not analysed (it is still returned in
# ``description``).  Job descriptions are a few KB; this only guards against
# someone pasting a whole web page or a file by mistake.
MAX_ANALYSED_CHARS = 200_000


def _safe[T](detector: Callable[[], T], default: T) -> T:
    """Run one detector; a bug in it must not break the whole page."""
    try:
        return detector()
    except Exception:  # pragma: no cover - defensive, logged for fixing
        logger.exception("job description detector %s failed", getattr(detector, "__name__", detector))
        return default


_FRESHER_RE = re.compile(r"\bfreshers?\b", re.I)


def _for_freshers(lines) -> bool:
    return any(_FRESHER_RE.search(line.text) and "?" not in line.text for line in lines[:200])


def parse_job_description(text: str) -> ParsedJobDescription:
    """Detect posting fields in pasted job-description text.

    Never raises for any string input; fields that cannot be detected are
    ``None`` (or empty lists) and are absent from ``detected``.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    normalised = normalise_text(text)
    result = ParsedJobDescription(description=_safe(lambda: clean_description(normalised), normalised.strip()))
    analysed = normalised[:MAX_ANALYSED_CHARS]
    lines = _safe(lambda: split_lines(analysed), [])
    if not lines:
        return result

    result.title = _safe(lambda: detect_title(lines), None)

    collector = SkillCollector()

    def scan_skills() -> None:
        for line in lines:
            collector.scan_line(line)

    _safe(scan_skills, None)
    if result.title:
        _safe(lambda: collector.promote({hit.name for hit in find_skills(result.title or "")}), None)
    result.skills = _safe(collector.result, [])
    result.experience_min, result.experience_max = _safe(collector.experience_range, (None, None))
    if result.experience_min is None and result.experience_max is None and _safe(lambda: _for_freshers(lines), False):
        result.experience_min = 0  # "Experience: Fresher", "Freshers may apply"

    result.location, result.workplace_type = _safe(lambda: detect_location(lines), (None, None))
    result.employment_type = _safe(lambda: detect_employment_type(lines), None)

    pay = _safe(lambda: detect_pay(lines), None)
    if pay is not None:
        result.pay_min, result.pay_max = pay.low, pay.high
        result.pay_currency, result.pay_period = pay.currency, pay.period

    result.education = _safe(lambda: detect_education(lines), None)
    result.notice_period_max_days = _safe(lambda: detect_notice_max(lines), None)
    result.interview_mode, result.weekday_interviews = _safe(lambda: detect_interviews(lines), (None, None))
    result.evaluation_focus = _safe(lambda: detect_evaluation_focus(lines), [])
    fragments = _safe(lambda: question_fragments(lines), [])
    result.questions = _safe(lambda: build_questions(fragments, result.skills, result), [])

    result.detected = {
        name
        for name in (
            "title",
            "experience_min",
            "experience_max",
            "location",
            "workplace_type",
            "employment_type",
            "pay_currency",
            "pay_min",
            "pay_max",
            "pay_period",
            "skills",
            "education",
            "questions",
            "interview_mode",
            "weekday_interviews",
            "notice_period_max_days",
            "evaluation_focus",
        )
        if getattr(result, name) not in (None, [], "")
    }
    return result
