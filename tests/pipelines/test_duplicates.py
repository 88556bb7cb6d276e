"""Likely duplicates: normalised e-mail and phone, similar names with a shared detail;
the stored suggestions a recruiter merges or dismisses."""

from __future__ import annotations

import pytest

from recruiting.audit.models import AuditEvent
from recruiting.core.contact import normalise_email, normalise_phone
from recruiting.pipelines.models import DuplicateSuggestion
from recruiting.pipelines.services import (
    candidate_best_duplicate,
    candidate_duplicates,
    candidate_merge,
    candidate_suggest_duplicate,
    candidate_update_profile,
    duplicate_suggestions_open,
)
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


def test_the_best_match_is_the_earliest_by_email_then_phone_then_name():
    by_name = person("Lakshmi Narayan", email="ln@zentrix.example")
    by_phone_late = person("Someone", phone="+919812345678")
    by_phone = person("Other", phone="+919812345678")
    Candidate = type(by_phone)
    Candidate.objects.filter(pk=by_phone.pk).update(created_at=by_phone_late.created_at.replace(year=2020))
    newcomer = person("Lakshmi Narayanan", email="lakshmi@zentrix.example", phone="09812345678")
    match, reasons = candidate_best_duplicate(newcomer)
    assert (match, reasons) == (by_phone, ["same phone"])
    Candidate.objects.filter(pk__in=[by_phone.pk, by_phone_late.pk]).update(phone_normalised="")
    assert candidate_best_duplicate(newcomer) == (by_name, ["similar name and same e-mail domain (zentrix.example)"])


def test_a_pair_is_suggested_once_newer_first_and_stays_dismissed(recruiter):
    older = person("Arjun S", phone="+91 98765 43210")
    newer = person("Arjun Subramanian", phone="098765-43210")
    first = candidate_suggest_duplicate(candidate=older)  # either side finds the same pair
    assert (first.candidate, first.existing, first.reasons) == (newer, older, ["same phone"])
    assert candidate_suggest_duplicate(candidate=newer) == first
    first.dismissed_at = first.created_at
    first.save(update_fields=["dismissed_at"])
    candidate_suggest_duplicate(candidate=newer)
    assert DuplicateSuggestion.objects.count() == 1 and duplicate_suggestions_open() == []


def test_editing_a_phone_to_someone_elses_suggests_them(recruiter):
    earlier = person("Asha Rao", phone="+919812345678")
    later = person("Bala Kumar", phone="+919800000001")
    assert DuplicateSuggestion.objects.count() == 0
    candidate_update_profile(candidate=later, actor=recruiter, phone="09812345678")
    suggestion = DuplicateSuggestion.objects.get()
    assert (suggestion.candidate, suggestion.existing, suggestion.reasons) == (later, earlier, ["same phone"])


def test_a_merged_or_erased_side_takes_the_suggestion_off_the_list_and_an_undo_brings_it_back(recruiter):
    from recruiting.pipelines.services import candidate_merge_undo

    older = person("Arjun S", phone="+919876543210")
    newer = person("Arjun T", phone="+919876543210")
    candidate_suggest_duplicate(candidate=newer)
    assert len(duplicate_suggestions_open()) == 1
    merge = candidate_merge(source=newer, target=older, actor=recruiter)
    assert duplicate_suggestions_open() == []
    candidate_merge_undo(merge=merge, actor=recruiter)
    assert len(duplicate_suggestions_open()) == 1


def test_the_duplicates_page_lists_suggestions_with_their_reason(client_for, recruiter):
    older = person("Asha Rao", phone="+919876543210")
    newer = person("Asha R", phone="098765 43210")
    candidate_suggest_duplicate(candidate=newer)
    body = client_for(recruiter).get(DUPES).content.decode()
    assert body.count('data-testid="pair"') == 1 and "same phone" in body
    assert f'name="duplicate" value="{newer.public_id}"' in body
    assert f"/pipelines/candidates/{older.public_id}/merge/" in body


def test_a_recruiter_dismisses_a_suggestion(client_for, recruiter, hiring_manager):
    person("Asha Rao", phone="+919876543210")
    newer = person("Asha R", phone="098765 43210")
    suggestion = candidate_suggest_duplicate(candidate=newer)
    url = f"{DUPES}{suggestion.public_id}/dismiss/"
    assert client_for(hiring_manager).post(url).status_code == 403
    assert client_for(recruiter).get(url).status_code == 405
    response = client_for(recruiter).post(url, follow=True)
    assert "are kept apart" in response.content.decode()
    assert response.content.decode().count('data-testid="pair"') == 0
    suggestion.refresh_from_db()
    assert suggestion.dismissed_by == recruiter
    assert AuditEvent.objects.filter(action="candidate.duplicate_dismissed").exists()
    again = client_for(recruiter).post(url, follow=True)
    assert "already been dismissed" in again.content.decode()
    assert client_for(recruiter).post(f"{DUPES}00000000-0000-0000-0000-000000000000/dismiss/").status_code == 404


def test_the_duplicates_page_is_for_recruiters(client_for, recruiter, hiring_manager, interviewer, client):
    person("Asha Rao", email="asha@example.com")
    candidate_suggest_duplicate(candidate=person("Asha R", email="asha@example.com"))
    response = client_for(recruiter).get(DUPES)
    assert response.status_code == 200 and response.content.decode().count('data-testid="pair"') == 1
    assert client_for(recruiter).post(DUPES).status_code == 405
    assert client_for(hiring_manager).get(DUPES).status_code == 403
    assert client_for(interviewer).get(DUPES).status_code == 403


def test_the_duplicates_page_needs_sign_in(client):
    assert client.get(DUPES).status_code == 302
