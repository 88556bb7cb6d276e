"""Writes on candidates, applications and stages. Other apps call these; none writes
pipelines tables directly."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from recruiting.audit.services import audit_record
from recruiting.core.contact import name_key, normalise_email, normalise_phone
from recruiting.pipelines.models import (
    DEFAULT_STAGES,
    Activity,
    Application,
    Candidate,
    CandidateMerge,
    Document,
    DuplicateSuggestion,
    Note,
    Source,
    Stage,
    StageKind,
    StageTemplate,
    StageTransition,
    Tag,
)

# Search vectors (exact names, stemmed text) live in search_vectors; re-exported here.
from recruiting.pipelines.search_vectors import SEARCH_CONFIG, candidate_refresh_search  # noqa: F401


def activity_record(
    *,
    candidate: Candidate,
    kind: str,
    summary: str,
    actor: Any | None = None,
    application: Application | None = None,
    data: dict | None = None,
    restricted: bool = False,
    at=None,
) -> Activity:
    """Add one line to a candidate's timeline."""
    return Activity.objects.create(
        candidate=candidate,
        application=application,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=at or timezone.now(),
        kind=kind,
        summary=summary[:300],
        data=data or {},
        restricted=restricted,
    )


def _default_stage_rows(template: StageTemplate | None) -> list[tuple[str, str, int | None]]:
    template = template or StageTemplate.objects.filter(is_default=True).first()
    if template is not None:
        rows = [(s.name, s.kind, s.time_limit_days) for s in template.stages.all()]
        if rows:
            return rows
    rows = []
    for name in DEFAULT_STAGES:
        kind = StageKind.OFFER if name == "Offer" else StageKind.HIRED if name == "Hired" else StageKind.ACTIVE
        rows.append((name, kind, None))
    return rows


@transaction.atomic
def posting_stages_create(*, posting, template: StageTemplate | None = None) -> list[Stage]:
    """Give a new posting its own stages, copied from `template` (default template, or
    Applied, Screen, Technical, System design, Hiring manager, Offer, Hired)."""
    if posting.stages.exists():
        return list(posting.stages.filter(retired=False))
    return Stage.objects.bulk_create(
        Stage(posting=posting, name=name, order=index, kind=kind, time_limit_days=limit)
        for index, (name, kind, limit) in enumerate(_default_stage_rows(template))
    )


def _lock_contact_keys(*keys: str) -> None:
    """Serialise the creation of people with one e-mail or phone until the transaction
    ends: two simultaneous applications with one e-mail become one person, and the second
    of two with one phone sees the first (and is suggested as its duplicate)."""
    with connection.cursor() as cursor:
        for key in sorted({k for k in keys if k}):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"candidate:{key}"])


def candidate_find_by_email(email: str) -> Candidate | None:
    """The person an application from `email` belongs to: the earliest record with the
    same normalised e-mail (Gmail dots, +tags and case ignored), or the record it was
    merged into. Never an erased person: erasure blanks their addresses, and a merge
    group is erased as a whole."""
    key = normalise_email(email) if email else ""
    if not key or "@" not in key:
        return None
    found = (
        Candidate.objects.filter(email_normalised=key, anonymised_at__isnull=True)
        .order_by(F("merged_into_id").asc(nulls_first=True), "created_at", "pk")  # unmerged records first
        .first()
    )
    seen: set[int] = set()
    while found is not None and found.merged_into_id is not None and found.pk not in seen:
        seen.add(found.pk)
        found = Candidate.objects.filter(pk=found.merged_into_id).first()
    if found is None or found.anonymised_at is not None or found.merged_into_id is not None:
        return None
    return found


@transaction.atomic
def candidate_for_applicant(
    *,
    full_name: str,
    email: str = "",
    phone: str = "",
    actor: Any | None = None,
    **profile: Any,
) -> tuple[Candidate, bool]:
    """The person an application belongs to (ADR 6). Returns (candidate, created).

    Only a normalised e-mail match attaches to an existing person, and that person is
    returned unchanged: nothing given with an application (name, phone, CV, profile
    fields) rewrites what we hold. Anything else is a new person with exactly what was
    given; when their phone, e-mail or a similar name matches an earlier record, a
    `DuplicateSuggestion` asks a recruiter to decide."""
    email_key = normalise_email(email) if email else ""
    phone_key = (normalise_phone(phone) or "") if phone else ""
    _lock_contact_keys(email_key, phone_key)
    existing = candidate_find_by_email(email)
    if existing is not None:
        return existing, False
    candidate = Candidate.objects.create(
        full_name=" ".join(full_name.split()),
        email=email.strip(),
        email_normalised=email_key,
        phone=phone.strip(),
        phone_normalised=phone_key,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **profile,
    )
    activity_record(candidate=candidate, kind="candidate.created", summary="Candidate added", actor=actor)
    # Searchable by name at once; the CV text joins the vector when it has been read.
    candidate_refresh_search([candidate.pk])
    candidate_suggest_duplicate(candidate=candidate)
    return candidate, True


def first_stage(posting) -> Stage:
    stage = posting.stages.filter(retired=False).order_by("order").first()
    if stage is None:
        stage = posting_stages_create(posting=posting)[0]
    return stage


@transaction.atomic
def application_create(
    *,
    candidate: Candidate,
    posting,
    source: str = Source.CAREERS,
    actor: Any | None = None,
    source_detail: str = "",
    referred_by=None,
    consent_version: int | None = None,
    submission_key: str | None = None,
    applicant_name: str = "",
    applicant_email: str = "",
    applicant_phone: str = "",
) -> tuple[Application, bool]:
    """Put a candidate into a posting's first stage, with the name, e-mail and phone
    given with this application (e-mails about it go there). Returns (application,
    created); applying twice to one posting returns the existing application."""
    existing = Application.objects.filter(candidate=candidate, posting=posting).first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    stage = first_stage(posting)
    application = Application.objects.create(
        candidate=candidate,
        posting=posting,
        stage=stage,
        stage_entered_at=now,
        source=source,
        source_detail=source_detail,
        referred_by=referred_by,
        consent_at=now if consent_version is not None else None,
        consent_version=consent_version,
        submission_key=submission_key,
        applicant_name=" ".join(applicant_name.split())[:150],
        applicant_email=applicant_email.strip()[:254],
        applicant_phone=applicant_phone.strip()[:32],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    StageTransition.objects.create(
        application=application,
        from_stage=None,
        to_stage=stage,
        from_state="",
        to_state=Application.State.ACTIVE,
        by=application.created_by,
        at=now,
        reason=f"Applied via {application.get_source_display()}",
    )
    activity_record(
        candidate=candidate,
        application=application,
        actor=actor,
        kind="application.created",
        summary=f"Applied to {posting.title} ({application.get_source_display()})",
    )
    return application, True


@transaction.atomic
def application_set_flags(
    *, application: Application, flags: Sequence[str], reason: str, actor: Any | None = None
) -> bool:
    """Replace an application's knock-out flags; record why on the timeline. Returns
    True when they changed."""
    flags = list(flags)
    if flags == list(application.knockout_flags):
        return False
    before = list(application.knockout_flags)
    application.knockout_flags = flags
    application.is_flagged = bool(flags)
    application.save(update_fields=["knockout_flags", "is_flagged", "updated_at"])
    summary = "Knock-out: " + "; ".join(flags) if flags else "Knock-out flags cleared"
    activity_record(
        candidate=application.candidate,
        application=application,
        actor=actor,
        kind="application.flags",
        summary=summary,
        data={"before": before, "after": flags, "reason": reason},
    )
    return True


def candidate_name_key(candidate: Candidate) -> str:
    return name_key(candidate.full_name)


def application_set_rating(*, application: Application, average: object | None) -> None:
    """Store the average scorecard rating shown on board cards (kept by the interviews app)."""
    Application.objects.filter(pk=application.pk).update(average_rating=average, updated_at=timezone.now())


# ---------------------------------------------------------------------------------------
# Search vectors
# ---------------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------
# Profile, tags, notes
# ---------------------------------------------------------------------------------------

PROFILE_FIELDS = (
    "full_name",
    "email",
    "phone",
    "current_role",
    "current_company",
    "total_years",
    "notice_period_days",
    "location",
    "skills",
)


@transaction.atomic
def candidate_update_profile(*, candidate: Candidate, actor: Any, **fields: Any) -> list[str]:
    """Change profile fields; keeps the duplicate keys and the search vector in step.
    Returns the names of the fields that changed."""
    changed = []
    before: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in PROFILE_FIELDS:
            raise TypeError(f"not a profile field: {name}")
        if name == "full_name":
            value = " ".join(str(value).split())
        if getattr(candidate, name) != value:
            before[name] = _jsonable(getattr(candidate, name))
            setattr(candidate, name, value)
            changed.append(name)
    if not changed:
        return []
    update = [*changed, "updated_at"]
    if "email" in changed:
        candidate.email_normalised = normalise_email(candidate.email) if candidate.email else ""
        update.append("email_normalised")
    if "phone" in changed:
        candidate.phone_normalised = (normalise_phone(candidate.phone) or "") if candidate.phone else ""
        update.append("phone_normalised")
    candidate.save(update_fields=update)
    activity_record(
        candidate=candidate,
        actor=actor,
        kind="candidate.updated",
        summary="Profile edited: " + ", ".join(name.replace("_", " ") for name in changed),
        data={"before": before, "fields": changed},
        restricted=True,
    )
    candidate_refresh_search([candidate.pk])
    if {"full_name", "email", "phone", "location"} & set(changed):
        candidate_suggest_duplicate(candidate=candidate)
    return changed


def tag_clean(name: str) -> str:
    """Tags are short lower-case words joined by hyphens ("immediate-joiner")."""
    return "-".join(str(name).lower().replace("_", "-").split())[:40].strip("-")


def tag_names(typed: Sequence[str]) -> list[str]:
    """The clean tag names in what people typed: "strong-go, chennai-local" is two tags,
    wherever it was typed (the candidate page, bulk actions, an import)."""
    names = {tag_clean(part) for text in typed for part in str(text).split(",")}
    return sorted(names - {""})


@transaction.atomic
def candidates_tag(
    *, candidates: Sequence[Candidate], add: Sequence[str] = (), remove: Sequence[str] = (), actor: Any = None
) -> int:
    """Add and remove tags on several candidates at once; one timeline line per candidate
    that changed. Returns how many candidates changed."""
    add_names = tag_names(add)
    remove_names = tag_names(remove)
    if not candidates or not (add_names or remove_names):
        return 0
    for name in add_names:
        Tag.objects.get_or_create(name=name)
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=[*add_names, *remove_names])}
    through = Candidate.tags.through
    ids = [c.pk for c in candidates]
    existing = set(through.objects.filter(candidate_id__in=ids).values_list("candidate_id", "tag_id"))
    to_add = [
        through(candidate_id=cid, tag_id=tags[n].pk)
        for cid in ids
        for n in add_names
        if (cid, tags[n].pk) not in existing
    ]
    remove_ids = [tags[n].pk for n in remove_names if n in tags]
    removed = set(
        through.objects.filter(candidate_id__in=ids, tag_id__in=remove_ids).values_list("candidate_id", flat=True)
    )
    through.objects.bulk_create(to_add)
    through.objects.filter(candidate_id__in=ids, tag_id__in=remove_ids).delete()
    changed = {row.candidate_id for row in to_add} | removed
    now = timezone.now()
    Activity.objects.bulk_create(
        Activity(
            candidate_id=cid,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            at=now,
            kind="candidate.tags",
            restricted=True,
            summary=_tag_summary(add_names, remove_names),
            data={"added": add_names, "removed": remove_names},
        )
        for cid in sorted(changed)
    )
    candidate_refresh_search(changed)
    return len(changed)


def _tag_summary(added: Sequence[str], removed: Sequence[str]) -> str:
    parts = []
    if added:
        parts.append("Tagged " + ", ".join(added))
    if removed:
        parts.append("untagged " + ", ".join(removed))
    return "; ".join(parts)[:300]


_MENTION_QUOTED = re.compile(r'@"([^"\n]{2,150})"')
_MENTION_EMAIL = re.compile(r"@([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")


def note_mentions(body: str):
    """The active users with a role named in `body` as @e-mail or @"Full Name"."""
    from django.contrib.auth import get_user_model

    names = {" ".join(m.split()).lower() for m in _MENTION_QUOTED.findall(body)}
    emails = {m.lower().rstrip(".") for m in _MENTION_EMAIL.findall(body)}
    if not names and not emails:
        return []
    condition = Q()
    for email in emails:
        condition |= Q(email__iexact=email)
    for name in names:
        condition |= Q(full_name__iexact=name)
    User = get_user_model()
    return list(
        User.objects.filter(condition, is_active=True).filter(~Q(role="") | Q(is_superuser=True)).order_by("pk")
    )


@transaction.atomic
def note_create(*, candidate: Candidate, author: Any, body: str, application: Application | None = None) -> Note:
    """Add a note; e-mail everybody @mentioned (once per note and person)."""
    from recruiting.notifications.services import notification_queue

    body = body.strip()
    if not body:
        raise ValueError("A note cannot be empty.")
    note = Note.objects.create(candidate=candidate, application=application, author=author, body=body[:10_000])
    from recruiting.pipelines.access_candidates import can_see_candidate

    # Only people who may open the candidate are mentioned and mailed: the e-mail carries
    # the candidate's name and the note, which must not reach another posting's manager.
    mentioned = [
        user
        for user in note_mentions(body)
        if user.pk != getattr(author, "pk", None) and can_see_candidate(user, candidate)
    ]
    if mentioned:
        note.mentions.set(mentioned)
    activity_record(
        candidate=candidate,
        application=application,
        actor=author,
        kind="note.added",
        restricted=True,
        summary=f"Note: {body[:120]}",
        data={"note": note.pk, "mentions": [u.pk for u in mentioned]},
    )
    for user in mentioned:
        # Interviewers may be mentioned, but notes are not theirs to read: they get the link only.
        notification_queue(
            key=f"mention:{note.pk}:{user.pk}",
            kind="mention",
            to=[user.email],
            context={
                "recipient": user.get_short_name(),
                "author": str(author) if author else "Someone",
                "candidate": candidate.full_name,
                "body": body[:1000] if not user.is_interviewer else "",
                "url": candidate.get_absolute_url(),
            },
            related=note,
        )
    candidate_refresh_search([candidate.pk])
    return note


# ---------------------------------------------------------------------------------------
# Recruiter-added candidates
# ---------------------------------------------------------------------------------------


@transaction.atomic
def candidate_add_by_recruiter(
    *,
    actor: Any,
    full_name: str,
    email: str = "",
    phone: str = "",
    posting=None,
    source: str = Source.SOURCED,
    source_detail: str = "",
    referred_by=None,
    cv=None,
    cv_type: str = "",
    **profile: Any,
) -> tuple[Candidate, Application | None, bool]:
    """Add a person found by a recruiter, by the same rule as the apply form (ADR 6): the
    existing person with the same e-mail gets the application, unchanged; anybody else is
    a new person (a matching phone or name becomes a duplicate suggestion). Optionally
    into a posting's first stage, and with a CV, kept as a document of that application
    (or of the person when there is none). Returns (candidate, application or None,
    created)."""
    from recruiting.pipelines.documents import document_store
    from recruiting.postings.cv import check_cv

    candidate, created = candidate_for_applicant(full_name=full_name, email=email, phone=phone, actor=actor, **profile)
    application, applied_now = None, False
    if posting is not None:
        application, applied_now = application_create(
            candidate=candidate,
            posting=posting,
            source=source,
            actor=actor,
            source_detail=source_detail,
            referred_by=referred_by,
            applicant_name=full_name,
            applicant_email=email,
            applicant_phone=(normalise_phone(phone) or phone) if phone else "",
        )
    if cv is not None:
        # A CV goes with the application it came with; one for an application we already
        # had was not sent with it, so it is the person's.
        document_store(
            candidate=candidate,
            application=application if applied_now else None,
            upload=cv,
            file_type=cv_type or check_cv(cv),
            actor=actor,
        )
    return candidate, application, created


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


class MergeRefused(ValueError):
    """A merge (or its undo) that cannot be done; str(exc) says why, for the page."""


_STATE_RANK = {Application.State.HIRED: 3, Application.State.ACTIVE: 2}
_MERGE_FILL_FIELDS = (
    "email",
    "email_normalised",
    "phone",
    "phone_normalised",
    "current_role",
    "current_company",
    "total_years",
    "notice_period_days",
    "location",
)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or ""
    return value


def _advancement(application: Application) -> tuple[int, int, int]:
    return (_STATE_RANK.get(application.state, 1), application.stage.order, -application.pk)


def _set_state(application: Application, state: str, *, actor: Any, reason: str, at) -> None:
    """A state change made by a merge (or its undo), with its history row."""
    before = application.state
    application.state = state
    application.version += 1
    application.save(update_fields=["state", "version", "updated_at"])
    StageTransition.objects.create(
        application=application,
        from_stage=application.stage,
        to_stage=application.stage,
        from_state=before,
        to_state=state,
        by=actor if getattr(actor, "is_authenticated", False) else None,
        at=at,
        reason=reason,
    )


def _defer_application_uniqueness() -> None:
    # Two applications may trade owners; uniqueness is checked again at commit.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS one_application_per_posting DEFERRED")


@transaction.atomic
def candidate_merge(*, source: Candidate, target: Candidate, actor: Any) -> CandidateMerge:
    """Merge the duplicate `source` into `target`.

    Applications (with their documents), notes, timeline, tags and documents added to
    the person move to `target`; empty profile fields of `target` are filled from `source`. When both applied to one posting, the more advanced
    application is kept on `target` and the other stays with `source`, withdrawn. Every
    change is written to the merge record's snapshot so `candidate_merge_undo` can restore
    it exactly; `source` is marked merged into `target`."""
    if source.pk == target.pk:
        raise MergeRefused("A candidate cannot be merged into themselves.")
    locked = {c.pk: c for c in Candidate.objects.select_for_update().filter(pk__in=[source.pk, target.pk])}
    source, target = locked[source.pk], locked[target.pk]
    for person in (source, target):
        if person.merged_into_id is not None:
            raise MergeRefused(f"{person.full_name} has already been merged into someone else.")
        if person.anonymised_at is not None:
            raise MergeRefused(f"{person.full_name} has been anonymised.")
    now = timezone.now()
    _defer_application_uniqueness()
    moved: dict[str, list[list[int]]] = {"application": [], "note": [], "activity": []}
    states: list[list[Any]] = []
    source_apps = list(Application.objects.filter(candidate=source).select_related("stage", "posting"))
    target_apps = {a.posting_id: a for a in Application.objects.filter(candidate=target).select_related("stage")}
    stays_with_source: set[int] = set()
    to_target: list[int] = []
    for app in source_apps:
        rival = target_apps.get(app.posting_id)
        if rival is None:
            to_target.append(app.pk)
            continue
        winner, loser = (app, rival) if _advancement(app) > _advancement(rival) else (rival, app)
        if winner is app:
            to_target.append(app.pk)
            moved["application"].append([rival.pk, target.pk])
            Application.objects.filter(pk=rival.pk).update(candidate=source)
        stays_with_source.add(loser.pk)
        if loser.state == Application.State.ACTIVE:
            states.append([loser.pk, loser.state, loser.version])
            _set_state(
                loser,
                Application.State.WITHDRAWN,
                actor=actor,
                at=now,
                reason=f"Duplicate of {winner.public_id} (candidates merged)",
            )
    if to_target:
        Application.objects.filter(pk__in=to_target).update(candidate=target)
        moved["application"] += [[pk, source.pk] for pk in to_target]

    notes = list(
        Note.objects.filter(candidate=source).exclude(application_id__in=stays_with_source).values_list("pk", flat=True)
    )
    Note.objects.filter(pk__in=notes).update(candidate=target)
    moved["note"] = [[pk, source.pk] for pk in notes]
    # A timeline line follows its application; lines about the person go to `target`.
    activities_to_target = list(
        Activity.objects.filter(candidate=source)
        .exclude(application_id__in=stays_with_source)
        .values_list("pk", flat=True)
    )
    activities_to_source = list(
        Activity.objects.filter(candidate=target, application_id__in=stays_with_source).values_list("pk", flat=True)
    )
    Activity.objects.filter(pk__in=activities_to_target).update(candidate=target)
    Activity.objects.filter(pk__in=activities_to_source).update(candidate=source)
    moved["activity"] = [[pk, source.pk] for pk in activities_to_target] + [
        [pk, target.pk] for pk in activities_to_source
    ]
    # Documents of an application went with it (the database cascades the owner); those
    # a recruiter added to the person go to `target`.
    own_documents = list(
        Document.objects.filter(candidate=source, application__isnull=True).values_list("pk", flat=True)
    )
    Document.objects.filter(pk__in=own_documents).update(candidate=target)
    moved["document"] = [[pk, source.pk] for pk in own_documents]

    tag_ids = set(source.tags.values_list("pk", flat=True)) - set(target.tags.values_list("pk", flat=True))
    target.tags.add(*tag_ids)

    fields_before: dict[str, Any] = {}
    for name in _MERGE_FILL_FIELDS:
        if getattr(target, name) in (None, "") and getattr(source, name) not in (None, ""):
            fields_before[name] = _jsonable(getattr(target, name))
            setattr(target, name, getattr(source, name))
    new_skills = [s for s in (source.skills or []) if s not in (target.skills or [])]
    if new_skills:
        fields_before["skills"] = list(target.skills or [])
        target.skills = [*(target.skills or []), *new_skills]
    if fields_before:
        target.save(update_fields=[*fields_before, "updated_at"])
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])

    snapshot = {
        "moved": moved,
        "states": states,
        "tags_added": sorted(tag_ids),
        "fields_before": fields_before,
        "source_name": source.full_name,
        "target_name": target.full_name,
    }
    merge = CandidateMerge.objects.create(
        source=source, target=target, merged_by=_user_or_none(actor), snapshot=snapshot
    )
    summary = (
        f"Merged duplicate {source.full_name}: {len(to_target)} application(s), {len(notes)} note(s), "
        f"{len(tag_ids)} tag(s) moved"
    )
    activity_record(candidate=target, actor=actor, kind="candidate.merged", summary=summary, data={"merge": merge.pk})
    audit_record(
        actor=actor,
        action="candidate.merge",
        obj=target,
        before={"source": str(source.public_id), "target": str(target.public_id)},
        after={"merge": merge.pk, **snapshot},
    )
    candidate_refresh_search([source.pk, target.pk])
    return merge


@transaction.atomic
def candidate_merge_undo(*, merge: CandidateMerge, actor: Any) -> CandidateMerge:
    """Undo a merge: every row and value recorded in its snapshot goes back."""
    merge = CandidateMerge.objects.select_for_update().select_related("source", "target").get(pk=merge.pk)
    if merge.undone_at is not None:
        raise MergeRefused("This merge has already been undone.")
    source, target = merge.source, merge.target
    if source.merged_into_id != target.pk:
        raise MergeRefused("The merged candidate has changed since; this merge can no longer be undone.")
    if target.merged_into_id is not None:
        raise MergeRefused(f"{target.full_name} has since been merged into someone else; undo that merge first.")
    snapshot = merge.snapshot
    now = timezone.now()
    _defer_application_uniqueness()
    # Applications first: their documents follow them back (ON UPDATE CASCADE).
    models_by_kind = {"application": Application, "note": Note, "activity": Activity, "document": Document}
    for kind, rows in snapshot["moved"].items():
        by_owner: dict[int, list[int]] = {}
        for pk, owner in rows:
            by_owner.setdefault(owner, []).append(pk)
        for owner, pks in by_owner.items():
            models_by_kind[kind].objects.filter(pk__in=pks).update(candidate_id=owner)
    for pk, state, _version in snapshot["states"]:
        application = Application.objects.select_related("stage").filter(pk=pk).first()
        if application is not None and application.state != state:
            _set_state(application, state, actor=actor, at=now, reason="Candidates' merge undone")
    target.tags.remove(*snapshot["tags_added"])
    # Merges from before documents (ADR 6) also recorded CV columns the person no longer has.
    fields = {k: v for k, v in snapshot["fields_before"].items() if k in (*_MERGE_FILL_FIELDS, "skills")}
    for name, value in fields.items():
        if name == "total_years" and value is not None:
            value = Decimal(value)
        setattr(target, name, value)
    if fields:
        target.save(update_fields=[*fields, "updated_at"])
    source.merged_into = None
    source.save(update_fields=["merged_into", "updated_at"])
    merge.undone_at = now
    merge.undone_by = _user_or_none(actor)
    merge.save(update_fields=["undone_at", "undone_by", "updated_at"])
    activity_record(
        candidate=target,
        actor=actor,
        kind="candidate.merge_undone",
        summary=f"Merge of {source.full_name} undone",
        data={"merge": merge.pk},
    )
    audit_record(actor=actor, action="candidate.merge_undo", obj=target, before={"merge": merge.pk})
    candidate_refresh_search([source.pk, target.pk])
    return merge


def _user_or_none(actor: Any):
    return actor if getattr(actor, "is_authenticated", False) else None


def import_batches_purge(*, older_than_hours: int = 24) -> int:
    """Drop unconfirmed CSV uploads after a day: personal data is kept no longer than needed."""
    from datetime import timedelta

    from recruiting.pipelines.models import ImportBatch

    cutoff = timezone.now() - timedelta(hours=older_than_hours)
    stale = ImportBatch.objects.filter(status=ImportBatch.Status.PENDING, created_at__lt=cutoff)
    return stale.delete()[0]
