"""Password sign-in throttling, tried from the outside: HTTP requests from different
addresses (REMOTE_ADDR) and through proxies (X-Forwarded-For)."""

from __future__ import annotations

import os
import threading

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from recruiting.accounts import throttle
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RIGHT = "correct-horse-battery-staple"
ATTACKER = "203.0.113.9"
OWNER_ELSEWHERE = "198.51.100.7"
PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def _password_sign_in(settings):
    settings.LOCAL_LOGIN_ENABLED = True
    settings.LOGIN_FREE_FAILURES = 5
    settings.LOGIN_FIRST_DELAY_SECONDS = 30
    settings.LOGIN_MAX_DELAY_SECONDS = 900
    settings.LOGIN_IP_FAILURES_PER_HOUR = 100
    settings.TRUSTED_PROXIES = []
    cache.clear()
    yield
    cache.clear()


class Clock:
    def __init__(self):
        self.at = 1_900_000_000.0

    def __call__(self) -> float:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(throttle, "now", fake)
    return fake


@pytest.fixture
def owner():
    return UserFactory(email="owen.owner@example.com", full_name="Owen Owner", role="recruiter")


def sign_in(email: str, password: str, *, ip: str, forwarded: str | None = None) -> tuple[bool, str]:
    """One sign-in attempt from a fresh browser; (signed in?, page text)."""
    client = Client()
    extra = {"REMOTE_ADDR": ip}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    response = client.post(reverse("account_login"), {"login": email, "password": password}, **extra)
    assert response.status_code in (200, 302), response.status_code
    return "_auth_user_id" in client.session, response.content.decode()


def refused_for_account(page: str) -> bool:
    return "Too many wrong passwords for this account from your network" in page


def refused_for_address(page: str) -> bool:
    return "Too many failed sign-ins from your network" in page


def test_the_owner_on_another_address_signs_in_after_an_attackers_50_failures(owner, clock):
    outcomes = []
    for n in range(50):
        ok, page = sign_in(owner.email, f"guess-{n}", ip=ATTACKER)
        assert not ok
        outcomes.append("refused" if refused_for_account(page) else "checked")
        clock.advance(1)
    assert outcomes[:5] == ["checked"] * 5  # a few typos cost nothing
    assert outcomes.count("checked") <= 7  # then the pair waits 30 s, 60 s ...

    ok, page = sign_in(owner.email, RIGHT, ip=OWNER_ELSEWHERE)
    assert ok, page
    # On the attacker's address even the right password waits: nothing is checked there.
    ok, page = sign_in(owner.email, RIGHT, ip=ATTACKER)
    assert not ok and refused_for_account(page)


def test_the_pair_is_slowed_down_progressively_and_cleared_by_the_right_password(owner, clock):
    for _ in range(5):
        ok, page = sign_in(owner.email, "wrong", ip=ATTACKER)
        assert not ok and not refused_for_account(page)
    waits = []
    for _ in range(6):
        ok, page = sign_in(owner.email, "wrong", ip=ATTACKER)
        assert refused_for_account(page)
        wait = throttle.pair_delay(5 + len(waits))
        assert f"Try again in {throttle._duration(wait)}" in page
        clock.advance(wait - 1)
        assert refused_for_account(sign_in(owner.email, "wrong", ip=ATTACKER)[1])  # not a second early
        clock.advance(1)
        ok, page = sign_in(owner.email, "wrong", ip=ATTACKER)  # checked, and wrong again
        assert not ok and not refused_for_account(page)
        waits.append(wait)
    assert waits == [30, 60, 120, 240, 480, 900]  # doubling, capped at 15 minutes

    clock.advance(900)
    ok, page = sign_in(owner.email, RIGHT, ip=ATTACKER)  # the owner, back on that network
    assert ok, page
    for _ in range(5):  # the right password forgave the pair
        assert not refused_for_account(sign_in(owner.email, "typo", ip=ATTACKER)[1])


def test_a_refused_attempt_does_not_say_whether_the_password_was_right(owner, clock):
    for _ in range(5):
        sign_in(owner.email, "wrong", ip=ATTACKER)
    _, with_wrong = sign_in(owner.email, "wrong", ip=ATTACKER)
    _, with_right = sign_in(owner.email, RIGHT, ip=ATTACKER)
    assert refused_for_account(with_wrong) and refused_for_account(with_right)


def test_unknown_accounts_are_throttled_like_real_ones(clock):
    for _ in range(5):
        sign_in("nobody@example.com", "wrong", ip=ATTACKER)
    assert refused_for_account(sign_in("nobody@example.com", "wrong", ip=ATTACKER)[1])


def test_an_address_failing_across_many_accounts_is_refused_and_nobody_else(owner, clock):
    colleague = UserFactory(email="cara.colleague@example.com", role="interviewer")
    for n in range(100):  # one guess each at 100 accounts: no pair is ever throttled
        ok, page = sign_in(f"user{n}@example.com", "Password1", ip=ATTACKER)
        assert not ok and not refused_for_address(page) and not refused_for_account(page)
    ok, page = sign_in(colleague.email, RIGHT, ip=ATTACKER)
    assert not ok and refused_for_address(page)  # the address is refused as a whole now
    ok, page = sign_in(owner.email, RIGHT, ip=OWNER_ELSEWHERE)
    assert ok, page  # another address is not
    assert sign_in(colleague.email, RIGHT, ip="198.51.100.8")[0]

    clock.advance(36)  # the bucket drains 100 an hour: one attempt's worth
    ok, page = sign_in(colleague.email, RIGHT, ip=ATTACKER)
    assert ok, page


def test_successful_sign_ins_do_not_fill_the_address_bucket(clock, settings):
    settings.LOGIN_IP_FAILURES_PER_HOUR = 20
    users = [UserFactory(email=f"staff{n}@example.com", role="interviewer") for n in range(3)]
    for _ in range(30):  # an office behind one address signing in all day
        for user in users:
            assert sign_in(user.email, RIGHT, ip=ATTACKER)[0]


def test_a_spoofed_x_forwarded_for_from_an_untrusted_peer_is_ignored(owner, clock, settings):
    for trusted in ([], ["10.0.0.0/8"]):
        settings.TRUSTED_PROXIES = trusted
        cache.clear()
        for n in range(5):
            sign_in(owner.email, "wrong", ip=ATTACKER, forwarded=f"192.0.2.{n}")
        # A new made-up address in the header does not make a new pair.
        ok, page = sign_in(owner.email, RIGHT, ip=ATTACKER, forwarded="192.0.2.99")
        assert not ok and refused_for_account(page), trusted


def test_behind_trusted_proxies_the_forwarded_client_is_who_counts(owner, clock, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1/32"]
    for n in range(5):
        # The attacker writes a fake first entry; our two proxies append what they saw.
        sign_in(owner.email, "wrong", ip=PROXY, forwarded=f"192.0.2.{n}, {ATTACKER}, 10.1.1.1")
    ok, page = sign_in(owner.email, RIGHT, ip=PROXY, forwarded=f"192.0.2.77, {ATTACKER}, 10.1.1.1")
    assert not ok and refused_for_account(page)
    # The owner comes through the same proxies from elsewhere.
    ok, page = sign_in(owner.email, RIGHT, ip=PROXY, forwarded=f"{OWNER_ELSEWHERE}, 10.1.1.1")
    assert ok, page


def test_a_burst_of_parallel_guesses_gets_no_more_than_the_free_ones(settings, monkeypatch):
    """Counted before the password is checked: 20 guesses at once, 5 get through."""
    # On a loaded machine 20 threads may queue for the lock longer than the one second a
    # sign-in waits in production ("address busy"); this test is about counting, not that.
    monkeypatch.setattr(throttle, "LOCK_WAIT_SECONDS", 30.0)
    redis_url = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    cache.delete_many([throttle._key("ip", ATTACKER), throttle._key("pair", ATTACKER, "burst@example.com")])
    results = []
    start = threading.Barrier(20)

    def guess():
        start.wait()
        results.append(throttle.attempt_begin(ip=ATTACKER, login="burst@example.com"))

    threads = [threading.Thread(target=guess) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert sum(isinstance(r, throttle.Attempt) for r in results) == 5, results
        assert all(r.scope == "account" for r in results if isinstance(r, throttle.Refusal))
    finally:
        cache.delete_many([throttle._key("ip", ATTACKER), throttle._key("pair", ATTACKER, "burst@example.com")])


def test_allauths_own_limits_count_by_the_same_client_address(settings, rf):
    from allauth.account.adapter import get_adapter

    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = rf.post("/accounts/login/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {ATTACKER}")
    assert get_adapter(request).get_client_ip(request) == ATTACKER
    request = rf.post("/accounts/login/", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert get_adapter(request).get_client_ip(request) == ATTACKER


# --- The admin's own login form is not a way around any of this ----------------------------


def test_the_admin_login_page_sends_people_to_the_portal_sign_in(client):
    response = client.get(reverse("admin:login"), {"next": "/admin/notifications/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2Fnotifications%2F"
    evil = client.get(reverse("admin:login"), {"next": "https://evil.example/"})
    assert evil["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"


def test_the_admin_login_form_checks_no_password(client, admin_user):
    response = client.post(reverse("admin:login"), {"username": admin_user.email, "password": RIGHT})
    assert response.status_code == 405
    assert "_auth_user_id" not in client.session


def test_the_admin_login_page_for_signed_in_people(client_for, admin_user, recruiter):
    assert client_for(admin_user).get(reverse("admin:login"))["Location"] == reverse("admin:index")
    assert client_for(recruiter).get(reverse("admin:login")).status_code == 403


def test_an_admin_signs_in_through_the_portal_and_lands_in_the_admin(admin_user):
    client = Client()
    page = client.get(reverse("admin:index"), follow=True)
    assert page.redirect_chain[-1][0].startswith(reverse("account_login"))
    response = client.post(page.redirect_chain[-1][0], {"login": admin_user.email, "password": RIGHT})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
