"""Single sign-on, end to end: a real OpenID Connect provider (oidc-provider-mock) runs
on 127.0.0.1, the browser goes through its authorisation page, allauth verifies the ID
token and the user lands in the portal. Nothing in allauth is patched."""

from __future__ import annotations

import re

import pytest
from oidc_provider_mock import User as OidcUser
from oidc_provider_mock import run_server_in_thread
from playwright.sync_api import expect

from recruiting.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = [
    OidcUser(
        sub="kavya",
        claims={"email": "kavya.iyer@example.com", "email_verified": True, "name": "Kavya Iyer"},
    ),
    OidcUser(
        sub="mallory",
        claims={"email": "mallory@elsewhere.test", "email_verified": True, "name": "Mallory Outside"},
    ),
]


@pytest.fixture(scope="module")
def oidc_provider():
    with run_server_in_thread(user_claims=PEOPLE) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(autouse=True)
def _sso_settings(settings, oidc_provider):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "company",
                    "name": "Company SSO",
                    "client_id": "recruiting-portal",
                    "secret": "test-secret",
                    "settings": {"server_url": oidc_provider},
                }
            ],
        }
    }
    # The sign-in form is redirected to the provider: CSP form-action must allow it.
    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": ["'self'", oidc_provider]}
    settings.ALLOWED_EMAIL_DOMAINS = ["example.com"]
    settings.LOCAL_LOGIN_ENABLED = False


def _sign_in_through_provider(page, live_server, subject: str) -> None:
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_test_id("password-login")).to_have_count(0)  # password login is off
    page.get_by_role("button", name="Sign in with Company SSO").click()
    # Now on the identity provider's own page.
    page.get_by_role("button", name=f"Authorize as {subject}").click()


def test_first_sso_sign_in_creates_the_user_with_the_default_role(live_server, page, settings):
    settings.SSO_DEFAULT_ROLE = "interviewer"
    _sign_in_through_provider(page, live_server, "kavya")
    expect(page.get_by_test_id("role")).to_have_text("Interviewer dashboard")
    expect(page.get_by_role("navigation").get_by_role("link", name="Interviews", exact=True)).to_be_visible()
    user = User.objects.get(email="kavya.iyer@example.com")
    assert user.role == "interviewer"
    assert user.full_name == "Kavya Iyer"
    assert not user.has_usable_password()


def test_without_a_default_role_the_new_user_waits_for_access(live_server, page, settings):
    settings.SSO_DEFAULT_ROLE = ""
    _sign_in_through_provider(page, live_server, "kavya")
    expect(page.get_by_test_id("waiting")).to_be_visible()
    assert User.objects.get(email="kavya.iyer@example.com").role == ""


def test_an_existing_user_signs_in_through_sso_and_keeps_their_role(live_server, page, settings):
    settings.SSO_DEFAULT_ROLE = ""
    User.objects.create_user(email="kavya.iyer@example.com", full_name="Kavya Iyer", role="hiring_manager")
    _sign_in_through_provider(page, live_server, "kavya")
    expect(page.get_by_test_id("role")).to_have_text("Hiring manager dashboard")
    assert User.objects.filter(email="kavya.iyer@example.com").count() == 1


def test_a_user_from_a_disallowed_domain_is_refused_with_a_clear_message(live_server, page, settings):
    settings.SSO_DEFAULT_ROLE = "recruiter"
    _sign_in_through_provider(page, live_server, "mallory")
    refused = page.get_by_test_id("refused")
    expect(refused).to_be_visible()
    expect(refused).to_contain_text("mallory@elsewhere.test")
    expect(refused).to_contain_text("example.com")
    assert not User.objects.filter(email="mallory@elsewhere.test").exists()
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
