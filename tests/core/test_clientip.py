"""The client's address behind (trusted) proxies, and the apply limit that counts by it."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import reverse

from recruiting.core.clientip import client_ip, parse_networks, rate_limit_subject

PROXIES = ["10.0.0.0/8", "127.0.0.1/32", "2001:db8:ffff::/48"]


def _ip(remote: str, forwarded: str | None = None) -> str:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.9", None, "203.0.113.9"),
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # nobody trusted: the header is anyone's
        ("", "198.51.100.1", "unknown"),
        ("not-an-ip", None, "unknown"),
    ],
)
def test_without_trusted_proxies_the_peer_is_the_client(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = []
    assert _ip(remote, forwarded) == expected


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # One trusted proxy appended the client.
        ("10.0.0.5", "203.0.113.9", "203.0.113.9"),
        # The client made up entries on the left: only the right-most untrusted one counts.
        ("10.0.0.5", "1.1.1.1, 8.8.8.8, 203.0.113.9", "203.0.113.9"),
        # Two proxies of ours.
        ("127.0.0.1", "203.0.113.9, 10.2.3.4", "203.0.113.9"),
        # A peer we do not trust: its header is ignored.
        ("198.51.100.20", "203.0.113.9", "198.51.100.20"),
        # A trusted peer without the header.
        ("10.0.0.5", None, "10.0.0.5"),
        # Every hop is ours (a health check from inside): the left-most.
        ("10.0.0.5", "10.9.9.9, 10.0.0.7", "10.9.9.9"),
        # Garbage in the chain stops the walk at the last proxy we trust.
        ("10.0.0.5", "203.0.113.9, garbage, 10.0.0.7", "10.0.0.7"),
        ("10.0.0.5", "", "10.0.0.5"),
        # Ports, brackets, IPv6, IPv4-mapped IPv6.
        ("10.0.0.5", "203.0.113.9:51234", "203.0.113.9"),
        ("10.0.0.5", "[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8:ffff::2", "2001:db8:1::7", "2001:db8:1::7"),
        ("::ffff:10.0.0.5", "::ffff:203.0.113.9", "203.0.113.9"),
    ],
)
def test_behind_trusted_proxies_x_forwarded_for_is_walked_from_the_right(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = PROXIES
    assert _ip(remote, forwarded) == expected


def test_ipv6_clients_are_limited_by_their_64():
    assert rate_limit_subject("2001:db8:1:2:aaaa::1") == rate_limit_subject("2001:db8:1:2:bbbb::9")
    assert rate_limit_subject("2001:db8:1:3::1") != rate_limit_subject("2001:db8:1:2::1")
    assert rate_limit_subject("203.0.113.9") == "203.0.113.9"


def test_a_bad_trusted_proxies_setting_is_refused():
    with pytest.raises(ImproperlyConfigured):
        parse_networks(["10.0.0.0/8", "ten-dot-zero"])


def test_the_setting_is_read_from_the_environment(monkeypatch):
    import importlib

    import recruiting.settings as module

    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")
    try:
        assert importlib.reload(module).TRUSTED_PROXIES == ["10.0.0.0/8", "127.0.0.1/32"]
        monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/33")
        with pytest.raises(ImproperlyConfigured):
            importlib.reload(module)
    finally:
        monkeypatch.delenv("TRUSTED_PROXIES")
        importlib.reload(module)


# --- The apply limit counts by the same address -------------------------------------------


@pytest.fixture
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.usefixtures("_fresh_limits")
def test_the_apply_limit_tells_clients_behind_our_proxy_apart_and_ignores_spoofing(settings, hiring_manager):
    from tests.careers.apply_factories import apply_data, posting_with_questions

    settings.APPLY_RATE_LIMIT = 2
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    posting = posting_with_questions(hiring_manager=hiring_manager)
    client = Client()

    def apply_url(posting) -> str:
        return reverse("careers:apply", args=[posting.public_id])

    def limited(remote: str, forwarded: str) -> bool:
        data = apply_data(posting, phone="bad")  # refused by the form: nothing is stored
        response = client.post(apply_url(posting), data, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
        return response.status_code == 429

    # Through our proxy, two clients have their own limits; spoofed left entries do not help.
    assert [limited("10.0.0.5", f"192.0.2.{n}, 203.0.113.9") for n in range(3)] == [False, False, True]
    assert not limited("10.0.0.5", "198.51.100.7")
    # Straight from the internet, a made-up header does not make a new client.
    assert [limited("198.51.100.50", f"192.0.2.{n}") for n in range(3)] == [False, False, True]
