"""Helpers the resource modules share: cursors, ETags, posting limits, page sizes."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

from django.db.models import Q, QuerySet

from recruiting.api.problems import Problem
from recruiting.api.tokens import Caller

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def encode_cursor(created_at: dt.datetime, pk: int) -> str:
    raw = json.dumps([created_at.isoformat(), pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        when = dt.datetime.fromisoformat(created)
        if when.tzinfo is None or not isinstance(pk, int):
            raise ValueError
        return when, pk
    except (ValueError, TypeError, UnicodeError, json.JSONDecodeError, OverflowError):
        raise Problem(
            400,
            "The cursor is not one this API gave out.",
            kind="bad-cursor",
            errors=[{"field": "cursor", "message": "Unknown cursor."}],
        ) from None


def filtered(queryset: QuerySet, filters, lookups: dict[str, str]) -> QuerySet:
    """`queryset` narrowed by each filter given a value: `lookups` maps a filter's field
    to the ORM lookup it sets (filters left empty narrow nothing)."""
    for field, lookup in lookups.items():
        value = getattr(filters, field)
        if value:
            queryset = queryset.filter(**{lookup: value})
    return queryset


def keyset_page(queryset: QuerySet, *, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """Newest first, by (created_at, id): stable under inserts, one query per page."""
    queryset = queryset.order_by("-created_at", "-pk")
    if cursor:
        when, pk = decode_cursor(cursor)
        queryset = queryset.filter(Q(created_at__lt=when) | Q(created_at=when, pk__lt=pk))
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_cursor(rows[-1].created_at, rows[-1].pk) if more and rows else None)


def limit_to_postings(caller: Caller, queryset: QuerySet, field: str = "posting_id") -> QuerySet:
    """A token limited to some postings sees only those."""
    if caller.posting_ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": caller.posting_ids})


def etag(version: int) -> str:
    return f'"v{version}"'


_IF_MATCH = re.compile(r'^\s*"v(\d{1,9})"\s*$')


def version_from_if_match(header: str | None) -> int:
    """The version an If-Match header names; 428 when it is missing, 412 when unreadable."""
    if not header:
        raise Problem(
            428,
            "Send If-Match with the application's ETag (from GET) so a change made since is not overwritten.",
            kind="if-match-required",
        )
    match = _IF_MATCH.match(header)
    if match is None:
        raise Problem(412, "If-Match does not name a version of this application.", kind="stale-version")
    return int(match.group(1))
