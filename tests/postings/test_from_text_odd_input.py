"""Odd input pasted into "posting from text" never gives a 500: empty text, 200 KB of text,
binary junk, only a title, NUL characters, lone surrogates (and bytes that are not UTF-8),
Hindi and Tamil mixed with English; and a pay band in a currency postings do not support is
not offered as rupees."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse

from recruiting.postings.models import Posting
from tests.support.htmlforms import read_form

pytestmark = pytest.mark.django_db

URL = "postings:from_text"


def _post(client, text: str):
    return client.post(reverse(URL), {"text": text})


def _values(response) -> dict:
    values, _ = read_form(response.text, "posting-form")
    return values


def test_only_a_title_gives_a_draft_with_that_title(client_for, hiring_manager):
    response = _post(client_for(hiring_manager), "Senior Data Engineer")
    assert response.status_code == 200
    assert _values(response)["title"] == ["Senior Data Engineer"]


def test_text_over_the_limit_is_refused_with_a_reason(client_for, hiring_manager):
    text = ("Senior Data Engineer\nPython: 3 years, SQL: 2 years.\n" * 5000)[:200_000]
    response = _post(client_for(hiring_manager), text)
    assert response.status_code == 200
    assert "at most 100000 characters" in response.text.replace(",", "")
    assert "posting-form" not in response.text  # asked again, nothing drafted or saved
    assert not Posting.objects.exists()


def test_text_just_under_the_limit_is_drafted(client_for, hiring_manager):
    block = "Data Engineer\nLocation: Pune\nRequirements:\n- Python: 3 years\n- Spark (2+ yrs)\nSalary: 12-18 LPA\n"
    text = (block * (99_000 // len(block) + 1))[:99_000]
    response = _post(client_for(hiring_manager), text)
    assert response.status_code == 200
    values = _values(response)
    assert values["title"] == ["Data Engineer"]
    assert values["pay_max"] == ["1800000"]


def test_a_nul_character_is_refused_with_a_reason(client_for, hiring_manager):
    # The portal-wide input check (core.inputs) answers 400 naming the field and why.
    response = _post(client_for(hiring_manager), "Data Engineer\x00\nPython: 3 years")
    assert response.status_code == 400
    assert "NUL character" in response.text
    assert "“text”" in response.text
    assert not Posting.objects.exists()


def test_binary_junk_gives_a_page_not_an_error(client_for, hiring_manager):
    rng = random.Random(15)
    junk = bytes(rng.randrange(1, 256) for _ in range(20_000)).decode("latin-1")
    response = _post(client_for(hiring_manager), junk)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        b"text=Data+Engineer%ED%A0%80%0APython%3A+3+years",  # a UTF-8-encoded lone surrogate
        b"text=Data+Engineer%FF%FE%0APython%3A+3+years",  # bytes that are not UTF-8 at all
    ],
)
def test_a_lone_surrogate_or_undecodable_bytes_are_refused_with_a_reason(client_for, hiring_manager, body: bytes):
    client = client_for(hiring_manager)
    response = client.post(reverse(URL), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "not valid UTF-8 text" in response.text
    assert not Posting.objects.exists()


def test_hindi_and_tamil_mixed_with_english_are_drafted(client_for, hiring_manager):
    text = (
        "फील्ड सर्विस इंजीनियर / Field Service Engineer\n"
        "स्थान (Location): Chennai\n"
        "अनुभव: 2-5 साल (Experience: 2-5 years)\n"
        "வேதனம் / Salary: ₹30,000 - ₹45,000 प्रति माह (per month)\n"
        "योग्यता / Requirements\n- PLC programming – 1 year\n- சென்னை அருகே பயணம்\n"
    )
    response = _post(client_for(hiring_manager), text)
    assert response.status_code == 200
    values = _values(response)
    assert values["location"] == ["Chennai"]
    assert (values["experience_min"], values["experience_max"]) == (["2"], ["5"])
    assert (values["pay_min"], values["pay_max"], values["pay_period"]) == (["30000"], ["45000"], ["month"])
    assert "சென்னை அருகே பயணம்" in values["description"][0]


def test_a_band_in_an_unsupported_currency_is_not_offered_as_rupees(client_for, hiring_manager):
    text = "Backend Engineer\nLocation: Singapore\nSalary: SGD 8,000 - 10,000 per month\n"
    response = _post(client_for(hiring_manager), text)
    assert response.status_code == 200
    values = _values(response)
    assert values.get("pay_min", [""]) == [""] and values.get("pay_max", [""]) == [""]
    assert "The pay in the text is in SGD" in response.text


def test_a_band_in_dollars_stays_in_dollars(client_for, hiring_manager):
    text = "Product Designer\nRemote\nSalary: $110,000 – $135,000 a year\n"
    values = _values(_post(client_for(hiring_manager), text))
    assert (values["pay_currency"], values["pay_min"], values["pay_max"]) == (["USD"], ["110000"], ["135000"])
    assert values["pay_period"] == ["year"]
