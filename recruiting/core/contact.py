"""Normalisation of candidate contact details for duplicate detection.

Pure Python (no Django).  These functions produce *keys* for comparing
candidates ("is this the same person who applied last month?"); they are not
meant to replace what the candidate typed, which should be stored as given.
"""

from __future__ import annotations

import unicodedata

import phonenumbers

__all__ = ["name_key", "normalise_email", "normalise_phone"]

# Gmail ignores dots in the local part and treats googlemail.com as the same
# mailbox, so "A.Sharma+jobs@googlemail.com" reaches "asharma@gmail.com".
_GMAIL_DOMAINS = frozenset({"gmail.com", "googlemail.com"})

# phonenumbers refuses longer input anyway; cutting early avoids work on
# megabyte-sized junk pasted into a form field.
_MAX_PHONE_INPUT = 64


def normalise_email(email: str) -> str:
    """Return a comparison key for an e-mail address.

    * Surrounding whitespace is stripped and everything is lower-cased.
    * Any ``+alias`` suffix of the local part is removed ("sub-addressing").
    * For gmail.com / googlemail.com the dots in the local part are removed
      too and the domain becomes gmail.com, because Gmail delivers all of
      those spellings to the same mailbox.  Other providers may treat dots as
      significant, so they are kept.

    Strings that are not ``local@domain`` are returned stripped and
    lower-cased, so the function never raises.
    """
    text = (email or "").strip().lower()
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        return text
    # "example.com." (trailing root dot) is the same domain.
    domain = domain.rstrip(".")

    base, plus, _alias = local.partition("+")
    # An address that *starts* with "+" has no base to fall back on; keep it.
    if plus and base:
        local = base

    if domain in _GMAIL_DOMAINS:
        undotted = local.replace(".", "")
        local = undotted or local
        domain = "gmail.com"
    return f"{local}@{domain}"


def normalise_phone(raw: str, default_region: str = "IN") -> str | None:
    """Return the E.164 form (``+919876543210``) of a phone number, or None.

    Numbers without a country code are read in ``default_region``, so for
    India all of "98765 43210", "098765 43210" (trunk prefix),
    "+91-98765-43210" and "0091 9876543210" (international dialling prefix)
    give ``+919876543210``.  Returns None for anything phonenumbers does not
    consider a valid number (too short, unassigned ranges, letters ...).
    """
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not text or len(text) > _MAX_PHONE_INPUT:
        return None
    try:
        number = phonenumbers.parse(text, (default_region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    # is_possible_number only checks length; is_valid_number also checks the
    # number range, which is what keeps "12345" and "+91 00000 00000" out.
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# Combining diacritical mark blocks.  Only these are stripped: vowel signs
# and viramas in Indic scripts are also "combining" characters, but they are
# part of the spelling, and removing them would merge different names.
_DIACRITIC_RANGES: tuple[tuple[int, int], ...] = (
    (0x0300, 0x036F),  # Combining Diacritical Marks
    (0x1AB0, 0x1AFF),  # Combining Diacritical Marks Extended
    (0x1DC0, 0x1DFF),  # Combining Diacritical Marks Supplement
    (0x20D0, 0x20FF),  # Combining Diacritical Marks for Symbols
    (0xFE20, 0xFE2F),  # Combining Half Marks
)

# Latin letters that carry a "diacritic" but have no Unicode decomposition,
# so NFKD alone leaves them alone.
_EXTRA_FOLDS = str.maketrans(
    {
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
    }
)


def _is_diacritic(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _DIACRITIC_RANGES)


def name_key(name: str) -> str:
    """Return a key for comparing personal names loosely.

    Case-folded (so "ß" matches "ss"), accents stripped ("José" ->
    "jose"), compatibility characters unified (full-width letters, ligatures)
    and runs of whitespace collapsed to single spaces.  Non-Latin scripts are
    kept as they are apart from case folding.
    """
    if not isinstance(name, str):
        return ""
    # NFKD splits "é" into "e" + combining acute so the accent can be
    # dropped, and maps compatibility forms such as "ﬁ" to "fi".  It runs
    # before case folding too, because compatibility forms can decompose to
    # capitals (mathematical "𝕊" -> "S"), and again after it, because case
    # folding can produce accented letters ("İ" -> "i" + dot above).
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", name).casefold())
    stripped = "".join(ch for ch in decomposed if not _is_diacritic(ch))
    folded = stripped.translate(_EXTRA_FOLDS)
    # Recompose what is left (e.g. Indic conjuncts) so keys built from
    # differently-normalised input compare equal, then collapse whitespace;
    # str.split() also treats no-break and other Unicode spaces as spaces.
    return " ".join(unicodedata.normalize("NFC", folded).split())
