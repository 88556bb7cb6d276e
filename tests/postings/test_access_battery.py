"""The access battery for every posting-management view: anonymous visitors are sent to
sign in, interviewers and role-less users are refused, another posting's hiring manager
finds nothing, and the wrong method is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.postings.factories import ScreeningQuestionFactory

pytestmark = pytest.mark.django_db

# name, methods allowed, whether the URL names a posting (and a question)
VIEWS = [
    ("postings:list", {"GET"}, None),
    ("postings:create", {"GET", "POST"}, None),
    ("postings:from_text", {"GET", "POST"}, None),
    ("postings:validate", {"POST"}, None),
    ("postings:detail", {"GET"}, "posting"),
    ("postings:edit", {"GET", "POST"}, "posting"),
    ("postings:status", {"POST"}, "posting"),
    ("postings:progress", {"GET"}, "posting"),
    ("postings:questions", {"GET"}, "posting"),
    ("postings:question_add", {"POST"}, "posting"),
    ("postings:question_library", {"POST"}, "posting"),
    ("postings:question_edit", {"GET", "POST"}, "question"),
    ("postings:question_delete", {"POST"}, "question"),
    ("postings:question_move", {"POST"}, "question"),
]
OBJECT_VIEWS = [view for view in VIEWS if view[2]]
QUESTION_VIEWS = [view for view in VIEWS if view[2] == "question"]


@pytest.fixture
def question(posting):
    return ScreeningQuestionFactory(posting=posting)


def _url(name: str, kind: str | None, posting, question) -> str:
    if kind == "posting":
        return reverse(name, args=[posting.public_id])
    if kind == "question":
        return reverse(name, args=[posting.public_id, question.public_id])
    return reverse(name)


def _call(client, method: str, url: str, **extra):
    return client.get(url, **extra) if method == "GET" else client.post(url, {}, **extra)


@pytest.mark.parametrize(("name", "methods", "kind"), VIEWS)
def test_anonymous_visitors_are_sent_to_sign_in(client, posting, question, name, methods, kind):
    url = _url(name, kind, posting, question)
    response = _call(client, sorted(methods)[0], url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("name", "methods", "kind"), VIEWS)
def test_the_wrong_method_is_refused(client_for, recruiter, posting, question, name, methods, kind):
    url = _url(name, kind, posting, question)
    client = client_for(recruiter)
    wrong = "PUT" if methods == {"GET", "POST"} else ("POST" if methods == {"GET"} else "GET")
    response = client.generic(wrong, url) if wrong == "PUT" else _call(client, wrong, url)
    assert response.status_code == 405


@pytest.mark.parametrize(("name", "methods", "kind"), VIEWS)
@pytest.mark.parametrize("who", ["interviewer", "no_role_user"])
def test_interviewers_and_role_less_users_are_refused(request, client_for, posting, question, name, methods, kind, who):
    user = request.getfixturevalue(who)
    url = _url(name, kind, posting, question)
    response = _call(client_for(user), sorted(methods)[0], url)
    # A user without a role is held on the waiting page by middleware (a redirect).
    assert response.status_code in ((403,) if who == "interviewer" else (302, 403))
    if response.status_code == 302:
        assert "/waiting/" in response["Location"]


@pytest.mark.parametrize(("name", "methods", "kind"), OBJECT_VIEWS)
def test_another_postings_hiring_manager_finds_nothing(
    client_for, outsider_manager, posting, question, name, methods, kind
):
    url = _url(name, kind, posting, question)
    response = _call(client_for(outsider_manager), sorted(methods)[0], url, HTTP_HX_REQUEST="true")
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "methods", "kind"), QUESTION_VIEWS)
def test_another_postings_question_id_is_not_found(client_for, hiring_manager, posting, name, methods, kind):
    """A question id from someone else's posting, under our posting's URL, finds nothing."""
    foreign = ScreeningQuestionFactory()
    url = reverse(name, args=[posting.public_id, foreign.public_id])
    assert _call(client_for(hiring_manager), sorted(methods)[0], url).status_code == 404


@pytest.mark.parametrize(("name", "methods", "kind"), OBJECT_VIEWS)
def test_a_posting_shared_with_a_manager_is_reachable(
    client_for, outsider_manager, posting, question, name, methods, kind
):
    posting.shared_with.add(outsider_manager)
    url = _url(name, kind, posting, question)
    response = _call(client_for(outsider_manager), sorted(methods)[0], url, HTTP_HX_REQUEST="true")
    assert response.status_code in (200, 302)
