"""Password sign-in throttling that slows an attacker without locking out the owner.

Two limits, both kept in Django's cache (Redis in production):

- Per (client address, account): the first `LOGIN_FREE_FAILURES` wrong passwords cost
  nothing; each further one refuses that pair for a cool-down that doubles, from
  `LOGIN_FIRST_DELAY_SECONDS` up to `LOGIN_MAX_DELAY_SECONDS`. A right password from that
  address clears the pair. The same account from any other address is not affected, so
  an attacker cannot lock the owner out.
- Per client address, across accounts: a leaky bucket of `LOGIN_IP_FAILURES_PER_HOUR`
  failures that drains at that rate. One address guessing many accounts is refused
  until the bucket has drained below the brim; everybody elsewhere signs in as usual.

An attempt is counted before the password is checked and handed back when it was right,
so a burst of parallel guesses cannot slip through between check and count. A refused
attempt checks no password and costs nothing. IPv6 addresses count by their /64.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from recruiting.core.clientip import rate_limit_subject

LOCK_SECONDS = 5
LOCK_WAIT_SECONDS = 1.0


def now() -> float:
    """The clock (tests move it)."""
    return time.time()


@dataclass(frozen=True)
class Refusal:
    scope: str  # "account" (this address and account) or "address" (this address)
    retry_after: int  # seconds

    @property
    def message(self) -> str:
        wait = _duration(self.retry_after)
        if self.scope == "account":
            return f"Too many wrong passwords for this account from your network. Try again in {wait}."
        return f"Too many failed sign-ins from your network. Try again in {wait}."


def _duration(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _key(scope: str, *parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]  # no raw addresses or e-mails
    return f"signin:{scope}:{digest}"


@contextmanager
def _locked(key: str) -> Iterator[bool]:
    """A short lock around one read-modify-write of `key` (cache.add is atomic)."""
    lock = f"{key}:lock"
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    pause = 0.005
    while not cache.add(lock, 1, timeout=LOCK_SECONDS):
        if time.monotonic() >= deadline:
            yield False
            return
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
    try:
        yield True
    finally:
        cache.delete(lock)


def pair_delay(failures: int) -> int:
    """Seconds the pair is refused after its `failures`-th wrong password."""
    over = failures - settings.LOGIN_FREE_FAILURES
    if over < 0:
        return 0
    return min(settings.LOGIN_FIRST_DELAY_SECONDS * 2**over, settings.LOGIN_MAX_DELAY_SECONDS)


def _pair_keep_seconds() -> int:
    # A pair is forgotten a day after its last failure (or at once after a right password).
    return max(86400, settings.LOGIN_MAX_DELAY_SECONDS * 2)


def _ip_rate() -> float:
    return settings.LOGIN_IP_FAILURES_PER_HOUR / 3600.0


def _ip_level(record: dict | None, at: float) -> float:
    if not record:
        return 0.0
    return max(0.0, record["level"] - (at - record["at"]) * _ip_rate())


def _ip_hand_back(ip_key: str) -> None:
    """Take back an address's count for an attempt that turned out not to be a failure."""
    with _locked(ip_key) as locked:
        if locked:
            at = now()
            level = _ip_level(cache.get(ip_key), at)
            cache.set(ip_key, {"level": max(0.0, level - 1), "at": at}, timeout=_IP_KEEP_SECONDS)


_IP_KEEP_SECONDS = 3600 * 2  # a full bucket drains within the hour


@dataclass
class Attempt:
    """One password check in flight: counted in advance, settled by `succeeded`."""

    ip_key: str
    pair_key: str

    def succeeded(self) -> None:
        """A right password: the pair is cleared and the address's count handed back."""
        cache.delete(self.pair_key)
        _ip_hand_back(self.ip_key)


def attempt_begin(*, ip: str, login: str) -> Attempt | Refusal:
    """Count a password attempt for `login` from `ip`, or say why and how long it must wait."""
    subject = rate_limit_subject(ip)
    login = (login or "").strip().lower()
    ip_key = _key("ip", subject)
    pair_key = _key("pair", subject, login)
    capacity = settings.LOGIN_IP_FAILURES_PER_HOUR
    with _locked(ip_key) as locked:
        if not locked:
            return Refusal("address", 1)
        at = now()
        level = _ip_level(cache.get(ip_key), at)
        if level + 1 > capacity:
            return Refusal("address", max(1, math.ceil((level + 1 - capacity) / _ip_rate())))
        cache.set(ip_key, {"level": level + 1, "at": at}, timeout=_IP_KEEP_SECONDS)
    refusal = None
    with _locked(pair_key) as locked:
        if not locked:
            refusal = Refusal("account", 1)
        else:
            at = now()
            record = cache.get(pair_key) or {"failures": 0, "at": at}
            delay = pair_delay(record["failures"])
            wait = record["at"] + delay - at
            if delay and wait > 0:
                refusal = Refusal("account", max(1, math.ceil(wait)))
            else:
                cache.set(pair_key, {"failures": record["failures"] + 1, "at": at}, timeout=_pair_keep_seconds())
    if refusal is not None:
        _ip_hand_back(ip_key)
        return refusal
    return Attempt(ip_key=ip_key, pair_key=pair_key)
