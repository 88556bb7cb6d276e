"""Possible duplicates of a person: found by phone, e-mail domain and similar names;
suggestions to review and dismiss."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from recruiting.audit.services import audit_record
from recruiting.pipelines.models import (
    Candidate,
    DuplicateSuggestion,
)
from recruiting.pipelines.services.timeline import activity_record
from recruiting.pipelines.services.timeline import user_or_none as _user_or_none

# ---------------------------------------------------------------------------------------
# Duplicates and merging
# ---------------------------------------------------------------------------------------

DUPLICATE_NAME_SIMILARITY = 0.6
# Sharing gmail.com says nothing about two people being one.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "yahoo.com",
        "yahoo.co.in",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "rediffmail.com",
        "icloud.com",
        "protonmail.com",
        "proton.me",
        "aol.com",
        "mail.com",
        "zoho.com",
    }
)


def _email_domain(email_key: str) -> str:
    return email_key.rpartition("@")[2] if "@" in email_key else ""


def _duplicate_reasons(candidate: Candidate, other: Candidate, name_similarity: float) -> list[str]:
    """Why `other` may be `candidate`: the same normalised e-mail or phone, or (only
    without those) a similar name together with the same company e-mail domain or city."""
    reasons = []
    if candidate.email_normalised and other.email_normalised == candidate.email_normalised:
        reasons.append("same e-mail")
    if candidate.phone_normalised and other.phone_normalised == candidate.phone_normalised:
        reasons.append("same phone")
    if name_similarity >= DUPLICATE_NAME_SIMILARITY and not reasons:
        domain = _email_domain(candidate.email_normalised)
        if domain and domain == _email_domain(other.email_normalised) and domain not in FREE_MAIL_DOMAINS:
            reasons.append(f"similar name and same e-mail domain ({domain})")
        elif candidate.location.strip() and other.location.strip().lower() == candidate.location.strip().lower():
            reasons.append(f"similar name and same city ({other.location})")
    return reasons


def _similar_names_only():
    """A filter that makes `%` (trigram_similar) in the same query hand over only names
    at least DUPLICATE_NAME_SIMILARITY alike, straight from the trigram index: 4x faster
    at 100,000 people than the default 0.3 and a recheck. `%` reads
    pg_trgm.similarity_threshold; this uncorrelated sub-select is a one-time filter run
    before the scan, and the setting lasts until the transaction ends (as in
    `search._name_match_sql`)."""
    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL

    return RawSQL(
        "(SELECT set_config('pg_trgm.similarity_threshold', %s, true)) IS NOT NULL",
        [str(DUPLICATE_NAME_SIMILARITY)],
        output_field=BooleanField(),
    )


def candidate_duplicates(candidate: Candidate, *, limit: int = 10) -> list[tuple[Candidate, list[str]]]:
    """Likely duplicates of `candidate` (computed now, for the candidate page): same
    normalised e-mail or phone, or a similar name (trigram similarity >= 0.6) together
    with the same company e-mail domain or city. Returns (candidate, reasons) pairs, the
    strongest first."""
    from django.contrib.postgres.search import TrigramSimilarity

    condition = Q(full_name__trigram_similar=candidate.full_name)
    if candidate.email_normalised:
        condition |= Q(email_normalised=candidate.email_normalised)
    if candidate.phone_normalised:
        condition |= Q(phone_normalised=candidate.phone_normalised)
    rows = (
        Candidate.objects.active()
        .filter(_similar_names_only())
        .exclude(pk=candidate.pk)
        .filter(condition)
        .annotate(name_similarity=TrigramSimilarity("full_name", candidate.full_name))
        .order_by("-name_similarity", "pk")[:200]
    )
    found = []
    for other in rows:
        reasons = _duplicate_reasons(candidate, other, other.name_similarity)
        if reasons:
            found.append((other, reasons))
    found.sort(key=lambda item: (-len(item[1]), -item[0].name_similarity))
    return found[:limit]


def candidate_best_duplicate(candidate: Candidate) -> tuple[Candidate, list[str]] | None:
    """The one record `candidate` most likely duplicates, and why: the earliest active
    record with the same e-mail, else the same phone, else a similar name with the same
    city or company e-mail domain. One query, whatever the number of matches.

    Pointing every newcomer at the earliest match (not at every match) keeps twenty
    people sharing a phone at nineteen suggestions, each merged into the same record."""
    from django.contrib.postgres.search import TrigramSimilarity
    from django.db.models import BooleanField, Case, Value, When
    from django.db.models.functions import Lower, Trim

    email_key, phone_key = candidate.email_normalised, candidate.phone_normalised
    city, domain = candidate.location.strip().lower(), _email_domain(email_key)
    detail = Q(pk__in=[])
    if city:
        detail |= Q(city_key=city)
    if domain and domain not in FREE_MAIL_DOMAINS:
        detail |= Q(email_normalised__endswith="@" + domain)
    condition = Q(full_name__trigram_similar=candidate.full_name, name_similarity__gte=DUPLICATE_NAME_SIMILARITY)
    condition &= detail
    if email_key:
        condition |= Q(email_normalised=email_key)
    if phone_key:
        condition |= Q(phone_normalised=phone_key)

    def same(field: str, key: str):
        if not key:
            return Value(False, output_field=BooleanField())
        return Case(When(**{field: key}, then=Value(True)), default=Value(False), output_field=BooleanField())

    other = (
        Candidate.objects.active()
        .filter(_similar_names_only())
        .exclude(pk=candidate.pk)
        .annotate(
            name_similarity=TrigramSimilarity("full_name", candidate.full_name),
            city_key=Lower(Trim("location")),
            same_email=same("email_normalised", email_key),
            same_phone=same("phone_normalised", phone_key),
        )
        .filter(condition)
        .order_by("-same_email", "-same_phone", "created_at", "pk")
        .first()
    )
    if other is None:
        return None
    reasons = _duplicate_reasons(candidate, other, other.name_similarity)
    return (other, reasons) if reasons else None


def candidate_suggest_duplicate(*, candidate: Candidate) -> DuplicateSuggestion | None:
    """Record that `candidate` may be an earlier person (`candidate_best_duplicate`), for a
    recruiter to merge or dismiss on the duplicates page. A pair is suggested once; a
    dismissed pair stays dismissed. Returns the suggestion, or None without a match."""
    match = candidate_best_duplicate(candidate)
    if match is None:
        return None
    other, reasons = match
    newer, older = (candidate, other) if candidate.pk > other.pk else (other, candidate)
    suggestion, created = DuplicateSuggestion.objects.get_or_create(
        candidate=newer, existing=older, defaults={"reasons": reasons}
    )
    if not created and suggestion.dismissed_at is None and suggestion.reasons != reasons:
        suggestion.reasons = reasons
        suggestion.save(update_fields=["reasons", "updated_at"])
    return suggestion


# `candidate_best_duplicate` for many new records (a CSV import's chunk), set-wise. For
# each new record: the earliest active record matching it the same way among those that
# existed when it was created (not a later one of the same batch). That query's order
# (same e-mail first, then same phone, then the earliest) is kept by asking in turn, each
# answered from its own index and only when the one before found nothing: the same
# e-mail (those with the same phone too first), the same phone, a similar name with the
# same company e-mail domain or city. The last is asked by walking, earliest first, the
# first SIMILAR_WALK records of that domain and of that city (indexes of migration 0018):
# the first similar one met is the answer, and a walk that ends before SIMILAR_WALK
# records says there is none. Only when a walk is cut short without a similar name (a
# large domain or city) is the trigram index asked, as candidate_best_duplicate does: in
# a file of similar names all from one company (which made the trigram index hand over
# thousands of rows for every new record) the walk stops at once; with ordinary names the
# walk is short. Cities and (non-free) domains are worked out in Python, as there.
SIMILAR_WALK = 50
_DOMAIN_SQL = "reverse(split_part(reverse(o.email_normalised), '@', 1))"  # as in 0018's index
_CITY_SQL = "lower(trim(o.location))"  # as in 0018's index
_OLDER = """o.merged_into_id IS NULL AND o.anonymised_at IS NULL AND o.id <> n.id
          AND (o.id < n.id OR NOT (o.id = ANY(%(ids)s::bigint[])))"""
# The same for the e-mail and phone questions, written so that the planner reads the
# e-mail or phone index alone: with `merged_into_id IS NULL` it may also read the index of
# merged records (almost every row) when its statistics are behind a large import.
_OLDER_BY_CONTACT = _OLDER.replace("o.merged_into_id IS NULL", "coalesce(o.merged_into_id, 0) = 0")
_SIMILAR = "o.full_name %% n.full_name AND similarity(o.full_name, n.full_name) >= %(threshold)s"


def _walk_sql(key_sql: str, value: str, present: str) -> str:
    """(hit, walked): the first record with a similar name among the first SIMILAR_WALK
    of the walk, read in order and only as far as that first one; how many records the
    walk holds (at most SIMILAR_WALK), counted only without a hit."""
    walk = f"""FROM pipelines_candidate AS o
            WHERE found.other_id IS NULL AND {value} <> '' AND {present} AND {key_sql} = {value} AND {_OLDER}"""
    return f"""(SELECT h.hit, CASE WHEN h.hit IS NULL THEN (SELECT count(*) FROM (SELECT 1 {walk} LIMIT {SIMILAR_WALK}) AS x)
                               ELSE 0 END AS walked
      FROM (SELECT (SELECT w.id FROM (SELECT o.id, o.full_name, o.created_at {walk}
                                      ORDER BY o.created_at, o.id LIMIT {SIMILAR_WALK}) AS w
                    WHERE w.full_name %% n.full_name AND similarity(w.full_name, n.full_name) >= %(threshold)s
                    ORDER BY w.created_at, w.id LIMIT 1) AS hit) AS h)"""  # noqa: S608 - module constants only


_BEST_DUPLICATES_SQL = f"""
WITH found AS MATERIALIZED (
  SELECT v.id, v.city, v.domain, COALESCE(
    (SELECT o.id FROM pipelines_candidate AS o
     WHERE n.email_normalised <> '' AND o.email_normalised = n.email_normalised AND {_OLDER_BY_CONTACT}
     ORDER BY n.phone_normalised <> '' AND o.phone_normalised = n.phone_normalised DESC, o.created_at, o.id
     LIMIT 1),
    (SELECT o.id FROM pipelines_candidate AS o
     WHERE n.phone_normalised <> '' AND o.phone_normalised = n.phone_normalised AND {_OLDER_BY_CONTACT}
     ORDER BY o.created_at, o.id LIMIT 1)
  ) AS other_id
  FROM unnest(%(ids)s::bigint[], %(cities)s::text[], %(domains)s::text[]) AS v(id, city, domain)
  JOIN pipelines_candidate AS n ON n.id = v.id
)
SELECT found.id, found.other_id, d.hit, d.walked, c.hit, c.walked
FROM found JOIN pipelines_candidate AS n ON n.id = found.id
CROSS JOIN LATERAL {_walk_sql(_DOMAIN_SQL, "found.domain", "o.email_normalised <> ''")} AS d
CROSS JOIN LATERAL {_walk_sql(_CITY_SQL, "found.city", "o.location <> ''")} AS c
"""  # noqa: S608 - only module constants are interpolated

# The trigram index's answer for the records whose walks were cut short (`ask`).
_SIMILAR_NAME_SQL = f"""
SELECT v.id, (SELECT o.id FROM pipelines_candidate AS o
              WHERE {_SIMILAR} AND {_OLDER}
                AND ((v.city <> '' AND {_CITY_SQL} = v.city)
                     OR (v.domain <> '' AND right(o.email_normalised, length(v.domain) + 1) = '@' || v.domain))
              ORDER BY o.created_at, o.id LIMIT 1)
FROM unnest(%(ask)s::bigint[], %(ask_cities)s::text[], %(ask_domains)s::text[]) AS v(id, city, domain)
JOIN pipelines_candidate AS n ON n.id = v.id
"""  # noqa: S608 - only module constants are interpolated

# The name similarity of each (new record, match) pair, for the reasons.
_PAIR_SIMILARITY_SQL = """
SELECT p.id, p.other_id, similarity(o.full_name, n.full_name)
FROM unnest(%s::bigint[], %s::bigint[]) AS p(id, other_id)
JOIN pipelines_candidate AS n ON n.id = p.id JOIN pipelines_candidate AS o ON o.id = p.other_id
"""


def _best_matches(candidates: Sequence[Candidate]) -> dict[int, int]:
    """New record id -> the id of the record `candidate_best_duplicate` would pick for it
    (when it has one); two or three queries."""
    from django.db import connection

    cities = [c.location.strip().lower() for c in candidates]
    domains = []
    for candidate in candidates:
        domain = _email_domain(candidate.email_normalised)
        domains.append(domain if domain and domain not in FREE_MAIL_DOMAINS else "")
    ids = [c.pk for c in candidates]
    params: dict[str, Any] = {"ids": ids, "cities": cities, "domains": domains, "threshold": DUPLICATE_NAME_SIMILARITY}
    with connection.cursor() as cursor:
        # As `_similar_names_only`: `%` hands over only names alike enough, from the index.
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(DUPLICATE_NAME_SIMILARITY)])
        cursor.execute(_BEST_DUPLICATES_SQL, params)
        rows = cursor.fetchall()
    found: dict[int, int] = {}
    hits: dict[int, list[int]] = {}
    ask: list[int] = []
    for pk, other_id, domain_hit, domain_walked, city_hit, city_walked in rows:
        if other_id is not None:
            found[pk] = other_id
        elif any(
            hit is None and walked >= SIMILAR_WALK
            for hit, walked in ((domain_hit, domain_walked), (city_hit, city_walked))
        ):
            ask.append(pk)  # a walk cut short: the trigram index answers
        elif domain_hit is not None or city_hit is not None:
            hits[pk] = [hit for hit in (domain_hit, city_hit) if hit is not None]
    if hits:  # the earlier of the two walks' answers
        order = {
            c.pk: (c.created_at, c.pk)
            for c in Candidate.objects.filter(pk__in={h for both in hits.values() for h in both}).only("created_at")
        }
        found |= {pk: min(both, key=order.__getitem__) for pk, both in hits.items()}
    if ask:
        position = {pk: index for index, pk in enumerate(ids)}
        params |= {
            "ask": ask,
            "ask_cities": [cities[position[pk]] for pk in ask],
            "ask_domains": [domains[position[pk]] for pk in ask],
        }
        with connection.cursor() as cursor:
            cursor.execute(_SIMILAR_NAME_SQL, params)
            found |= {pk: other_id for pk, other_id in cursor.fetchall() if other_id is not None}
    return found


def candidates_suggest_duplicates(*, candidates: Sequence[Candidate]) -> list[DuplicateSuggestion]:
    """`candidate_suggest_duplicate` for many records just created together, in the order
    given (a CSV import's chunk): the same suggestions as suggesting each in turn right
    after its creation, in at most eight queries whatever their number. Each is compared
    with every active record older than itself; a later record of the same batch is not
    its match (it did not exist yet), it finds the earlier one instead."""
    from django.db import connection

    candidates = [c for c in candidates if c.pk is not None]
    if not candidates:
        return []
    found = _best_matches(candidates)
    if not found:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_PAIR_SIMILARITY_SQL, [list(found), list(found.values())])
        similarity = {(pk, other_id): value for pk, other_id, value in cursor.fetchall()}
    others = Candidate.objects.in_bulk(set(found.values()))
    wanted: dict[tuple[int, int], list[str]] = {}
    for candidate in candidates:
        other_id = found.get(candidate.pk)
        if other_id is None:
            continue
        other = others[other_id]
        reasons = _duplicate_reasons(candidate, other, similarity[(candidate.pk, other_id)])
        if reasons:
            newer, older = (candidate, other) if candidate.pk > other.pk else (other, candidate)
            wanted[(newer.pk, older.pk)] = reasons  # the last word, as get_or_create then update
    if not wanted:
        return []
    known = {
        (s.candidate_id, s.existing_id): s
        for s in DuplicateSuggestion.objects.filter(candidate_id__in={newer for newer, _older in wanted})
        if (s.candidate_id, s.existing_id) in wanted
    }
    fresh = [
        DuplicateSuggestion(candidate_id=newer, existing_id=older, reasons=reasons)
        for (newer, older), reasons in wanted.items()
        if (newer, older) not in known
    ]
    DuplicateSuggestion.objects.bulk_create(fresh)
    for key, suggestion in known.items():  # pairs suggested before: only with a concurrent writer
        if suggestion.dismissed_at is None and suggestion.reasons != wanted[key]:
            suggestion.reasons = wanted[key]
            suggestion.save(update_fields=["reasons", "updated_at"])
    return [*known.values(), *fresh]


def duplicate_suggestions_open(*, limit: int = 200) -> list[DuplicateSuggestion]:
    """Suggestions still to decide, newest first: not dismissed, both records still
    active (a merge or an erasure settles a suggestion without touching it; undoing the
    merge brings it back). One query."""
    people = {"merged_into__isnull": True, "anonymised_at__isnull": True}
    return list(
        DuplicateSuggestion.objects.filter(
            dismissed_at__isnull=True,
            **{f"candidate__{k}": v for k, v in people.items()},
            **{f"existing__{k}": v for k, v in people.items()},
        )
        .select_related("candidate", "existing")
        .order_by("-created_at", "-id")[:limit]
    )


class SuggestionGone(Exception):
    """The suggestion was dismissed, or one of its records merged or erased, meanwhile."""


@transaction.atomic
def duplicate_suggestion_dismiss(*, suggestion: DuplicateSuggestion, actor: Any) -> DuplicateSuggestion:
    """A recruiter says the two records are different people: the suggestion is no
    longer shown (and not made again for this pair)."""
    locked = (
        DuplicateSuggestion.objects.select_for_update().select_related("candidate", "existing").get(pk=suggestion.pk)
    )
    if locked.dismissed_at is not None:
        raise SuggestionGone("This suggestion has already been dismissed.")
    locked.dismissed_at = timezone.now()
    locked.dismissed_by = _user_or_none(actor)
    locked.save(update_fields=["dismissed_at", "dismissed_by", "updated_at"])
    for person, other in ((locked.candidate, locked.existing), (locked.existing, locked.candidate)):
        activity_record(
            candidate=person,
            actor=actor,
            kind="candidate.not_duplicate",
            summary=f"Marked as a different person from {other.full_name}",
            restricted=True,
        )
    audit_record(
        actor=actor,
        action="candidate.duplicate_dismissed",
        obj=locked.candidate,
        after={"existing": str(locked.existing.public_id), "reasons": locked.reasons},
    )
    return locked
