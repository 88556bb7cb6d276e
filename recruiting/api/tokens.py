"""API tokens: made, found and revoked here; the admin and the authentication call these.

A token reads `rp_<prefix>_<secret>`. The prefix finds the row (it is stored in clear and
shown in the admin), the secret is compared by its SHA-256 digest in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from recruiting.api.models import ApiToken
from recruiting.api.scopes import ALL_SCOPES
from recruiting.audit.services import audit_record

TOKEN_PREFIX = "rp_"
# Writing last_used_at on every request would turn each read into a write: once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenRefused(Exception):
    """Unknown, malformed, expired or revoked: the caller is told only "not authenticated"."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(
    *,
    name: str,
    user: Any,
    scopes: Iterable[str],
    actor: Any = None,
    postings: Sequence[Any] = (),
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Make a token; returns the row and the full token text, which is never stored."""
    unknown = set(scopes) - ALL_SCOPES
    if unknown:
        raise ValueError(f"Unknown scopes: {sorted(unknown)}")
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        user=user,
        prefix=prefix,
        digest=_digest(secret),
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if postings:
        token.postings.set(postings)
    audit_record(actor=actor, action="api_token.create", obj=token, after={"name": name, "scopes": token.scopes})
    return token, f"{TOKEN_PREFIX}{prefix}_{secret}"


def token_assign_secret(token: ApiToken) -> str:
    """Give an unsaved token (the admin's add form) its prefix and digest; returns the text."""
    token.prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token.digest = _digest(secret)
    return f"{TOKEN_PREFIX}{token.prefix}_{secret}"


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Any) -> None:
    """Stop a token at once; the row stays for the audit trail."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=actor, action="api_token.revoke", obj=token)


def token_find(text: str) -> ApiToken:
    """The usable token `text` names, with its account; TokenRefused otherwise."""
    if not text.startswith(TOKEN_PREFIX) or len(text) > 100:
        raise TokenRefused
    prefix, _, secret = text[len(TOKEN_PREFIX) :].partition("_")
    if not prefix or not secret:
        raise TokenRefused
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(secret)):
        raise TokenRefused
    if not token.is_usable or not token.user.is_active:
        raise TokenRefused
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


@dataclass
class Caller:
    """Who is calling: the account whose rules apply, what the call may do, and (for a
    token limited to some postings) which postings it may touch."""

    user: Any
    scopes: frozenset[str]
    token: ApiToken | None = None
    posting_ids: frozenset[int] | None = None  # None: every posting the account may see
    via: str = "session"

    @property
    def rate_key(self) -> str:
        return f"token:{self.token.pk}" if self.token is not None else f"user:{self.user.pk}"


def caller_for_token(token: ApiToken) -> Caller:
    ids = frozenset(token.postings.values_list("pk", flat=True))
    return Caller(
        user=token.user,
        scopes=frozenset(token.scopes),
        token=token,
        posting_ids=ids or None,
        via="token",
    )


def caller_for_session(user: Any) -> Caller:
    # The session's role decides, as on the pages: every scope, narrowed by the querysets.
    return Caller(user=user, scopes=ALL_SCOPES, via="session")
