from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_sign_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_readyz_reports_an_unreachable_broker(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "broker" in response.json()["problems"]


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


def test_dashboard_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("cast", "visible", "hidden"),
    [
        ("admin_user", ["Postings", "Candidates", "Interviews", "Admin"], []),
        ("recruiter", ["Postings", "Candidates", "Interviews"], ["Admin"]),
        ("hiring_manager", ["Postings", "Candidates", "Interviews"], ["Admin"]),
        ("interviewer", ["Interviews"], ["Postings", "Candidates", "Admin"]),
    ],
)
def test_each_role_sees_its_own_navigation(request, client_for, cast, visible, hidden):
    user = request.getfixturevalue(cast)
    html = client_for(user).get(reverse("dashboard")).content.decode()
    nav = html[html.index('aria-label="Main"') : html.index("</ul>", html.index('aria-label="Main"'))]
    for label in visible:
        assert f">{label}</a>" in nav
    for label in hidden:
        assert f">{label}</a>" not in nav


def test_a_user_without_a_role_sees_only_the_waiting_page(client_for, no_role_user):
    client = client_for(no_role_user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert b"Waiting for access" in response.content
    assert b"Dashboard" not in response.content
    other = client.get("/admin/")
    assert other.status_code == 403
    assert b"Waiting for access" in other.content


def test_error_pages_use_the_portal_look(client_for, recruiter):
    response = client_for(recruiter).get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Recruiting portal" in response.content


def test_pages_carry_a_strict_content_security_policy(client_for, recruiter):
    response = client_for(recruiter).get(reverse("dashboard"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_responses_carry_a_request_id(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"
    generated = client.get("/healthz", HTTP_X_REQUEST_ID="bad id with spaces")
    assert generated["X-Request-ID"] != "bad id with spaces"


def test_metrics_need_the_token(client, settings):
    settings.METRICS_TOKEN = "s3cret"
    assert client.get("/metrics").status_code == 401
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret")
    assert response.status_code == 200
    assert b"recruiting_http_requests_total" in response.content


def test_metrics_are_off_without_a_token(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404


def test_the_favicon_is_found_without_signing_in(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
