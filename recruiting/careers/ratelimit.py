"""The apply form's rate limit (core.ratelimit's fixed window on Django's cache):
`settings.APPLY_RATE_LIMIT` attempts per `settings.APPLY_RATE_WINDOW_SECONDS` per client
IP and posting. The client IP comes
from `recruiting.core.clientip` (trusted proxies), as for sign-in.
"""

from __future__ import annotations

from django.conf import settings

from recruiting.core.clientip import client_ip, rate_limit_subject
from recruiting.core.ratelimit import RateLimit, rate_limit_hit

__all__ = ["RateLimit", "apply_limit", "client_ip", "rate_limit_hit"]


def apply_limit(request, posting) -> RateLimit:
    """Count one apply POST for this client and posting."""
    return rate_limit_hit(
        scope="apply",
        key=f"{rate_limit_subject(client_ip(request))}|{posting.public_id}",
        limit=getattr(settings, "APPLY_RATE_LIMIT", 5),
        window=getattr(settings, "APPLY_RATE_WINDOW_SECONDS", 600),
    )
