"""Writes on candidates, applications and stages. Other apps call these; none writes
pipelines tables directly."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from recruiting.core.contact import name_key, normalise_email, normalise_phone
from recruiting.pipelines.models import (
    DEFAULT_STAGES,
    Activity,
    Application,
    Candidate,
    Source,
    Stage,
    StageKind,
    StageTemplate,
    StageTransition,
)


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


def candidate_find_duplicate(*, email: str = "", phone: str = "") -> Candidate | None:
    """The existing person with the same normalised e-mail or phone, if any."""
    email_key = normalise_email(email) if email else ""
    phone_key = normalise_phone(phone) if phone else None
    condition = Q()
    if email_key:
        condition |= Q(email_normalised=email_key)
    if phone_key:
        condition |= Q(phone_normalised=phone_key)
    if not condition:
        return None
    return Candidate.objects.active().filter(condition).order_by("created_at").first()


@transaction.atomic
def candidate_find_or_create(
    *,
    full_name: str,
    email: str = "",
    phone: str = "",
    actor: Any | None = None,
    **fields: Any,
) -> tuple[Candidate, bool]:
    """Link to the existing person (same normalised e-mail or phone) or create one.

    Empty profile fields of an existing person are filled in; filled ones are kept.
    """
    existing = candidate_find_duplicate(email=email, phone=phone)
    if existing is not None:
        # Lock so two applications of one person at once cannot both fill fields.
        existing = Candidate.objects.select_for_update().get(pk=existing.pk)
        changed = []
        for name, value in {"email": email, "phone": phone, **fields}.items():
            if value not in (None, "") and getattr(existing, name) in (None, ""):
                setattr(existing, name, value)
                changed.append(name)
        if changed:
            existing.email_normalised = normalise_email(existing.email) if existing.email else ""
            existing.phone_normalised = normalise_phone(existing.phone) or "" if existing.phone else ""
            existing.save(update_fields=[*changed, "email_normalised", "phone_normalised", "updated_at"])
        return existing, False
    candidate = Candidate.objects.create(
        full_name=" ".join(full_name.split()),
        email=email.strip(),
        email_normalised=normalise_email(email) if email else "",
        phone=phone.strip(),
        phone_normalised=(normalise_phone(phone) or "") if phone else "",
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    activity_record(candidate=candidate, kind="candidate.created", summary="Candidate added", actor=actor)
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
) -> tuple[Application, bool]:
    """Put a candidate into a posting's first stage. Returns (application, created);
    applying twice to one posting returns the existing application."""
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
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    StageTransition.objects.create(
        application=application, from_stage=None, to_stage=stage, from_state="",
        to_state=Application.State.ACTIVE, by=application.created_by, at=now, reason=f"Applied via {application.get_source_display()}",
    )
    activity_record(
        candidate=candidate, application=application, actor=actor, kind="application.created",
        summary=f"Applied to {posting.title} ({application.get_source_display()})",
    )
    return application, True


@transaction.atomic
def application_set_flags(*, application: Application, flags: Sequence[str], reason: str, actor: Any | None = None) -> bool:
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
        candidate=application.candidate, application=application, actor=actor, kind="application.flags",
        summary=summary, data={"before": before, "after": flags, "reason": reason},
    )
    return True


def candidate_name_key(candidate: Candidate) -> str:
    return name_key(candidate.full_name)


def application_set_rating(*, application: Application, average: object | None) -> None:
    """Store the average scorecard rating shown on board cards (kept by the interviews app)."""
    Application.objects.filter(pk=application.pk).update(average_rating=average, updated_at=timezone.now())
