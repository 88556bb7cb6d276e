"""Postings, candidates, notes and interviews through the API, with the pages' rules."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recruiting.pipelines.models import Note
from recruiting.postings.models import Posting
from tests.factories import ApplicationFactory, PostingFactory
from tests.interviews.factories import book, make_interviewer, make_round

pytestmark = pytest.mark.django_db


def test_pay_figures_need_the_offers_scope(api, make_token, recruiter):
    posting = PostingFactory()
    url = reverse("api:posting", args=[posting.public_id])
    without = api(make_token(recruiter, scopes=["postings:read"])).get(url).json()
    assert without["pay"] is None and "3550754" not in str(without)
    with_scope = api(make_token(recruiter, scopes=["postings:read", "offers:read"])).get(url).json()
    assert with_scope["pay"]["max"] == "3550754.94"
    assert [stage["name"] for stage in with_scope["stages"]][:2] == ["Applied", "Screen"]


def test_a_hiring_manager_sees_pay_only_on_their_postings(api, make_token, hiring_manager, outsider_manager):
    theirs = PostingFactory(hiring_manager=hiring_manager)
    PostingFactory(hiring_manager=outsider_manager)
    items = api(make_token(hiring_manager)).get(reverse("api:postings")).json()["items"]
    assert [item["id"] for item in items] == [str(theirs.public_id)]
    assert items[0]["pay"] is not None


def test_publish_and_close_follow_the_workflow(api, make_token, hiring_manager):
    posting = PostingFactory(hiring_manager=hiring_manager, status="draft", opened_at=None)
    client = api(make_token(hiring_manager))
    url = reverse("api:posting_status", args=[posting.public_id])
    assert client.post(url, {"status": "paused"}).status_code == 409  # a draft cannot be paused
    published = client.post(url, {"status": "open"})
    assert published.status_code == 200 and published.json()["careers_url"]
    assert client.post(url, {"status": "closed"}).json()["status"] == "closed"
    assert Posting.objects.get(pk=posting.pk).closed_at is not None
    assert client.post(url, {"status": "sideways"}).status_code == 422


def test_postings_write_needs_its_scope_and_a_manager(api, make_token, hiring_manager, interviewer):
    posting = PostingFactory(hiring_manager=hiring_manager)
    url = reverse("api:posting_status", args=[posting.public_id])
    assert api(make_token(hiring_manager, scopes=["postings:read"])).post(url, {"status": "closed"}).status_code == 403
    assert api(make_token(interviewer)).post(url, {"status": "closed"}).status_code == 403


def test_a_candidate_with_notes_and_a_note_added(api, make_token, hiring_manager):
    application = ApplicationFactory(posting=PostingFactory(hiring_manager=hiring_manager))
    client = api(make_token(hiring_manager))
    candidate_url = reverse("api:candidate", args=[application.candidate.public_id])
    body = client.get(candidate_url).json()
    assert body["email"] == application.candidate.email
    assert body["applications"][0]["id"] == str(application.public_id)
    notes_url = reverse("api:candidate_note_add", args=[application.candidate.public_id])
    added = client.post(notes_url, {"body": "Strong on PostgreSQL"})
    assert added.status_code == 201
    assert Note.objects.get().author == hiring_manager
    assert [n["body"] for n in client.get(notes_url).json()] == ["Strong on PostgreSQL"]
    assert client.post(notes_url, {"body": ""}).status_code == 422


def test_interviewers_get_the_reduced_candidate_and_no_notes(api, make_token, recruiter, hiring_manager):
    application = ApplicationFactory(posting=PostingFactory(hiring_manager=hiring_manager))
    panelist = make_interviewer(email="pia@example.com", full_name="Pia Panelist")
    interview_round = make_round(application.posting, pool=[panelist], actor=recruiter)
    interview = book(application, interview_round, [panelist], actor=recruiter)
    client = api(make_token(panelist))
    body = client.get(reverse("api:candidate", args=[application.candidate.public_id])).json()
    assert body["email"] == "" and body["phone"] == "" and body["tags"] == []
    notes = client.get(reverse("api:candidate_notes", args=[application.candidate.public_id]))
    assert notes.status_code == 403
    items = client.get(reverse("api:interviews")).json()["items"]
    assert [item["id"] for item in items] == [str(interview.public_id)]
    assert items[0]["panel"][0]["email"] == "pia@example.com"


def test_interviews_of_other_postings_are_not_found(api, make_token, recruiter, hiring_manager, outsider_manager):
    application = ApplicationFactory(posting=PostingFactory(hiring_manager=hiring_manager))
    panelist = make_interviewer(email="pia@example.com", full_name="Pia Panelist")
    interview = book(
        application, make_round(application.posting, pool=[panelist], actor=recruiter), [panelist], actor=recruiter
    )
    outsider = api(make_token(outsider_manager))
    assert outsider.get(reverse("api:interview", args=[interview.public_id])).status_code == 404
    assert outsider.get(reverse("api:interviews")).json()["items"] == []
    owner = api(make_token(hiring_manager))
    assert owner.get(reverse("api:interview", args=[interview.public_id])).json()["status"] == "scheduled"


@pytest.mark.parametrize("count", [1, 12])
def test_interview_and_posting_lists_cost_the_same_for_few_and_many(
    api, make_token, recruiter, count, django_assert_num_queries
):
    panelist = make_interviewer(email="pia@example.com", full_name="Pia Panelist")
    for _ in range(count):
        application = ApplicationFactory()
        interview_round = make_round(application.posting, pool=[panelist], actor=recruiter)
        book(application, interview_round, [panelist], actor=recruiter)
    client = api(make_token(recruiter))
    client.get(reverse("api:rejection_reasons"))  # last_used_at is written at most once a minute
    # token with its account, the token's postings, the page, the panels with their people
    with django_assert_num_queries(4):
        assert len(client.get(reverse("api:interviews")).json()["items"]) == count
    # token with its account, the token's postings, the page (owners joined)
    with django_assert_num_queries(3):
        assert len(client.get(reverse("api:postings")).json()["items"]) == count
