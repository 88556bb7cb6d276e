"""Possible duplicates of a person: found by phone, e-mail domain and similar names;
suggestions to review and dismiss."""

from __future__ import annotations

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
