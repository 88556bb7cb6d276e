"""@mentions in notes: who may be offered while typing (pipelines:candidate_mentions), the
token a pick inserts, and the one rule (`candidate_viewers`) both the list and the
"not told" warning follow."""

from __future__ import annotations

import pytest
from django.http import Http404

from recruiting.notifications.models import Notification
from recruiting.pipelines.access_candidates import can_see_candidate, candidate_viewers, get_candidate_for_user
from recruiting.pipelines.models import Note
from recruiting.pipelines.services import MENTION_SUGGESTIONS, mention_token, note_create, note_mentions
from tests.factories import ApplicationFactory, CandidateFactory, UserFactory
from tests.pipelines.factories import interview_for, posting_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(hiring_manager):
    posting = posting_for(hiring_manager, title="Lead Backend Engineer")
    return ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Priya Raman"))


def url(application):
    return f"/pipelines/candidates/{application.candidate.public_id}/mentions/"


def offered(client, application, q=""):
    response = client.get(url(application), {"q": q}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200, response.content
    return response


def emails(response) -> list[str]:
    return [person.email for person, _ in response.context["options"]]


# --- who is offered --------------------------------------------------------------------
def test_it_offers_the_colleagues_who_may_see_the_candidate_and_nobody_else(
    client_for, recruiter, hiring_manager, admin_user, outsider_manager, interviewer, no_role_user, application
):
    interview_for(application, interviewer)
    UserFactory(email="ian.other@example.com", full_name="Ian Otherpanel", role="interviewer")  # no seat
    UserFactory(email="gone.recruiter@example.com", full_name="Gone Recruiter", role="recruiter", is_active=False)
    shared = UserFactory(email="sam.shared@example.com", full_name="Sam Shared", role="hiring_manager")
    application.posting.shared_with.add(shared)
    response = offered(client_for(recruiter), application)
    # By name; the asker (Rita) is left out.
    assert emails(response) == [
        "ada.admin@example.com",
        "hari.manager@example.com",
        "ivan.interviewer@example.com",
        "sam.shared@example.com",
    ]
    body = response.content.decode()
    assert 'role="option"' in body and 'id="mention-option-0"' in body
    for hidden in ("olga.outsider", "nora.norole", "ian.other", "gone.recruiter", "rita.recruiter"):
        assert hidden not in body


def test_a_cancelled_seat_is_no_longer_offered(client_for, recruiter, interviewer, application):
    interview = interview_for(application, interviewer)
    assert "ivan.interviewer@example.com" in emails(offered(client_for(recruiter), application, "Ivan"))
    interview.panel.update(active=False)
    assert emails(offered(client_for(recruiter), application, "Ivan")) == []


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("hari", ["hari.manager@example.com"]),  # name prefix
        ("MANAGER", ["hari.manager@example.com"]),  # a word of the name, any case
        ("ada.ad", ["ada.admin@example.com"]),  # e-mail prefix
        ('"Ada', ["ada.admin@example.com"]),  # the quote of @"Full Name" is not part of the name
        ("ager", []),  # not a prefix of anything
        ("olga", []),  # matches, but may not see the candidate
    ],
)
def test_it_matches_a_name_a_word_of_it_or_an_email_by_prefix(
    client_for, recruiter, admin_user, outsider_manager, application, q, expected
):
    assert emails(offered(client_for(recruiter), application, q)) == expected


def test_it_offers_at_most_eight_people(client_for, hiring_manager, application):
    for n in range(MENTION_SUGGESTIONS + 3):
        UserFactory(email=f"rec{n:02}@example.com", full_name=f"Recruiter {n:02}", role="recruiter")
    assert len(emails(offered(client_for(hiring_manager), application, "rec"))) == MENTION_SUGGESTIONS == 8


def test_the_list_costs_the_same_queries_for_few_and_many_colleagues(
    client_for, recruiter, interviewer, application, django_assert_num_queries
):
    client = client_for(recruiter)
    client.get(url(application), {"q": ""})  # warm the session
    # session, user, candidate, the suggestions (one query, viewers as subqueries)
    with django_assert_num_queries(4):
        offered(client, application)
    for n in range(20):
        ApplicationFactory(posting=application.posting)
        application.posting.shared_with.add(UserFactory(email=f"hm{n}@example.com", role="hiring_manager"))
        UserFactory(email=f"r{n}@example.com", full_name=f"Reva {n}", role="recruiter")
    interview_for(application, interviewer)
    with django_assert_num_queries(4):
        assert len(emails(offered(client, application))) == MENTION_SUGGESTIONS


# --- who may ask -------------------------------------------------------------------------
def test_people_who_cannot_see_the_candidate_get_404(client_for, outsider_manager, application):
    assert client_for(outsider_manager).get(url(application), {"q": ""}).status_code == 404


def test_interviewers_who_cannot_write_notes_cannot_list_colleagues(client_for, interviewer, application):
    interview_for(application, interviewer)
    assert client_for(interviewer).get(url(application), {"q": ""}).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, application):
    response = client.get(url(application), {"q": ""})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_answers_get_only(client_for, recruiter, application):
    assert client_for(recruiter).post(url(application), {"q": ""}).status_code == 405


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({}, "?q="),
        ({"q": "x" * 61}, "at most 60"),
        ({"q": "line\nbreak"}, "one line"),
    ],
)
def test_bad_input_is_a_400_with_a_reason(client_for, recruiter, application, params, reason):
    response = client_for(recruiter).get(url(application), params)
    assert response.status_code == 400 and reason in response.content.decode()


# --- the token a pick inserts, and the one rule ----------------------------------------------
def test_the_inserted_token_names_exactly_that_person(db):
    plain = UserFactory(email="anita.rao@example.com", full_name="Anita Rao", role="recruiter")
    UserFactory(email="anita.rao2@example.com", full_name="Anita Rao", role="recruiter")  # same name
    odd = UserFactory(email="zoë@example.com", full_name="Zoë Ünal", role="recruiter")  # not an @e-mail token
    assert mention_token(plain) == "@anita.rao@example.com"
    assert mention_token(odd) == '@"Zoë Ünal"'
    assert note_mentions(f"Hi {mention_token(plain)} please look") == [plain]
    assert note_mentions(f"Hi {mention_token(odd)} please look") == [odd]


def test_a_picked_mention_is_told_and_an_outsider_typed_by_hand_is_not(
    client_for, recruiter, hiring_manager, outsider_manager, application
):
    token = dict((p.email, t) for p, t in offered(client_for(recruiter), application, "hari").context["options"])
    body = f"{token['hari.manager@example.com']} and @{outsider_manager.email}, please call her"
    response = client_for(recruiter).post(
        f"/pipelines/candidates/{application.candidate.public_id}/notes/", {"body": body}
    )
    assert response.status_code == 302
    note = Note.objects.get(body=body)
    assert list(note.mentions.all()) == [hiring_manager]
    assert list(Notification.objects.filter(kind="mention").values_list("to", flat=True)) == [[hiring_manager.email]]


def test_the_viewers_agree_with_the_candidate_page_for_the_whole_cast(
    recruiter, hiring_manager, admin_user, outsider_manager, interviewer, no_role_user, application
):
    """`candidate_viewers` is `Application.objects.visible_to` read from the other side:
    whoever it names opens the page, whoever it leaves out gets 404."""
    shared_posting = posting_for(outsider_manager)
    shared_app = ApplicationFactory(posting=shared_posting)
    shared_posting.shared_with.add(hiring_manager)
    seated = ApplicationFactory(posting=shared_posting)
    interview_for(seated, interviewer)
    cancelled = ApplicationFactory(posting=shared_posting)
    interview_for(cancelled, interviewer, days=5).panel.update(active=False)
    superuser = UserFactory(email="root@example.com", role="", is_superuser=True)
    no_apps = CandidateFactory()
    cast = [recruiter, hiring_manager, admin_user, outsider_manager, interviewer, no_role_user, superuser]
    for candidate in [application.candidate, shared_app.candidate, seated.candidate, cancelled.candidate, no_apps]:
        viewers = set(candidate_viewers(candidate))
        for user in cast:
            try:
                get_candidate_for_user(user, candidate.public_id)
                opens = True
            except Http404:
                opens = False
            assert (user in viewers) == opens == can_see_candidate(user, candidate), (user, candidate)


def test_note_create_tells_by_the_same_rule(recruiter, hiring_manager, outsider_manager, admin_user, application):
    body = f"@{hiring_manager.email} @{outsider_manager.email} @{admin_user.email}"
    note = note_create(candidate=application.candidate, author=recruiter, body=body)
    assert {u.email for u in note.mentions.all()} == {hiring_manager.email, admin_user.email}
    assert note.not_told == [outsider_manager]
