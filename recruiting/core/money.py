"""Formatting and parsing of money amounts for salary bands.

Pure Python (no Django) so it can be used from templates, forms, management
commands and tests alike.  Everything works on :class:`~decimal.Decimal`:
salaries are money, and binary floats would turn ``18,51,368.30`` into
``1851368.2999999998``.

Indian rupees are written the Indian way: the last three digits form one
group and everything before them is grouped in pairs (``₹18,51,368``), and the
compact form uses lakhs (1,00,000) and crores (1,00,00,000) because that is
how salaries are quoted in India ("18.5 LPA").  Other currencies use Western
thousands grouping and K/M/B abbreviations.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

__all__ = [
    "MONEY_MAX",
    "format_band",
    "format_money",
    "group_indian",
    "group_western",
    "money_problem",
    "parse_money",
    "rupees_in_words",
]

# The most any amount typed into the portal may be: ₹100 crore (1,00,00,00,000), or the
# same number in another currency. No salary, CTC or band comes near it; what does is a
# typo or an attack. The database's check constraints hold the same bound.
MONEY_MAX = Decimal(1_000_000_000)

# Currencies we know a symbol for.  Anything else is shown as "CODE 1,234",
# which is unambiguous even when we do not know the local conventions.
_SYMBOLS: dict[str, str] = {
    "INR": "₹",
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
}

_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")

_LAKH = Decimal(10) ** 5
_CRORE = Decimal(10) ** 7
_THOUSAND = Decimal(10) ** 3
_MILLION = Decimal(10) ** 6
_BILLION = Decimal(10) ** 9

# Largest unit first: the compact formatter picks the first unit the amount
# reaches.
_INR_UNITS: tuple[tuple[Decimal, str], ...] = ((_CRORE, " Cr"), (_LAKH, " L"))
_WESTERN_UNITS: tuple[tuple[Decimal, str], ...] = (
    (_BILLION, "B"),
    (_MILLION, "M"),
    (_THOUSAND, "K"),
)


# ---------------------------------------------------------------------------
# Digit grouping
# ---------------------------------------------------------------------------


def group_western(digits: str) -> str:
    """Insert commas every three digits: ``"1234567"`` -> ``"1,234,567"``.

    ``digits`` must be a string of ASCII digits without sign or decimals.
    """
    # Work from the right; the leftmost group may be short.
    head_len = len(digits) % 3 or 3
    groups = [digits[:head_len]]
    groups.extend(digits[i : i + 3] for i in range(head_len, len(digits), 3))
    return ",".join(groups)


def group_indian(digits: str) -> str:
    """Group digits the Indian way: ``"1851368"`` -> ``"18,51,368"``.

    The last three digits are one group, everything before them is grouped
    in pairs.  ``digits`` must be ASCII digits without sign or decimals.
    """
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    # Python's format spec cannot do two-digit groups, so split the head by
    # hand; the leftmost pair may be a single digit.
    first = len(head) % 2 or 2
    groups = [head[:first]]
    groups.extend(head[i : i + 2] for i in range(first, len(head), 2))
    groups.append(tail)
    return ",".join(groups)


# ---------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------


def _as_decimal(amount: object) -> Decimal:
    """Validate ``amount`` and return it as a finite Decimal.

    Floats are refused on purpose: by the time a float reaches us the cents
    may already be wrong, and silently "fixing" that hides bugs.  Plain ints
    are exact, so they are accepted for convenience.
    """
    if isinstance(amount, (bool, float)):
        raise TypeError(f"money amounts must be Decimal, not {type(amount).__name__}")
    if isinstance(amount, int):
        amount = Decimal(amount)
    if not isinstance(amount, Decimal):
        raise TypeError(f"money amounts must be Decimal, not {type(amount).__name__}")
    if not amount.is_finite():
        raise ValueError(f"cannot format non-finite amount {amount!r}")
    return amount


def _prefix(currency: str) -> str:
    """Return what goes in front of the number for ``currency``."""
    if currency in _SYMBOLS:
        return _SYMBOLS[currency]
    # Unknown (or empty) code: show the code itself so the reader is never
    # misled about which currency it is.
    return f"{currency} " if currency else ""


def _format_full(value: Decimal, indian: bool) -> str:
    """Format a non-negative amount with grouping; cents only when non-zero."""
    value = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{value:f}".partition(".")
    grouped = group_indian(whole) if indian else group_western(whole)
    # "₹18,51,368" reads better than "₹18,51,368.00"; keep the paise/cents
    # only when they carry information.
    if fraction and fraction.strip("0"):
        return f"{grouped}.{fraction}"
    return grouped


def _format_compact(value: Decimal, units: tuple[tuple[Decimal, str], ...], indian: bool) -> str | None:
    """Abbreviate a non-negative amount with one decimal, e.g. ``18.5 L``.

    Returns None when the amount is below the smallest unit, in which case
    the caller falls back to the full format.
    """
    for index, (size, suffix) in enumerate(units):
        if value < size:
            continue
        scaled = (value / size).quantize(_TENTH, rounding=ROUND_HALF_UP)
        # Rounding can carry into the next unit up: 99,99,999 is 100.0 L,
        # which should be shown as 1 Cr.
        if index > 0:
            bigger_size, bigger_suffix = units[index - 1]
            ratio = bigger_size / size
            if scaled >= ratio:
                scaled = (value / bigger_size).quantize(_TENTH, rounding=ROUND_HALF_UP)
                suffix = bigger_suffix
        whole, _, fraction = f"{scaled:f}".partition(".")
        grouped = group_indian(whole) if indian else group_western(whole)
        # "10 L" rather than "10.0 L".
        text = grouped if fraction.strip("0") == "" else f"{grouped}.{fraction}"
        return f"{text}{suffix}"
    return None


def format_money(amount: Decimal | None, currency: str, *, compact: bool = False) -> str:
    """Format ``amount`` in ``currency`` for display.

    * INR: ``₹18,51,368`` (Indian grouping), ``₹18,51,368.30`` when there are
      paise; compact ``₹18.5 L`` / ``₹1.2 Cr``.  Compact amounts below one
      lakh are shown in full, because "₹95K" is not how rupees are written.
    * USD/EUR/GBP: ``$120,000``; compact ``$120K``, ``$1.2M``, ``€3B``.
      Compact amounts below one thousand are shown in full.
    * Unknown codes: ``CHF 1,234`` / ``CHF 1.2K``.
    * Negative amounts get a leading minus: ``-₹1,500``.
    * ``None`` gives an empty string, which keeps templates simple.

    Raises TypeError for floats (use Decimal) and ValueError for NaN/Infinity.
    """
    if amount is None:
        return ""
    value = _as_decimal(amount)
    code = (currency or "").strip().upper()
    indian = code == "INR"

    # A private context, so neither the caller's decimal settings nor the
    # default 28-digit precision (quantize fails beyond it) affect the output.
    with localcontext(Context(prec=max(28, value.adjusted() + 10))):
        # Decide the sign on the *rounded* value so that -0.001 does not come
        # out as "-₹0".
        sign = "-" if value.quantize(_CENT, rounding=ROUND_HALF_UP) < 0 else ""
        magnitude = abs(value)

        number: str | None = None
        if compact:
            units = _INR_UNITS if indian else _WESTERN_UNITS
            number = _format_compact(magnitude, units, indian)
        if number is None:
            number = _format_full(magnitude, indian)
    return f"{sign}{_prefix(code)}{number}"


# Accepted spellings of a pay period, mapped to what we print after "per".
_PERIODS: dict[str, str] = {
    "year": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "annum": "year",
    "yr": "year",
    "y": "year",
    "month": "month",
    "monthly": "month",
    "mo": "month",
    "m": "month",
    "week": "week",
    "weekly": "week",
    "w": "week",
    "day": "day",
    "daily": "day",
    "d": "day",
    "hour": "hour",
    "hourly": "hour",
    "hr": "hour",
    "h": "hour",
}


def _period_suffix(period: str | None) -> str:
    """Return " per year" etc., or "" when no period is given."""
    text = (period or "").strip()
    if not text:
        return ""
    if text.lower().startswith("per "):
        return f" {text}"
    return f" per {_PERIODS.get(text.lower(), text)}"


def format_band(
    min: Decimal | None,  # noqa: A002 - the brief's public signature
    max: Decimal | None,  # noqa: A002
    currency: str,
    period: str | None,
    *,
    compact: bool = False,
) -> str:
    """Format a salary band.

    >>> from decimal import Decimal as D
    >>> format_band(D(1850000), D(3550000), "INR", "year", compact=True)
    '₹18.5 L – ₹35.5 L per year'
    >>> format_band(None, D(1400000), "INR", "year")
    'up to ₹14,00,000 per year'
    >>> format_band(D(1000000), None, "INR", "year", compact=True)
    'from ₹10 L per year'
    >>> format_band(None, None, "INR", "year")
    ''

    ``period`` may be "year", "month", "hour", ... (or synonyms such as
    "yearly"/"annual"); an empty period leaves the suffix off.  The values
    are shown as given: validating min <= max is the model's job.
    """
    suffix = _period_suffix(period)
    low = format_money(min, currency, compact=compact) if min is not None else ""
    high = format_money(max, currency, compact=compact) if max is not None else ""
    if low and high:
        if low == high:
            # A fixed salary, or a band that rounds to one compact figure.
            return f"{low}{suffix}"
        return f"{low} – {high}{suffix}"
    if high:
        return f"up to {high}{suffix}"
    if low:
        return f"from {low}{suffix}"
    return ""


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------

# Multipliers for the abbreviations people type into salary fields.
_UNIT_MULTIPLIERS: dict[str, Decimal] = {
    "": Decimal(1),
    "k": _THOUSAND,
    "thousand": _THOUSAND,
    "l": _LAKH,
    "lpa": _LAKH,  # "lakhs per annum", the usual Indian CTC shorthand
    "lac": _LAKH,
    "lacs": _LAKH,
    "lakh": _LAKH,
    "lakhs": _LAKH,
    "cr": _CRORE,
    "crore": _CRORE,
    "crores": _CRORE,
    "m": _MILLION,
    "mn": _MILLION,
    "million": _MILLION,
    "b": _BILLION,
    "bn": _BILLION,
    "billion": _BILLION,
}

# Symbols and codes that may precede or follow the number.  Longest first so
# "rs." wins over "rs".
_CURRENCY_TOKENS = sorted(
    {"₹", "$", "€", "£", "rs.", "rs", "inr", "usd", "eur", "gbp", "us$"},
    key=len,
    reverse=True,
)
_CURRENCY_RE = "|".join(re.escape(token) for token in _CURRENCY_TOKENS)

# A number is plain digits, or digits with commas in either Western
# (1,234,567) or Indian (12,34,567) grouping.  Anything else with commas,
# like "1,2,3", is treated as garbage rather than guessed at.
_NUMBER_RE = r"""
    (?:
        \d{1,3}(?:,\d{3})+          # Western grouping
      | \d{1,2}(?:,\d{2})*,\d{3}    # Indian grouping
      | \d+                         # no grouping
    )
    (?:\.\d+)?
  | \.\d+
"""

_UNIT_RE = "|".join(re.escape(unit) for unit in sorted(_UNIT_MULTIPLIERS, key=len, reverse=True) if unit)

_MONEY_RE = re.compile(
    rf"""
    ^
    (?P<sign1>[-−+]?)\s*
    (?:(?:{_CURRENCY_RE})\s*)?
    (?P<sign2>[-−+]?)\s*
    (?P<number>{_NUMBER_RE})
    \s*(?:(?P<unit>{_UNIT_RE})(?![a-z])\.?)?   # "(?![a-z])": "5 lakhs", not "5 l" + "akhs"
    \s*(?:(?:{_CURRENCY_RE}))?
    \s*(?:/-)?                      # Indian "12,00,000/-"
    $
    """,
    re.VERBOSE,
)

# Guard against pathological input; no real salary needs more characters.
_MAX_PARSE_LENGTH = 64


def parse_money(text: str) -> Decimal | None:
    """Parse a money amount typed by a person; None if it is not one.

    Accepts grouping with commas (Western or Indian), an optional currency
    symbol or code (₹, Rs., INR, $, USD, €, £ ...), an optional sign and an
    optional unit: K/thousand, L/lakh/lac/LPA, Cr/crore, M/million,
    B/billion.  Examples: ``"18,51,368.30"``, ``"18.5 L"``, ``"18 LPA"``,
    ``"1.2 Cr"``, ``"₹ 12,00,000"``, ``"$120k"``.

    The currency symbol is ignored: the caller knows which currency the field
    is in.  Never raises for bad input.
    """
    if not isinstance(text, str):
        return None
    cleaned = " ".join(text.split()).lower()
    if not cleaned or len(cleaned) > _MAX_PARSE_LENGTH:
        return None
    match = _MONEY_RE.match(cleaned)
    if match is None:
        return None
    signs = match["sign1"] + match["sign2"]
    if len(signs) > 1:  # "-₹-5" is not an amount
        return None
    multiplier = _UNIT_MULTIPLIERS[match["unit"] or ""]
    try:
        value = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        return None
    if multiplier != 1:
        # Input is at most 64 characters and multipliers have at most 10
        # digits, so 100 digits of precision keep the product exact.
        with localcontext(Context(prec=100)):
            value *= multiplier
            # "18.5 L" should be 1850000, not 1850000.0.
            if value == value.to_integral_value():
                value = value.quantize(Decimal(1))
    if signs in ("-", "−"):
        value = -value
    return value


def money_problem(amount: Decimal, currency: str = "INR", *, allow_negative: bool = False) -> str | None:
    """Why `amount` is not an acceptable amount of money, or None: not a finite number,
    negative (unless allowed), or more than MONEY_MAX (₹100 crore)."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        return "Enter an amount such as 18,51,368.30 or 18.5 L."
    if amount < 0 and not allow_negative:
        return "The amount cannot be negative."
    if abs(amount) > MONEY_MAX:
        code = (currency or "INR").strip().upper()
        limit = format_money(MONEY_MAX, code)
        crore = " (₹100 crore)" if code == "INR" else ""
        return f"That is more than {limit}{crore}; please check the amount."
    return None


# ---------------------------------------------------------------------------
# Amounts in words (offer letters)
# ---------------------------------------------------------------------------

_ONES = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
]
_TENS = ["_", "_", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"]


def _below_thousand(n: int) -> str:
    words = []
    if n >= 100:
        words += [_ONES[n // 100], "Hundred"]
        n %= 100
    if n >= 20:
        words.append(_TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else ""))
    elif n:
        words.append(_ONES[n])
    return " ".join(words)


def _indian_words(n: int) -> str:
    """Whole number in words with crore, lakh and thousand (1850000: Eighteen Lakh Fifty Thousand)."""
    if n == 0:
        return "Zero"
    parts = []
    crore, n = divmod(n, 10**7)
    if crore:
        parts.append(f"{_indian_words(crore)} Crore")
    lakh, n = divmod(n, 10**5)
    if lakh:
        parts.append(f"{_below_thousand(lakh)} Lakh")
    thousand, n = divmod(n, 1000)
    if thousand:
        parts.append(f"{_below_thousand(thousand)} Thousand")
    if n:
        parts.append(_below_thousand(n))
    return " ".join(parts)


def rupees_in_words(amount: Decimal) -> str:
    """An INR amount in words the Indian way, as written on letters and cheques.

    >>> rupees_in_words(Decimal("1850000"))
    'Rupees Eighteen Lakh Fifty Thousand Only'
    >>> rupees_in_words(Decimal("35507.5"))
    'Rupees Thirty-Five Thousand Five Hundred Seven and Fifty Paise Only'
    """
    value = _as_decimal(amount).quantize(_CENT, rounding=ROUND_HALF_UP)
    if value < 0:
        raise ValueError("rupees_in_words: a negative amount")
    rupees = int(value)
    paise = int((value - rupees) * 100)
    text = f"Rupees {_indian_words(rupees)}"
    if paise:
        text += f" and {_below_thousand(paise)} Paise"
    return f"{text} Only"
