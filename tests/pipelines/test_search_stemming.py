"""Search that finds (issue 15 §2): English stemming for CV text, notes and skills while
names stay exact; skill synonyms; e-mail and phone in any Indian format; the match count
bounded past MATCH_CAP."""

from __future__ import annotations

import pytest
from django.db import connection

from recruiting.pipelines import search
from recruiting.pipelines.search import candidate_search, contact_keys
from recruiting.pipelines.services import note_create
from tests.pipelines.factories import searchable

pytestmark = pytest.mark.django_db


def names(results) -> list[str]:
    return sorted(hit.candidate.full_name for hit in results.hits)


@pytest.mark.parametrize(
    ("query", "text"),
    [("ledger", "Kept the payments ledgers balanced."), ("consumer", "Wrote Kafka consumers."),
     ("engines", "Tuned the pricing engine."), ("migrating", "Led two database migrations.")],
)  # fmt: skip
def test_a_word_finds_its_other_forms_in_a_cv(recruiter, query, text):
    searchable(full_name="Priya Raman", cv_text=text)
    searchable(full_name="Arjun Mehta", cv_text="Frontend work with React.", current_role="Designer")
    assert names(candidate_search(user=recruiter, query=query)) == ["Priya Raman"]


def test_notes_and_skills_are_stemmed_too(recruiter, hiring_manager):
    noted = searchable(full_name="Kiran Das")
    note_create(candidate=noted, author=hiring_manager, body="Great at negotiating offers.")
    searchable(full_name="Ravi Bose", skills=["Data pipelines"])
    assert names(candidate_search(user=recruiter, query="negotiate")) == ["Kiran Das"]
    assert names(candidate_search(user=recruiter, query="pipeline")) == ["Ravi Bose"]


def test_names_are_indexed_exactly_and_skills_both_ways(recruiter):
    person = searchable(full_name="Thomas Mathew", skills=["Data pipelines"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_head::text FROM pipelines_candidate WHERE id = %s", [person.pk])
        head = cursor.fetchone()[0]
    assert "'thomas':1A" in head and "'thoma'" not in head
    assert "'pipelines':" in head and "'pipelin':" in head
    assert "'engin':" in head and "'engineer'" not in head  # the role (a factory default) is stemmed only


@pytest.mark.parametrize(
    ("query", "skill"),
    [("golang", "Go"), ("go", "Golang"), ("postgres", "PostgreSQL"), ("postgresql", "Postgres"), ("js", "JavaScript"),
     ("javascript", "JS"), ("k8s", "Kubernetes"), ("kubernetes", "k8s"), ("node", "Node.js"), ("node.js", "Node")],
)  # fmt: skip
def test_a_skill_finds_its_synonym(recruiter, query, skill):
    searchable(full_name="Priya Raman", skills=[skill])
    searchable(full_name="Arjun Mehta", skills=["Java"])
    assert names(candidate_search(user=recruiter, query=query)) == ["Priya Raman"]


def test_an_exact_name_and_a_stemmed_cv_word_combine(recruiter):
    searchable(full_name="Thomas Mathew", cv_text="Reconciled ledgers.")
    searchable(full_name="Thomas Kurian", cv_text="Built dashboards.")
    assert names(candidate_search(user=recruiter, query="thomas ledger")) == ["Thomas Mathew"]


@pytest.mark.parametrize(
    "query",
    ["98765 43210", "+91 98765 43210", "+91-98765-43210", "098765 43210", "0091 9876543210", "(+91) 98765-43210",
     "9876543210", "+919876543210"],
)  # fmt: skip
def test_a_phone_in_any_indian_format_finds_the_person(recruiter, query):
    searchable(full_name="Priya Raman", phone="+919876543210", phone_normalised="+919876543210")
    searchable(full_name="Arjun Mehta", phone="+919812345678", phone_normalised="+919812345678")
    results = candidate_search(user=recruiter, query=query)
    assert names(results) == ["Priya Raman"]


def test_an_email_finds_the_person_whatever_its_case_or_alias(recruiter):
    searchable(full_name="Priya Raman", email="priya.raman@gmail.com", email_normalised="priyaraman@gmail.com")
    searchable(full_name="Arjun Mehta", email="arjun@example.com", email_normalised="arjun@example.com")
    assert names(candidate_search(user=recruiter, query="Priya.Raman+jobs@Gmail.com")) == ["Priya Raman"]


def test_contact_keys_tell_phones_and_emails_from_words():
    assert contact_keys("98765 43210") == (None, "+919876543210")
    assert contact_keys("a@b.in") == ("a@b.in", None)
    assert contact_keys("python 3") == (None, None)
    assert contact_keys("12345") == (None, None)


def test_past_the_cap_the_count_reads_as_a_lower_bound(recruiter, monkeypatch):
    for index in range(5):
        searchable(full_name=f"Person {index}", cv_text="engineer")
    monkeypatch.setattr(search, "MATCH_CAP", 3)
    results = candidate_search(user=recruiter, query="engineer", per_page=2)
    assert results.capped
    assert results.total_label == "3+"
    assert len(results.hits) == 2
    monkeypatch.setattr(search, "MATCH_CAP", 10)
    exact = candidate_search(user=recruiter, query="engineer", per_page=2)
    assert (exact.capped, exact.total, exact.total_label) == (False, 5, "5")


def test_the_search_page_shows_the_bounded_count(client_for, recruiter, monkeypatch):
    from django.urls import reverse

    for index in range(3):
        searchable(full_name=f"Person {index}", cv_text="engineer")
    monkeypatch.setattr(search, "MATCH_CAP", 2)
    page = client_for(recruiter).get(reverse("pipelines:candidates"), {"q": "engineer"}).text
    assert "2+ candidates" in page


def test_a_term_most_people_match_ranks_the_newest_and_is_not_counted(recruiter, monkeypatch):
    people = [searchable(full_name=f"Person {index}", cv_text="engineer") for index in range(4)]
    searchable(full_name="Someone Else", cv_text="designer", current_role="Designer")
    star = searchable(full_name="Kavya Suresh", skills=["Engineer"], cv_text="engineer")
    # Whatever the planner's estimate says, treat the query as common.
    monkeypatch.setattr(search, "COMMON_ESTIMATE", -1)
    monkeypatch.setattr(search, "COMMON_POOL", 3)
    results = candidate_search(user=recruiter, query="engineers", per_page=2)
    assert results.capped and results.total_label == "10,000+"
    # The pool is the newest three matches; the skill (weight B) ranks first among them.
    assert [hit.candidate.pk for hit in results.hits] == [star.pk, people[3].pk]
