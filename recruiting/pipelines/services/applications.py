"""Stages of a posting, the person behind an application (the e-mail rule, ADR 6) and
the application itself: created, flagged, rated."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from recruiting.core.contact import name_key, normalise_email, normalise_phone
from recruiting.pipelines import signals
from recruiting.pipelines.models import (
    DEFAULT_STAGES,
    Application,
    Candidate,
    Source,
    Stage,
    StageKind,
    StageTemplate,
    StageTransition,
)
from recruiting.pipelines.services.duplicates import candidate_suggest_duplicate
from recruiting.pipelines.services.search_index import candidate_refresh_search
from recruiting.pipelines.services.timeline import activity_record


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
    signals.application_created.send(sender=Application, application=application, actor=actor)
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
