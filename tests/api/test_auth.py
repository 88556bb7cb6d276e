"""Who may call the API: tokens (hashed, scoped, expiring, revocable, limited to some
postings), sessions with a role, the rate limit, and errors as problem+json."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recruiting.api.models import ApiToken
from recruiting.api.tokens import token_revoke
from tests.factories import ApplicationFactory, PostingFactory

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def test_a_token_is_stored_only_as_a_digest(make_token, recruiter):
    text = make_token(recruiter)
    token = ApiToken.objects.get()
    assert text.startswith(f"rp_{token.prefix}_")
    secret = text.rsplit("_", 1)[1]
    assert secret not in token.digest and text not in str(token.__dict__)


def test_a_token_reads_what_its_account_sees_and_records_its_last_use(api, make_token, recruiter):
    ApplicationFactory()
    response = api(make_token(recruiter)).get(reverse("api:applications"))
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("header", ["", "Bearer rp_nothing_here", "Bearer nonsense", "Basic dXNlcjpwYXNz"])
def test_without_a_valid_token_it_is_a_401_problem(client, header, db):
    headers = {"Authorization": header} if header else {}
    response = client.get(reverse("api:applications"), headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401 and body["title"] == "Not authenticated" and body["type"].startswith("urn:")


def test_a_revoked_token_stops_at_once(api, make_token, recruiter, admin_user):
    text = make_token(recruiter)
    client = api(text)
    assert client.get(reverse("api:postings")).status_code == 200
    token_revoke(token=ApiToken.objects.get(), actor=admin_user)
    assert client.get(reverse("api:postings")).status_code == 401


def test_an_expired_token_is_refused(api, make_token, recruiter):
    text = make_token(recruiter, expires_at=timezone.now() + timedelta(minutes=5))
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api(text).get(reverse("api:postings")).status_code == 401


def test_a_token_of_a_deactivated_account_is_refused(api, make_token, recruiter):
    text = make_token(recruiter)
    recruiter.is_active = False
    recruiter.save(update_fields=["is_active"])
    assert api(text).get(reverse("api:postings")).status_code == 401


def test_a_token_without_the_scope_gets_a_403_naming_it(api, make_token, recruiter):
    response = api(make_token(recruiter, scopes=["postings:read"])).get(reverse("api:applications"))
    assert response.status_code == 403
    assert "applications:read" in response.json()["detail"]


def test_a_token_limited_to_postings_sees_only_those(api, make_token, recruiter):
    mine, other = PostingFactory(), PostingFactory()
    ApplicationFactory(posting=mine)
    hidden = ApplicationFactory(posting=other)
    client = api(make_token(recruiter, postings=[mine]))
    items = client.get(reverse("api:applications")).json()["items"]
    assert [item["posting"]["id"] for item in items] == [str(mine.public_id)]
    assert client.get(reverse("api:application", args=[hidden.public_id])).status_code == 404
    assert [p["id"] for p in client.get(reverse("api:postings")).json()["items"]] == [str(mine.public_id)]


def test_a_token_acts_with_its_account_s_role(api, make_token, hiring_manager, outsider_manager):
    posting = PostingFactory(hiring_manager=hiring_manager)
    application = ApplicationFactory(posting=posting)
    assert (
        api(make_token(hiring_manager)).get(reverse("api:application", args=[application.public_id])).status_code == 200
    )
    outsider = api(make_token(outsider_manager))
    assert outsider.get(reverse("api:application", args=[application.public_id])).status_code == 404
    assert outsider.get(reverse("api:applications")).json()["items"] == []


def test_a_signed_in_session_calls_the_api_with_its_role(client_for, interviewer, recruiter):
    ApplicationFactory()
    assert client_for(interviewer).get(reverse("api:applications")).json()["items"] == []
    assert len(client_for(recruiter).get(reverse("api:applications")).json()["items"]) == 1


def test_a_session_without_a_role_gets_nothing(client_for, no_role_user):
    ApplicationFactory()
    response = client_for(no_role_user).get(reverse("api:applications"))
    assert response.status_code == 403  # the waiting-for-access page, as everywhere
    assert b"items" not in response.content


def test_a_session_write_needs_the_csrf_token(client, recruiter):
    from django.test import Client

    posting = PostingFactory(status="draft")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(recruiter, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("api:posting_status", args=[posting.public_id])
    response = strict.post(url, {"status": "open"}, content_type="application/json")
    assert response.status_code == 403 and response.json()["type"] == "urn:recruiting:problem:csrf"
    strict.get(reverse("api:postings"))  # any page hands out the cookie with a form; ask for one
    token = strict.get(reverse("dashboard")).cookies.get("csrftoken") or strict.cookies.get("csrftoken")
    assert token is not None
    response = strict.post(
        url, {"status": "open"}, content_type="application/json", headers={"X-CSRFToken": token.value}
    )
    assert response.status_code == 200 and response.json()["status"] == "open"


def test_the_rate_limit_answers_429_with_retry_after(api, make_token, recruiter, settings):
    settings.API_RATE_LIMIT = 3
    client = api(make_token(recruiter))
    codes = [client.get(reverse("api:postings")).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get(reverse("api:postings"))
    assert response["Content-Type"] == PROBLEM
    assert 1 <= int(response["Retry-After"]) <= settings.API_RATE_WINDOW_SECONDS
    # Per token: another token of the same account has its own budget.
    assert api(make_token(recruiter)).get(reverse("api:postings")).status_code == 200


def test_the_rate_limit_counts_in_redis(api, make_token, recruiter, settings):
    import os

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0"),
            "KEY_PREFIX": f"api-test-{os.getpid()}",
        }
    }
    from django.core.cache import cache

    cache.clear()
    settings.API_RATE_LIMIT = 2
    client = api(make_token(recruiter))
    assert [client.get(reverse("api:postings")).status_code for _ in range(3)] == [200, 200, 429]
    cache.clear()


def test_unknown_api_paths_are_problem_404s(client, db):
    response = client.get("/api/v2/whatever")
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM


def test_bad_query_input_is_a_422_with_field_errors(api, make_token, recruiter):
    response = api(make_token(recruiter)).get(reverse("api:applications"), {"limit": "lots", "state": "asleep"})
    assert response.status_code == 422 and response["Content-Type"] == PROBLEM
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"limit", "state"} <= fields


def test_unstorable_input_is_a_400_problem(api, make_token, recruiter):
    response = api(make_token(recruiter)).get(reverse("api:applications"), {"cursor": "a\x00b"})
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM


def test_a_forged_cursor_is_a_400_problem(api, make_token, recruiter):
    response = api(make_token(recruiter)).get(reverse("api:applications"), {"cursor": "bm90IGEgY3Vyc29y"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "cursor"
