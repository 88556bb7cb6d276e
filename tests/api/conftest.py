"""Tokens for the cast, and a client that sends them."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from recruiting.api.scopes import ALL_SCOPES
from recruiting.api.tokens import token_create

# The worker fixtures of the outbox tests: a Celery app on Redis and worker processes.
from tests.notifications.test_worker import broker, queue_name, start_worker  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_token(db):
    def make(user, scopes=ALL_SCOPES, **kwargs):
        _token, text = token_create(name=f"{user.email} token", user=user, scopes=scopes, **kwargs)
        return text

    return make


@pytest.fixture
def api(client):
    """`api(token).get(url)` etc.: the test client with `Authorization: Bearer <token>`."""

    class Api:
        def __init__(self, token):
            self.headers = {"Authorization": f"Bearer {token}"} if token else {}

        def get(self, url, data=None, **kwargs):
            return client.get(url, data, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)

        def post(self, url, data=None, *, json=True, **kwargs):
            headers = {**self.headers, **kwargs.pop("headers", {})}
            if json:
                return client.post(url, data or {}, content_type="application/json", headers=headers, **kwargs)
            return client.post(url, data or {}, headers=headers, **kwargs)

    return Api
