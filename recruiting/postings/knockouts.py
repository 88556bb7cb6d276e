"""Knock-out rules: does an answer to a screening question rule an applicant out?

A rule is stored on the question (`knockout_op` + `knockout_value`, and/or
`knockout_band_max` with `knockout_tolerance_pct`). The op describes what is
*acceptable*: "lte 15" on a notice-period question means "at most 15 days", so an
answer of 60 fails and gives the plain reason "notice period 60 days > 15".

`evaluate_answer` and `knockout_flags` are pure (no database). Answers and knock-out
results belong to applications: `recruiting.pipelines.knockouts` stores them and calls
these rules (at apply time and after a rule edit).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from recruiting.core.money import format_money, parse_money
from recruiting.postings.models import KnockoutOp, QuestionKind

logger = logging.getLogger(__name__)

__all__ = [
    "evaluate_answer",
    "knockout_flags",
    "question_label",
]

NUMERIC_KINDS = frozenset({QuestionKind.NUMBER, QuestionKind.MONEY, QuestionKind.DURATION_DAYS, QuestionKind.YEARS})

# The symbol shown when a rule is *broken*: a failed "at most 15" reads "60 > 15".
_BROKEN = {
    KnockoutOp.LTE: ">",
    KnockoutOp.LT: "≥",
    KnockoutOp.GTE: "<",
    KnockoutOp.GT: "≤",
    KnockoutOp.EQ: "≠",
    KnockoutOp.NE: "=",
}
# The same for dates, where "before/after" reads better than symbols.
_BROKEN_DATE = {
    KnockoutOp.LTE: "after",
    KnockoutOp.LT: "not before",
    KnockoutOp.GTE: "before",
    KnockoutOp.GT: "not after",
    KnockoutOp.EQ: "not",
    KnockoutOp.NE: "is",
}

_CENT = Decimal("0.01")


# ---------------------------------------------------------------------------
# Reading values
# ---------------------------------------------------------------------------


def _decimal(value: Any, *, money: bool = False) -> Decimal | None:
    """A finite Decimal from a stored answer or a rule constant, else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        # Only reachable for hand-written JSON; str() keeps what the person typed.
        result = Decimal(str(value))
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if money:
            parsed = parse_money(text)
            if parsed is None:
                return None
            result = parsed
        else:
            try:
                result = Decimal(text.replace(",", ""))
            except InvalidOperation:
                return None
    else:
        return None
    return result if result.is_finite() else None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _options(raw: str) -> list[str]:
    """The constants of an "in" rule: a JSON list, or values separated by "|" or ","."""
    text = (raw or "").strip()
    if text.startswith("["):
        try:
            loaded = json.loads(text)
        except ValueError:
            loaded = None
        if isinstance(loaded, list):
            return [str(item).strip() for item in loaded if str(item).strip()]
    separator = "|" if "|" in text else ","
    return [part.strip() for part in text.split(separator) if part.strip()]


def _same(a: Any, b: Any) -> bool:
    """Text comparison the way people mean it: case and surrounding spaces ignored."""
    return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


# ---------------------------------------------------------------------------
# Wording
# ---------------------------------------------------------------------------

_LABEL_PREFIXES = (
    "what is your ",
    "what's your ",
    "what is the ",
    "please enter your ",
    "please share your ",
    "enter your ",
    "your ",
    "how many years of ",
    "years of ",
    "how many ",
    "when can you ",
)
_LABEL_SUFFIXES = (" experience do you have", " do you have", " have you worked with", " have you used")


def question_label(question) -> str:
    """A short subject for reasons: "Notice period (days)?" → "notice period";
    a years question about a skill → the skill ("Golang")."""
    if question.kind == QuestionKind.YEARS and question.skill:
        return question.skill.strip()
    text = re.sub(r"\s*\([^)]*\)", "", question.text).strip().rstrip("?:.! ").strip()
    # "..., in days" / "..., per year": units are said with the number.
    text = re.sub(r",\s*(?:in|per)\s+\w+$", "", text, flags=re.IGNORECASE).strip()
    lowered = text.lower()
    names_a_skill = False
    for prefix in _LABEL_PREFIXES:
        if lowered.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix) :]
            # "Years of Kafka": what is left is a technology's name; keep its spelling.
            names_a_skill = "years of" in prefix
            break
    lowered = text.lower()
    for suffix in _LABEL_SUFFIXES:
        if lowered.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    text = text.strip() or question.text.strip()
    # "Expected CTC" → "expected CTC": it reads as part of a sentence; acronyms stay.
    if not names_a_skill and len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


# "Can you attend ...?" answered "no" → "cannot attend ...".
_NEGATIONS = (
    ("can you ", "cannot "),
    ("could you ", "could not "),
    ("will you ", "will not "),
    ("would you ", "would not "),
    ("are you ", "not "),
    ("do you ", "does not "),
    ("have you ", "has not "),
)


def _negated(question_text: str) -> str | None:
    text = question_text.strip().rstrip("?.! ").strip()
    lowered = text.lower()
    for prefix, replacement in _NEGATIONS:
        if lowered.startswith(prefix) and len(text) > len(prefix):
            return replacement + text[len(prefix) :]
    return None


def _quoted_answer(question, value: Any) -> str:
    shown = (", ".join(str(item) for item in value) or "nothing") if isinstance(value, list) else str(value)
    return f'answered "{shown}" to "{question.text.strip()}"'


def _number_text(value: Decimal) -> str:
    """60 → "60", 2.50 → "2.5": how a person writes the number."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return f"{value.normalize():f}"


def _with_unit(question, value: Decimal, currency: str) -> str:
    if question.kind == QuestionKind.MONEY:
        return format_money(value, currency)
    number = _number_text(value)
    if question.kind == QuestionKind.DURATION_DAYS:
        return f"{number} day" if value == 1 else f"{number} days"
    if question.kind == QuestionKind.YEARS:
        return f"{number} year" if value == 1 else f"{number} years"
    return number


def _constant_text(question, value: Decimal, currency: str) -> str:
    # "60 days > 15": the unit is said once, on the answer; money keeps its symbol on both.
    return format_money(value, currency) if question.kind == QuestionKind.MONEY else _number_text(value)


# ---------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------


def _compare(op: str, left: Any, right: Any) -> bool:
    """True when `left op right` holds (the answer is acceptable)."""
    if op == KnockoutOp.LTE:
        return left <= right
    if op == KnockoutOp.LT:
        return left < right
    if op == KnockoutOp.GTE:
        return left >= right
    if op == KnockoutOp.GT:
        return left > right
    if op == KnockoutOp.EQ:
        return left == right
    if op == KnockoutOp.NE:
        return left != right
    raise ValueError(op)


def _money_currency(question, posting) -> str:
    return (question.currency or getattr(posting, "pay_currency", "") or "INR").upper()


def _numeric_rule(question, value: Any, posting) -> str | None:
    is_money = question.kind == QuestionKind.MONEY
    answer = _decimal(value, money=is_money)
    if answer is None:
        return None
    currency = _money_currency(question, posting)
    label = question_label(question)
    op = question.knockout_op
    if op == KnockoutOp.IN:
        allowed = [
            d for d in (_decimal(item, money=is_money) for item in _options(question.knockout_value)) if d is not None
        ]
        if not allowed or answer in allowed:
            return None
        listed = ", ".join(_constant_text(question, item, currency) for item in allowed)
        return f"{label} {_with_unit(question, answer, currency)} not one of {listed}"
    constant = _decimal(question.knockout_value, money=is_money)
    if constant is None:
        logger.warning("question %s: knock-out value %r is not a number", question.pk, question.knockout_value)
        return None
    if _compare(op, answer, constant):
        return None
    return (
        f"{label} {_with_unit(question, answer, currency)} {_BROKEN[op]} {_constant_text(question, constant, currency)}"
    )


def _yes_no_rule(question, value: Any) -> str | None:
    answer = str(value).strip().lower()
    if answer not in ("yes", "no"):
        return None
    op = question.knockout_op
    if op == KnockoutOp.IN:
        allowed = {item.lower() for item in _options(question.knockout_value)}
        acceptable = answer in allowed
    else:
        expected = question.knockout_value.strip().lower()
        if expected not in ("yes", "no") or op not in (KnockoutOp.EQ, KnockoutOp.NE):
            logger.warning("question %s: yes/no rule %s %r is not usable", question.pk, op, question.knockout_value)
            return None
        acceptable = (answer == expected) if op == KnockoutOp.EQ else (answer != expected)
    if acceptable:
        return None
    if answer == "no":
        negated = _negated(question.text)
        if negated:
            return negated
    return _quoted_answer(question, answer)


def _choice_rule(question, value: Any) -> str | None:
    if value in (None, ""):
        return None
    op = question.knockout_op
    label = question_label(question)
    if op == KnockoutOp.IN:
        allowed = _options(question.knockout_value)
        if not allowed or any(_same(value, item) for item in allowed):
            return None
        return f'{label}: "{value}" is not one of {", ".join(allowed)}'
    if op == KnockoutOp.EQ:
        if _same(value, question.knockout_value):
            return None
        return f'{label}: "{value}", not "{question.knockout_value.strip()}"'
    if op == KnockoutOp.NE:
        if not _same(value, question.knockout_value):
            return None
        return f'{label}: "{value}"'
    logger.warning("question %s: op %s does not apply to %s questions", question.pk, op, question.kind)
    return None


def _multi_choice_rule(question, value: Any) -> str | None:
    """Multiple choice: eq/in mean "the selection must include (one of) these";
    ne means "must not include it"."""
    selected = value if isinstance(value, list) else [value] if value not in (None, "") else []
    label = question_label(question)
    op = question.knockout_op
    if op in (KnockoutOp.EQ, KnockoutOp.IN):
        wanted = _options(question.knockout_value) if op == KnockoutOp.IN else [question.knockout_value.strip()]
        wanted = [item for item in wanted if item]
        if not wanted or any(_same(choice, item) for choice in selected for item in wanted):
            return None
        return f"{label}: none of {', '.join(wanted)}"
    if op == KnockoutOp.NE:
        unwanted = question.knockout_value.strip()
        if not any(_same(choice, unwanted) for choice in selected):
            return None
        return f"{label}: includes {unwanted}"
    logger.warning("question %s: op %s does not apply to multiple choice", question.pk, op)
    return None


def _date_rule(question, value: Any) -> str | None:
    answer = _date(value)
    if answer is None:
        return None
    label = question_label(question)
    op = question.knockout_op
    if op == KnockoutOp.IN:
        allowed = [d for d in (_date(item) for item in _options(question.knockout_value)) if d is not None]
        if not allowed or answer in allowed:
            return None
        return f"{label} {_date_text(answer)} not one of {', '.join(_date_text(d) for d in allowed)}"
    constant = _date(question.knockout_value)
    if constant is None:
        logger.warning("question %s: knock-out value %r is not a date", question.pk, question.knockout_value)
        return None
    if _compare(op, answer, constant):
        return None
    return f"{label} {_date_text(answer)} {_BROKEN_DATE[op]} {_date_text(constant)}"


def _date_text(value: dt.date) -> str:
    return f"{value.day} {value:%b %Y}"


def _band_rule(question, value: Any, posting) -> str | None:
    """Above the posting's pay band maximum (plus tolerance) → knocked out."""
    band_max = getattr(posting, "pay_max", None)
    if band_max is None:
        return None
    currency = _money_currency(question, posting)
    posting_currency = (getattr(posting, "pay_currency", "") or "INR").upper()
    if currency != posting_currency:
        # Comparing rupees with dollars would need an exchange rate we do not have.
        return None
    answer = _decimal(value, money=question.kind == QuestionKind.MONEY)
    if answer is None:
        return None
    tolerance = Decimal(question.knockout_tolerance_pct or 0)
    limit = (band_max * (100 + tolerance) / 100).quantize(_CENT, rounding=ROUND_HALF_UP)
    if answer <= limit:
        return None
    label = question_label(question)
    shown = format_money(answer, currency) if question.kind == QuestionKind.MONEY else _number_text(answer)
    reason = f"{label} {shown} above band max {format_money(band_max, posting_currency)}"
    if tolerance:
        reason += f" (+{_number_text(tolerance)}% allowed: {format_money(limit, posting_currency)})"
    return reason


def evaluate_answer(question, value: Any, posting) -> str | None:
    """The plain reason this answer knocks the applicant out, or None.

    Unanswered questions never knock out (a required question is the form's job), and
    neither does a rule that cannot be read (logged, so an editor can fix it).
    Examples: "notice period 60 days > 15", "Golang 2 years < 4",
    "expected CTC ₹40,00,000 above band max ₹35,50,754.94",
    "cannot attend weekday interviews in person".
    """
    if value is None or value == "" or value == []:
        return None
    if question.knockout_op:
        kind = question.kind
        if kind in NUMERIC_KINDS:
            reason = _numeric_rule(question, value, posting)
        elif kind == QuestionKind.YES_NO:
            reason = _yes_no_rule(question, value)
        elif kind in (QuestionKind.CHOICE, QuestionKind.TEXT):
            reason = _choice_rule(question, value)
        elif kind == QuestionKind.MULTI_CHOICE:
            reason = _multi_choice_rule(question, value)
        elif kind == QuestionKind.DATE:
            reason = _date_rule(question, value)
        else:  # pragma: no cover - every QuestionKind is handled above
            reason = None
        if reason:
            return reason
    if question.knockout_band_max and question.kind in NUMERIC_KINDS:
        return _band_rule(question, value, posting)
    return None


def knockout_flags(posting, answers: Iterable[tuple[Any, Any]]) -> list[str]:
    """All reasons for (question, value) pairs, in the given (question) order."""
    flags: list[str] = []
    for question, value in answers:
        if not question.has_knockout:
            continue
        reason = evaluate_answer(question, value, posting)
        if reason and reason not in flags:
            flags.append(reason)
    return flags
