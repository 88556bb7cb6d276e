"""Browser tests: Playwright drives Debian's chromium against Django's live server."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _browser_defaults(settings):
    # The live server speaks plain http; secure cookies would never be sent back.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def sign_in_as(live_server, context):
    """`sign_in_as(user)` puts a real session cookie for `user` into the browser, for
    journeys that are not about signing in (those go through the sign-in page)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    def sign_in(user):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        context.add_cookies(
            [{"name": django_settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
        )
        return context

    return sign_in


@pytest.fixture
def page(page):
    page.set_default_timeout(10_000)
    return page
