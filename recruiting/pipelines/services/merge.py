"""Merging two records of one person, and undoing it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from recruiting.audit.services import audit_record
from recruiting.pipelines.models import (
    Activity,
    Application,
    Candidate,
    CandidateMerge,
    Document,
    Note,
    StageTransition,
)
from recruiting.pipelines.services.search_index import candidate_refresh_search
from recruiting.pipelines.services.timeline import activity_record
from recruiting.pipelines.services.timeline import jsonable as _jsonable
from recruiting.pipelines.services.timeline import user_or_none as _user_or_none


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
