"""A small fixed-window rate limiter on Django's cache (Redis in production), shared by
the apply form (careers) and the API (per token)."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class RateLimit:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the window resets


def rate_limit_hit(*, scope: str, key: str, limit: int, window: int) -> RateLimit:
    """Count one attempt for (scope, key) in the current window and say whether it is allowed."""
    now = int(time.time())
    window = max(int(window), 1)
    bucket = now // window
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # no raw IPs as cache keys
    cache_key = f"ratelimit:{scope}:{digest}:{bucket}"
    if cache.add(cache_key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr: this attempt starts a new window
            cache.add(cache_key, 1, timeout=window + 5)
            count = 1
    return RateLimit(allowed=count <= limit, count=count, limit=limit, retry_after=window - now % window)
