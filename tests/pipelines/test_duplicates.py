"""Likely duplicates: normalised e-mail and phone, similar names with a shared detail."""

from __future__ import annotations

import pytest

from recruiting.core.contact import normalise_email, normalise_phone
from recruiting.pipelines.services import candidate_duplicate_pairs, candidate_duplicates
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db
DUPES = "/pipelines/candidates/duplicates/"


def person(full_name, email="", phone="", **fields):
    return CandidateFactory(
        full_name=full_name,
        email=email,
        email_normalised=normalise_email(email) if email else "",
        phone=phone,
        phone_normalised=(normalise_phone(phone) or "") if phone else "",
        **fields,
    )


def found(candidate):
    return {other.full_name: reasons for other, reasons in candidate_duplicates(candidate)}


def test_gmail_dots_and_plus_aliases_are_the_same_email():
    first = person("Priya Raman", email="Priya.Raman+jobs@googlemail.com")
    person("P. Raman", email="priyaraman@gmail.com")
    person("Someone Else", email="priya.raman@example.com")
    assert found(first) == {"P. Raman": ["same e-mail"]}


def test_phone_numbers_match_across_plus91_spaces_and_a_leading_zero():
    first = person("Arjun S", phone="+91 98765 43210")
    person("Arjun Subramanian", phone="098765-43210")
    person("Arjun Other", phone="98765 43211")
    assert found(first) == {"Arjun Subramanian": ["same phone"]}


def test_a_similar_name_in_the_same_city_is_a_likely_duplicate():
    first = person("Divya Krishnan", email="divya@a.example.com", location="Chennai")
    person("Divya Krishnan", email="dk@b.example.com", location="chennai ")
    person("Divya Krishnan", email="dk@c.example.com", location="Pune")
    person("Vidya Raman", email="vr@d.example.com", location="Chennai")
    assert list(found(first)) == ["Divya Krishnan"]
    assert "same city" in found(first)["Divya Krishnan"][0]


def test_a_similar_name_at_the_same_company_domain_is_a_likely_duplicate_but_gmail_is_not():
    first = person("Karthik Lakshman", email="karthik@zentrix.example")
    person("Karthik Laxman", email="k.laxman@zentrix.example")
    gmail = person("Meena Sundar", email="meena.s@gmail.com")
    person("Meena Sundaram", email="msundaram@gmail.com")
    assert list(found(first)) == ["Karthik Laxman"]
    assert found(gmail) == {}


def test_merged_people_are_not_offered_again():
    first = person("Asha Rao", email="asha@example.com")
    other = person("Asha Rao", email="ASHA@example.com")
    other.merged_into = first
    other.save(update_fields=["merged_into"])
    assert found(first) == {}


def test_the_pairs_list_has_each_pair_once_with_all_reasons():
    a = person("Lakshmi Narayan", email="lakshmi@example.com", phone="+919812345678", location="Madurai")
    b = person("Lakshmi Narayanan", email="Lakshmi@Example.com", phone="09812345678", location="Madurai")
    person("Unrelated Person", email="u@example.com")
    pairs = candidate_duplicate_pairs()
    assert [(x.pk, y.pk) for x, y, _ in pairs] == [(a.pk, b.pk)]
    assert pairs[0][2] == ["same e-mail", "same phone", "similar name"]


def test_the_duplicates_page_is_for_recruiters(client_for, recruiter, hiring_manager, interviewer, client):
    person("Asha Rao", email="asha@example.com")
    person("Asha R", email="asha@example.com")
    response = client_for(recruiter).get(DUPES)
    assert response.status_code == 200 and response.content.decode().count('data-testid="pair"') == 1
    assert client_for(recruiter).post(DUPES).status_code == 405
    assert client_for(hiring_manager).get(DUPES).status_code == 403
    assert client_for(interviewer).get(DUPES).status_code == 403


def test_the_duplicates_page_needs_sign_in(client):
    assert client.get(DUPES).status_code == 302
