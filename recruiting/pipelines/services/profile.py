"""A person's profile, their tags and the notes about them (with @mentions)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from recruiting.core.contact import normalise_email, normalise_phone
from recruiting.pipelines.models import (
    Activity,
    Application,
    Candidate,
    Note,
    Tag,
)
from recruiting.pipelines.services.duplicates import candidate_suggest_duplicate
from recruiting.pipelines.services.search_index import candidate_refresh_search
from recruiting.pipelines.services.timeline import activity_record
from recruiting.pipelines.services.timeline import jsonable as _jsonable

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


def mention_token(user) -> str:
    """What a note says to mention `user`, in the form `note_mentions` reads back: the
    e-mail (unique) when it fits the pattern, else the quoted full name."""
    token = f"@{user.email}"
    if user.email and _MENTION_EMAIL.fullmatch(token):
        return token
    return f'@"{user.full_name}"'


# Enough to pick from while typing; more would hide the field under a long list.
MENTION_SUGGESTIONS = 8


def note_mention_suggestions(*, candidate: Candidate, asking: Any, prefix: str) -> list:
    """Active colleagues (not `asking`) who may see `candidate`, whose name, a word of
    their name, or e-mail starts with `prefix`; at most MENTION_SUGGESTIONS, by name.
    One query. Who may see is `candidate_viewers`, the rule `note_create` tells by."""
    from recruiting.pipelines.access_candidates import candidate_viewers

    prefix = " ".join(prefix.split())
    people = candidate_viewers(candidate).filter(is_active=True).exclude(pk=getattr(asking, "pk", None))
    if prefix:
        people = people.filter(
            Q(full_name__istartswith=prefix) | Q(full_name__icontains=f" {prefix}") | Q(email__istartswith=prefix)
        )
    return list(people.order_by("full_name", "email")[:MENTION_SUGGESTIONS])


@transaction.atomic
def note_create(*, candidate: Candidate, author: Any, body: str, application: Application | None = None) -> Note:
    """Add a note; e-mail everybody @mentioned (once per note and person) who may see the
    candidate. The note's `not_told` lists the mentioned people who may not."""
    from recruiting.notifications.services import notification_queue

    body = body.strip()
    if not body:
        raise ValueError("A note cannot be empty.")
    note = Note.objects.create(candidate=candidate, application=application, author=author, body=body[:10_000])
    from recruiting.pipelines.access_candidates import candidate_viewers

    # Only people who may open the candidate are mentioned and mailed: the e-mail carries
    # the candidate's name and the note, which must not reach another posting's manager.
    # The same rule offers names while typing (`note_mention_suggestions`).
    named = [user for user in note_mentions(body) if user.pk != getattr(author, "pk", None)]
    may_see = set(candidate_viewers(candidate).filter(pk__in=[u.pk for u in named]).values_list("pk", flat=True))
    mentioned = [user for user in named if user.pk in may_see]
    # Those left out are not told, but the author is (the view says so): silence would
    # read as "they have been told".
    note.not_told = [user for user in named if user not in mentioned]
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
