"""The pay band: ranges, "up to" amounts and single figures in rupees (lakhs, crores,
Indian digit grouping), dollars, euros and pounds, with the period. Decimal throughout."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import islice

from recruiting.postings.jd_parser.sections import SEC_QUESTIONS, Line
from recruiting.postings.jd_parser.text import RANGE_SEP

# Other currencies are recognised so that their amounts are never taken for rupees.
_OTHER_CODES = "sgd|aed|cad|aud|nzd|chf|jpy|hkd|myr|sar|qar|zar|sek|nok|dkk|pln|cny|lkr|npr|bdt"
_CUR = rf"(?:₹|rs\.?|inr|usd|us\$|s\$|a\$|c\$|\$|eur|€|gbp|£|¥|{_OTHER_CODES})"
_NUM = r"(?:\d{1,3}(?:,\d{2,3}){1,6}|\d{1,12})(?:\.\d{1,4})?"
_UNIT = r"(?:l\.p\.a\.?|lpa|lakhs?|lacs?|lkh|l|crores?|cr|k|mn|million|m)(?![a-z])"


def _amount(n: int) -> str:
    """Regex for one amount; ``n`` makes the group names unique."""
    return (
        rf"(?:(?P<c{n}>{_CUR})\s{{0,2}})?(?<![\d,])(?<!\d\.)(?P<n{n}>{_NUM})(?!\d)(?!,\d)"
        rf"(?:\s{{0,2}}(?P<u{n}>{_UNIT}))?(?:\s?/-)?(?:\s{{0,2}}(?P<t{n}>inr|usd|eur|gbp|{_OTHER_CODES})(?![a-z]))?"
    )


_PAY_RANGE_RE = re.compile(rf"{_amount(1)}\s{{0,3}}{RANGE_SEP}\s{{0,3}}{_amount(2)}", re.I)
_PAY_UP_TO_RE = re.compile(
    rf"(?:up\s?to|upto|max(?:imum)?\.?|not\s+more\s+than|not\s+exceeding|till|<=?|≤)\s{{0,3}}(?:of\s+)?(?::\s{{0,2}})?{_amount(1)}",
    re.I,
)
_PAY_SINGLE_RE = re.compile(_amount(1), re.I)
_PAY_LINE_CUE_RE = re.compile(
    rf"₹|(?<![a-z])rs\.?\s?\d|\binr\b|\$|€|£|¥|\busd\b|\b(?:{_OTHER_CODES})\b|"
    r"\blpa\b|\blakhs?\b|\blacs?\b|\bcrores?\b|\d\s?cr\b|"
    r"\bsalary\b|\bpay\b|\bctc\b|\bcompensation\b|\bpackage\b|\bstipend\b|\bremuneration\b|\bbudget\b|"
    r"\bper\s+annum\b|\bp\.a\.",
    re.I,
)
_PAY_LABEL_RE = re.compile(
    r"\b(?:salary|pay|ctc|compensation|package|stipend|remuneration|budget|pay\s+range|pay\s+band|"
    r"salary\s+range|offered)\b",
    re.I,
)
_BENEFIT_RE = re.compile(
    r"\b(?:insurance|cover(?:age)?|reimburse\w*|allowance|referral|bonus|relocation|voucher|gift|mediclaim)\b", re.I
)
_CANDIDATE_CTC_RE = re.compile(r"\b(?:current|expected|present|last\s+drawn)\s+(?:ctc|salary|compensation)\b", re.I)
_NOT_MONEY_AFTER_RE = re.compile(r"\s{0,2}\+?\s{0,2}(?:years?|yrs?|days?|months?|weeks?|hours?|hrs?|%|percent)\b", re.I)
_PERIOD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "year",
        re.compile(
            r"\bper\s+(?:annum|year|yr)\b|(?<![a-z])p\.?\s?a\.?(?![a-z])|/\s?(?:yr|year|annum|a)\b|\bannually\b|"
            r"\byearly\b|\ba\s+year\b|\bl\.?p\.?a\b|\bannual\b|\bper\s+anum\b",
            re.I,
        ),
    ),
    (
        "month",
        re.compile(
            r"\bper\s+month\b|/\s?(?:month|mo|mon|m)(?![a-z])|\bmonthly\b|\ba\s+month\b|(?<![a-z])p\.?\s?m\.?(?![a-z])|"
            r"\bper\s+mensem\b",
            re.I,
        ),
    ),
    ("hour", re.compile(r"\bper\s+hour\b|/\s?(?:hr|hour|h)(?![a-z])|\bhourly\b|\ban\s+hour\b", re.I)),
)
_UNIT_MULTIPLIERS: dict[str, Decimal] = {
    "l": Decimal(100_000),
    "lpa": Decimal(100_000),
    "lakh": Decimal(100_000),
    "lac": Decimal(100_000),
    "lkh": Decimal(100_000),
    "cr": Decimal(10_000_000),
    "crore": Decimal(10_000_000),
    "k": Decimal(1_000),
    "mn": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "m": Decimal(1_000_000),
}
_CURRENCY_CODES: dict[str, str] = {
    "₹": "INR",
    "rs": "INR",
    "inr": "INR",
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "s$": "SGD",
    "a$": "AUD",
    "c$": "CAD",
    "¥": "JPY",
    **{code: code.upper() for code in _OTHER_CODES.split("|")},
}


def _unit_key(unit: str | None) -> str | None:
    if not unit:
        return None
    u = unit.lower().replace(".", "")
    if u in ("lpa", "lakh", "lakhs", "lac", "lacs", "lkh", "l"):
        return "lpa" if u == "lpa" else ("l" if u == "l" else "lakh")
    if u in ("cr", "crore", "crores"):
        return "crore"
    return u


def _currency_code(token: str | None) -> str | None:
    if not token:
        return None
    return _CURRENCY_CODES.get(token.lower().rstrip(".").strip())


_DOT_GROUPED_RE = re.compile(r"\d{1,3}(?:\.\d{3})+")
_INDIAN_GROUPED_RE = re.compile(r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?")


def to_amount(number: str, unit: str | None) -> Decimal | None:
    """Exact Decimal for "18,51,368.30" / "18.5" + "L"; None when unusable."""
    if not unit and _DOT_GROUPED_RE.fullmatch(number):
        number = number.replace(".", "")  # "€60.000": dots group thousands in much of Europe
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None
    key = _unit_key(unit)
    if key:
        value *= _UNIT_MULTIPLIERS.get(key, Decimal(1))
    # Show "1800000", not "1.80E+6" or "1800000.0", for whole amounts, but
    # keep paise exactly as written ("1851368.30").
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return value


@dataclass
class PayCandidate:
    score: int
    position: int
    low: Decimal | None
    high: Decimal | None
    currency: str | None
    period: str | None


_ANNUAL_HINT_RE = re.compile(r"\bctc\b|\bannual", re.I)
_INR_HINT_RE = re.compile(r"₹|(?<![a-z])rs\.?(?![a-z])|\binr\b|\blpa\b|\blakhs?\b|\blacs?\b|\bcrores?\b", re.I)


def _looks_annual(amounts: list[Decimal | None], currency: str | None) -> bool:
    """A salary this large is yearly: monthly or hourly pay is stated as such."""
    low = min((a for a in amounts if a is not None), default=None)
    if low is None:
        return False
    return low >= (Decimal(300_000) if currency in (None, "INR") else Decimal(15_000))


def pay_from_line(text: str, position: int) -> PayCandidate | None:
    """Parse the pay band stated in one line, if any."""
    has_label = bool(_PAY_LABEL_RE.search(text))
    line_currency = None
    if _INR_HINT_RE.search(text):
        line_currency = "INR"

    def money_ok(m: re.Match[str], n: int) -> bool:
        return not _NOT_MONEY_AFTER_RE.match(text, m.end(f"n{n}") if not m.group(f"u{n}") else m.end(f"u{n}"))

    for kind, pattern in (("range", _PAY_RANGE_RE), ("up_to", _PAY_UP_TO_RE), ("single", _PAY_SINGLE_RE)):
        # Only the first few candidates: a pay line states one band, and a
        # long run of numbers must not make this loop slow.
        for m in islice(pattern.finditer(text), 12):
            sides = (1, 2) if kind == "range" else (1,)
            if not all(money_ok(m, n) for n in sides):
                continue
            units = [m.group(f"u{n}") for n in sides]
            currencies = [_currency_code(m.group(f"c{n}")) or _currency_code(m.group(f"t{n}")) for n in sides]
            unit = next((u for u in units if u), None)
            currency = next((c for c in currencies if c), None)
            # A unit or currency written once applies to both ends: "18-25 LPA".
            amounts = [to_amount(m.group(f"n{n}"), units[i] or unit) for i, n in enumerate(sides)]
            if any(a is None for a in amounts):
                continue
            # Bare numbers only count on a pay line and when they look like
            # salaries, not years ("2024-2025") or counts.
            if not (unit or currency) and (
                not has_label or any(a < 1000 or (1900 <= a <= 2100) for a in amounts if a is not None)
            ):
                continue
            if unit and _unit_key(unit) in ("lpa", "lakh", "l", "crore"):
                currency = currency or "INR"
            currency = currency or line_currency
            if currency is None and any(_INDIAN_GROUPED_RE.fullmatch(m.group(f"n{n}")) for n in sides):
                currency = "INR"  # "1,20,000": lakh grouping is Indian
            period = None
            # The period is normally written right after the amount ("per
            # year"), sometimes before it ("Salary (per annum): ...").  Only a
            # window around the match is searched so a huge line stays cheap.
            after = text[m.start() : m.end() + 60]
            around = text[max(0, m.start() - 80) : m.end() + 80]
            for name, ppat in _PERIOD_PATTERNS:
                pm = ppat.search(after)
                if pm and (period is None or pm.start() < period[1]):
                    period = (name, pm.start())
            period_name = period[0] if period else None
            if period_name is None:
                for name, ppat in _PERIOD_PATTERNS:
                    if ppat.search(around):
                        period_name = name
                        break
            if period_name is None and (
                _unit_key(unit) in ("lpa", "lakh", "l", "crore") or _ANNUAL_HINT_RE.search(around)
            ):
                # Lakhs and CTC are annual figures in Indian usage.
                period_name = "year"
            if period_name is None and has_label and _looks_annual(amounts, currency):
                period_name = "year"  # "Salary: $120,000 - $150,000" is a yearly salary
            if kind == "range":
                low, high = amounts
                if low is not None and high is not None and low > high:
                    low, high = high, low
            elif kind == "up_to":
                low, high = None, amounts[0]
            else:
                low = high = amounts[0]
            score = (2 if has_label else 0) + (1 if currency else 0) + (1 if kind != "single" else 0)
            return PayCandidate(score, position, low, high, currency, period_name)
    return None


def detect_pay(lines: list[Line]) -> PayCandidate | None:
    best: PayCandidate | None = None
    for pos, line in enumerate(lines):
        text = line.text
        if "?" in text or line.section == SEC_QUESTIONS or _CANDIDATE_CTC_RE.search(text):
            continue  # questions to candidates, not the posting's band
        if not _PAY_LINE_CUE_RE.search(text):
            continue
        if _BENEFIT_RE.search(text) and not _PAY_LABEL_RE.search(text):
            continue  # "health insurance cover up to ₹5,00,000" is not the salary
        cand = pay_from_line(text, pos)
        if cand and (best is None or cand.score > best.score):
            best = cand
    return best
