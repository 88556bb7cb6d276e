"""The public careers pages: the list of open postings and a posting's own page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recruiting.postings.models import ConsentText, PostingSkill
from tests.careers.apply_factories import (  # noqa: F401 - _fast_password_hashing is an autouse fixture
    _fast_password_hashing,
    add_question,
    posting_with_questions,
)
from tests.factories import PostingFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/careers/"


def posting_url(posting) -> str:
    return reverse("careers:posting", args=[posting.public_id])


# --- List ----------------------------------------------------------------------------------


def test_the_list_shows_open_postings_only_to_anonymous_visitors(client):
    open_one = PostingFactory(title="Lead Backend Engineer")
    PostingFactory(title="Hidden draft", status="draft")
    PostingFactory(title="Paused role", status="paused")
    PostingFactory(title="Closed role", status="closed")
    response = client.get(LIST_URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lead Backend Engineer" in body
    assert posting_url(open_one) in body
    for hidden in ("Hidden draft", "Paused role", "Closed role"):
        assert hidden not in body


def test_the_list_shows_the_band_as_the_posting_publishes_it(client):
    PostingFactory(title="Technical Lead", pay_min=None, pay_max="1400000")
    PostingFactory(title="Lead Backend Engineer")
    body = client.get(LIST_URL).content.decode()
    assert "up to ₹14 L per year" in body
    assert "₹18.5 L – ₹35.5 L per year" in body


def test_the_list_filters_by_location_and_team(client):
    PostingFactory(title="Chennai platform role", location="Chennai", team="Platform")
    PostingFactory(title="Bengaluru payments role", location="Bengaluru", team="Payments")
    PostingFactory(title="Chennai payments role", location="Chennai", team="Payments")
    body = client.get(LIST_URL, {"location": "Chennai", "team": "Payments"}).content.decode()
    assert "Chennai payments role" in body
    assert "Chennai platform role" not in body
    assert "Bengaluru payments role" not in body
    assert '<option value="Bengaluru">' in body  # every location stays choosable


def test_an_empty_filter_result_says_so(client):
    PostingFactory(location="Chennai")
    body = client.get(LIST_URL, {"location": "Pune"}).content.decode()
    assert "No open positions match this filter" in body


def test_the_list_answers_htmx_with_the_results_fragment(client):
    PostingFactory(title="Lead Backend Engineer", location="Chennai")
    response = client.get(LIST_URL, {"location": "Chennai"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body
    assert "Lead Backend Engineer" in body
    assert "HX-Request" in response["Vary"]


def test_the_full_list_page_has_the_filter_form(client):
    body = client.get(LIST_URL).content.decode()
    assert "<html" in body
    assert 'role="search"' in body


@pytest.mark.parametrize("count", [2, 15])
def test_the_list_uses_the_same_queries_for_few_and_many_postings(client, django_assert_num_queries, count):
    PostingFactory.create_batch(count)
    with django_assert_num_queries(2):
        client.get(LIST_URL)


def test_the_list_accepts_only_get(client):
    assert client.post(LIST_URL).status_code == 405


def test_signed_in_people_without_a_role_see_the_careers_page_too(client_for, no_role_user):
    PostingFactory(title="Lead Backend Engineer")
    response = client_for(no_role_user).get(LIST_URL)
    assert response.status_code == 200
    assert b"Lead Backend Engineer" in response.content


# --- A posting's page ------------------------------------------------------------------------


def test_the_posting_page_shows_the_posting_and_its_apply_form(client):
    posting = posting_with_questions(
        title="Lead Backend Engineer",
        description="## What you will do\n\nDesign **Go** services.\n\n- Own PostgreSQL schemas\n- Run Kafka",
        education="B.E. / B.Tech in any branch",
        evaluation_focus=["system design clarity", "database design"],
    )
    PostingSkill.objects.create(posting=posting, name="Golang", required=True, min_years=4, order=0)
    PostingSkill.objects.create(posting=posting, name="Kubernetes", required=False, order=1)
    response = client.get(posting_url(posting))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lead Backend Engineer" in body
    assert "₹18,51,368.30 – ₹35,50,754.94 per year" in body
    assert "3–6 years" in body
    assert "<h2>What you will do</h2>" in body
    assert "<strong>Go</strong>" in body
    assert "Golang · 4+ years" in body
    assert "Kubernetes" in body
    assert "system design clarity, database design" in body
    assert "We interview on weekdays" in body
    assert 'action="' + reverse("careers:apply", args=[posting.public_id]) + '"' in body
    assert 'enctype="multipart/form-data"' in body


def test_the_description_is_sanitised(client):
    posting = PostingFactory(
        description='Hello <script>alert(1)</script> <a href="javascript:alert(2)">x</a> '
        '<img src=x onerror="alert(3)"> [ok](https://example.com)'
    )
    body = client.get(posting_url(posting)).content.decode()
    assert "<script>alert(1)" not in body
    assert "javascript:" not in body
    assert "onerror" not in body
    assert 'href="https://example.com"' in body


def test_each_question_kind_gets_its_own_input(client):
    posting = posting_with_questions()
    add_question(posting, text="Preferred work mode", kind="choice", choices=["Office", "Hybrid"])
    add_question(posting, text="Databases you used", kind="multi_choice", choices=["PostgreSQL", "MySQL"])
    add_question(posting, text="Earliest joining date", kind="date", required=False)
    add_question(posting, text="Anything else?", kind="text", required=False)
    add_question(posting, text="Team size you led", kind="number")
    body = client.get(posting_url(posting)).content.decode()
    assert 'type="radio" name="q_' in body
    assert 'type="checkbox" name="q_' in body
    assert 'type="date"' in body
    assert "<textarea" in body
    assert 'type="number"' in body
    assert "INR" in body  # money shows its currency
    assert "days" in body and "years" in body
    assert "(optional)" in body


def test_the_consent_text_is_the_latest_version(client):
    ConsentText.objects.create(version=1, text="Old wording.")
    ConsentText.objects.create(version=2, text="We keep your CV to consider you for roles like this one.")
    body = client.get(posting_url(PostingFactory())).content.decode()
    assert "We keep your CV to consider you for roles like this one." in body
    assert 'name="consent_version" value="2"' in body


def test_a_consent_text_is_created_when_none_exists(client):
    client.get(posting_url(PostingFactory()))
    assert ConsentText.objects.get().version == 1


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_draft_and_closed_postings_are_not_found(client, status):
    assert client.get(posting_url(PostingFactory(status=status))).status_code == 404


def test_a_paused_posting_says_it_is_not_accepting_applications(client):
    response = client.get(posting_url(PostingFactory(status="paused")))
    assert response.status_code == 200
    assert b"not accepting applications" in response.content
    assert b'data-testid="apply-form"' not in response.content


def test_an_unknown_posting_is_not_found(client):
    assert client.get("/careers/7c9e6679-7425-40de-944b-e07fc1f90ae7/").status_code == 404


def test_the_posting_page_accepts_only_get(client):
    assert client.post(posting_url(PostingFactory())).status_code == 405


def test_the_thank_you_page_accepts_only_get(client):
    posting = PostingFactory()
    assert client.post(reverse("careers:applied", args=[posting.public_id])).status_code == 405


@pytest.mark.parametrize("questions", [1, 8])
def test_the_posting_page_uses_the_same_queries_for_few_and_many_questions(
    client, django_assert_num_queries, questions
):
    posting = PostingFactory()
    ConsentText.objects.create(version=1, text="Consent.")
    for index in range(questions):
        add_question(posting, text=f"Question {index}", kind="number")
    PostingSkill.objects.create(posting=posting, name="Go", order=0)
    with django_assert_num_queries(4):
        client.get(posting_url(posting))


def test_the_posting_page_is_not_cached(client):
    response = client.get(posting_url(PostingFactory()))
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
