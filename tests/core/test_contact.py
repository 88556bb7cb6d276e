"""Tests for recruiting.core.contact (pure Python, no Django)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recruiting.core.contact import name_key, normalise_email, normalise_phone

# ---------------------------------------------------------------------------
# normalise_email
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Priya.Sharma@Example.COM ", "priya.sharma@example.com"),
        ("priya.sharma+jobs@example.com", "priya.sharma@example.com"),
        ("Priya.Sharma+jobs+2024@example.co.in", "priya.sharma@example.co.in"),
        ("P.r.i.y.a+x@gmail.com", "priya@gmail.com"),
        ("priya.sharma@googlemail.com", "priyasharma@gmail.com"),
        ("Priya.Sharma+Naukri@GoogleMail.com", "priyasharma@gmail.com"),
        ("priya@example.com.", "priya@example.com"),
        # Nothing left before "+": keep the address rather than produce "@x".
        ("+jobs@example.com", "+jobs@example.com"),
        # Not an address: stripped and lower-cased, never an exception.
        ("  NotAnEmail ", "notanemail"),
        ("", ""),
    ],
)
def test_normalise_email(raw: str, expected: str) -> None:
    assert normalise_email(raw) == expected


def test_gmail_variants_collide() -> None:
    variants = [
        "priya.sharma@gmail.com",
        "PriyaSharma@gmail.com",
        "priya.sharma+linkedin@googlemail.com",
        " p.r.i.y.a.s.h.a.r.m.a@GMAIL.com",
    ]
    assert {normalise_email(v) for v in variants} == {"priyasharma@gmail.com"}


def test_dots_kept_for_other_providers() -> None:
    assert normalise_email("priya.sharma@outlook.com") != normalise_email("priyasharma@outlook.com")


@given(st.emails())
def test_normalise_email_is_idempotent(email: str) -> None:
    once = normalise_email(email)
    assert normalise_email(once) == once


# ---------------------------------------------------------------------------
# normalise_phone
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "98765 43210",
        "9876543210",
        "098765 43210",
        "+91-98765-43210",
        "+91 98765 43210",
        "0091 9876543210",
        "(+91) 98765-43210",
        " 98765\u00a043210 ",
    ],
)
def test_indian_mobile_formats(raw: str) -> None:
    assert normalise_phone(raw) == "+919876543210"


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("+1 650-253-0000", "IN", "+16502530000"),
        ("(650) 253-0000", "US", "+16502530000"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("+44 20 7946 0958", "IN", "+442079460958"),
        ("022 2345 6789", "IN", "+912223456789"),
    ],
)
def test_other_numbers(raw: str, region: str, expected: str) -> None:
    assert normalise_phone(raw, default_region=region) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "12345",
        "98765",
        "+91 00000 00000",
        "not a phone",
        "98765 43210 98765 43210",
        "9" * 500,
    ],
)
def test_invalid_numbers(raw: str) -> None:
    assert normalise_phone(raw) is None


def test_no_country_code_and_no_region() -> None:
    assert normalise_phone("98765 43210", default_region="") is None


@given(st.text(max_size=40))
def test_normalise_phone_never_raises(raw: str) -> None:
    result = normalise_phone(raw)
    assert result is None or (result.startswith("+") and result[1:].isdigit())


# ---------------------------------------------------------------------------
# name_key
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Priya Sharma", "priya sharma"),
        ("  PRIYA\t\n  SHARMA  ", "priya sharma"),
        ("José Álvarez", "jose alvarez"),
        ("Zoë Ng", "zoe ng"),
        ("Müller", "muller"),
        ("Straße", "strasse"),
        ("Łukasz Ørsted", "lukasz orsted"),
        ("Ｐｒｉｙａ", "priya"),
        ("Priya\u00a0Sharma", "priya sharma"),
        ("", ""),
    ],
)
def test_name_key(raw: str, expected: str) -> None:
    assert name_key(raw) == expected


def test_decomposed_and_composed_accents_match() -> None:
    assert name_key("Jose\u0301") == name_key("Jos\u00e9") == "jose"


def test_indic_vowel_signs_are_kept() -> None:
    # Vowel signs are combining marks but part of the spelling: "प्रिया"
    # (Priya) must not collapse into a different name.
    assert name_key("प्रिया  शर्मा") == "प्रिया शर्मा"
    assert name_key("प्रिया") != name_key("प्रय")


@given(st.text(max_size=60))
def test_name_key_is_idempotent(name: str) -> None:
    once = name_key(name)
    assert name_key(once) == once
    assert "  " not in once
    assert once == once.strip()
