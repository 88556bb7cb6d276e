"""Candidate search: weighted full text, trigram names, access, snippets."""

from __future__ import annotations

import pytest

from recruiting.pipelines.search import candidate_search, name_words
from recruiting.pipelines.services import candidate_refresh_search, note_create
from tests.factories import ApplicationFactory
from tests.pipelines.factories import interview_for, posting_for, searchable

pytestmark = pytest.mark.django_db


def names(results):
    return [hit.candidate.full_name for hit in results.hits]


def test_a_word_from_the_cv_finds_the_candidate(recruiter):
    searchable(full_name="Priya Raman", cv_text="Built a payments ledger in Golang on top of Kafka streams.")
    searchable(full_name="Arjun Mehta", cv_text="Frontend work with React and TypeScript.")
    results = candidate_search(user=recruiter, query="ledger")
    assert names(results) == ["Priya Raman"]


def test_a_name_match_ranks_above_a_mention_in_a_cv(recruiter):
    searchable(full_name="Kumar Iyer", cv_text="Worked for years next to Selvan on the billing team.")
    searchable(full_name="Selvan Pillai", cv_text="Billing systems.")
    results = candidate_search(user=recruiter, query="Selvan")
    assert names(results) == ["Selvan Pillai", "Kumar Iyer"]


def test_skills_rank_above_cv_text(recruiter):
    searchable(full_name="Anu Das", cv_text="Once read about kubernetes.")
    searchable(full_name="Ravi Bose", skills=["Kubernetes", "Go"])
    assert names(candidate_search(user=recruiter, query="kubernetes")) == ["Ravi Bose", "Anu Das"]


def test_a_misspelled_name_finds_the_candidate(recruiter):
    searchable(full_name="Priya Raman")
    searchable(full_name="Zoe Fischer")
    assert names(candidate_search(user=recruiter, query="Priyaa Ramen")) == ["Priya Raman"]


def test_a_full_name_finds_that_person_not_everybody_sharing_one_of_the_names(recruiter):
    for full_name in ("John Raghavan", "Amit Raghavan", "John Mathew", "Jon Raghavan"):
        searchable(full_name=full_name)
    assert names(candidate_search(user=recruiter, query="John Raghavan")) == ["John Raghavan", "Jon Raghavan"]
    assert names(candidate_search(user=recruiter, query="Johnn Rahavan")) == ["John Raghavan"]


def test_one_name_finds_everybody_with_it_typos_included(recruiter):
    for full_name in ("Amit Raghavan", "John Raghavan", "John Mathew"):
        searchable(full_name=full_name)
    assert sorted(names(candidate_search(user=recruiter, query="Rahavan"))) == ["Amit Raghavan", "John Raghavan"]


def test_an_initial_narrows_a_name(recruiter):
    searchable(full_name="Priya Raman")
    searchable(full_name="Priya Krishnan")
    assert names(candidate_search(user=recruiter, query="priya r")) == ["Priya Raman"]


def test_name_words_leave_out_search_operators():
    assert name_words('"Priya Raman" -kafka or O\'Brien') == ["priya", "raman", "o", "brien"]
    assert name_words("priya r") == ["priya", "r"]
    # Not names: no fuzzy name matching at all.
    assert name_words("a b c d e f") == []
    assert name_words("c++") == name_words("go") == name_words("ai ml") == []


def test_a_short_skill_is_not_taken_for_a_name(recruiter):
    searchable(full_name="Gopal Mehta", cv_text="Java and Kotlin.")
    searchable(full_name="Anu Das", cv_text="Services in Go.")
    assert names(candidate_search(user=recruiter, query="go")) == ["Anu Das"]


@pytest.mark.django_db(transaction=True)
def test_the_name_threshold_does_not_outlive_the_search(recruiter):
    from django.db import connection

    searchable(full_name="Priya Raman")
    assert names(candidate_search(user=recruiter, query="Priyaa Ramen")) == ["Priya Raman"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        assert cursor.fetchone()[0] == "0.6"


def test_websearch_syntax_excludes_words(recruiter):
    searchable(full_name="One Person", cv_text="golang kafka")
    searchable(full_name="Two Person", cv_text="golang rust")
    assert names(candidate_search(user=recruiter, query="golang -kafka")) == ["Two Person"]


def test_snippets_highlight_the_matched_words_and_escape_the_cv(recruiter):
    searchable(full_name="Meera Nair", cv_text="<script>x</script> Led Kafka R&D work.")
    hit = candidate_search(user=recruiter, query="kafka").hits[0]
    assert "<mark>Kafka</mark>" in hit.snippet
    assert "<script>" not in hit.snippet
    assert "R&amp;D" in hit.snippet


def test_notes_are_searchable(recruiter):
    candidate = searchable(full_name="Leela Menon")
    note_create(candidate=candidate, author=recruiter, body="Strong on observability, loves prometheus")
    assert names(candidate_search(user=recruiter, query="prometheus")) == ["Leela Menon"]


def test_tags_are_searchable_after_tagging(recruiter):
    from recruiting.pipelines.services import candidates_tag

    candidate = searchable(full_name="Farah Khan")
    candidates_tag(candidates=[candidate], add=["immediate-joiner"], actor=recruiter)
    assert names(candidate_search(user=recruiter, query="immediate-joiner")) == ["Farah Khan"]


def test_hiring_managers_find_only_people_on_their_postings(hiring_manager, outsider_manager):
    mine = posting_for(hiring_manager)
    theirs = posting_for(outsider_manager)
    ApplicationFactory(posting=mine, candidate=searchable(full_name="Visible Golang", cv_text="golang"))
    ApplicationFactory(posting=theirs, candidate=searchable(full_name="Hidden Golang", cv_text="golang"))
    searchable(full_name="Nobody Golang", cv_text="golang")  # no application at all
    assert names(candidate_search(user=hiring_manager, query="golang")) == ["Visible Golang"]
    assert names(candidate_search(user=outsider_manager, query="golang")) == ["Hidden Golang"]


def test_interviewers_find_only_people_they_interview(interviewer, hiring_manager):
    posting = posting_for(hiring_manager)
    seen = ApplicationFactory(posting=posting, candidate=searchable(full_name="Seen Person", cv_text="golang"))
    ApplicationFactory(posting=posting, candidate=searchable(full_name="Unseen Person", cv_text="golang"))
    interview_for(seen, interviewer)
    assert names(candidate_search(user=interviewer, query="golang")) == ["Seen Person"]


def test_recruiters_find_everybody_but_merged_people(recruiter):
    target = searchable(full_name="Same Golang", cv_text="golang")
    merged = searchable(full_name="Old Golang", cv_text="golang")
    merged.merged_into = target
    merged.save(update_fields=["merged_into"])
    assert names(candidate_search(user=recruiter, query="golang")) == ["Same Golang"]


def test_results_are_paged_and_counted(recruiter):
    for index in range(7):
        searchable(full_name=f"Person {index}", cv_text="terraform")
    first = candidate_search(user=recruiter, query="terraform", per_page=5)
    second = candidate_search(user=recruiter, query="terraform", page=2, per_page=5)
    assert (first.total, len(first.hits), first.pages) == (7, 5, 2)
    assert (second.total, len(second.hits)) == (7, 2)
    assert not {h.candidate.pk for h in first.hits} & {h.candidate.pk for h in second.hits}


def test_an_empty_query_finds_nothing_without_touching_the_database(recruiter, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert candidate_search(user=recruiter, query="   ").hits == []


def test_search_runs_a_constant_number_of_queries(recruiter, django_assert_num_queries):
    for index in range(30):
        searchable(full_name=f"Dev {index}", cv_text="golang kafka")
    with django_assert_num_queries(1):  # the ranked page with the total, snippets and tags
        candidate_search(user=recruiter, query="golang", per_page=25)


def test_refreshing_the_vector_picks_up_profile_changes(recruiter):
    from recruiting.pipelines.services import candidate_update_profile

    candidate = searchable(full_name="Divya Krishnan", current_company="Acme")
    candidate_update_profile(candidate=candidate, actor=recruiter, current_company="Zentrix")
    assert names(candidate_search(user=recruiter, query="zentrix")) == ["Divya Krishnan"]
    assert candidate_refresh_search([]) == 0


def test_a_page_past_the_end_is_empty_but_keeps_the_total(recruiter):
    for index in range(3):
        searchable(full_name=f"Person {index}", cv_text="terraform")
    results = candidate_search(user=recruiter, query="terraform", page=5, per_page=2)
    assert (results.hits, results.total) == ([], 3)


def test_people_without_a_role_find_nobody(no_role_user):
    searchable(full_name="Anyone", cv_text="terraform")
    assert candidate_search(user=no_role_user, query="terraform").hits == []


def test_the_search_page_shows_hits_with_tags_and_highlighted_snippets(
    client_for, recruiter, django_assert_max_num_queries
):
    from recruiting.pipelines.services import candidates_tag

    candidate = searchable(full_name="Meera Nair", cv_text="Led Kafka R&D work.")
    candidates_tag(candidates=[candidate], add=["strong-go", "referral"], actor=recruiter)
    client = client_for(recruiter)
    with django_assert_max_num_queries(3):  # the session, the user, the search
        response = client.get("/pipelines/candidates/", {"q": "kafka"})
    page = response.content.decode()
    assert "1 candidate for" in page and "Meera Nair" in page
    assert '<span class="badge badge-info">referral</span> <span class="badge badge-info">strong-go</span>' in page
    assert "<mark>Kafka</mark> R&amp;D work" in page
