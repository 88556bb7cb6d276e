"""Bulk actions on up to 500 selected applications (move, reject, tag, untag), run as a
background job: each application is one row with its record (jobs.py)."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied

from recruiting.pipelines import moves
from recruiting.pipelines.jobs import job_create, job_process
from recruiting.pipelines.models import Application, RejectionReason, Stage
from recruiting.pipelines.models_jobs import BackgroundJob, JobRow
from recruiting.pipelines.services import candidates_tag
from recruiting.postings.models import Posting

BULK_MAX = 500
BULK_CHUNK = 25
ACTION_LABELS = {"move": "Move to stage", "reject": "Reject", "tag": "Add tags", "untag": "Remove tags"}


def bulk_start(*, actor, action: str, selected: list[str], versions: dict[str, int], options: dict) -> BackgroundJob:
    """A job applying `action` to each selected application (ids as typed; at most
    BULK_MAX). `options`: to_stage (a stage name), reason (id), note, send_email, tags."""
    wanted = list(dict.fromkeys(value for value in selected if value))[:BULK_MAX]
    label = ACTION_LABELS[action]
    detail = options.get("to_stage") or ", ".join(options.get("tags") or []) or ""
    return job_create(
        kind=BackgroundJob.Kind.BULK,
        actor=actor,
        title=f"{label}{': ' + detail if detail else ''} ({len(wanted)} selected)",
        total=len(wanted),
        params={"action": action, "selected": wanted, "versions": versions, **options},
    )


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def bulk_job_run(job: BackgroundJob) -> None:
    params = job.params
    user = job.created_by
    action = params["action"]
    ids = [u for u in (_as_uuid(v) for v in params["selected"]) if u is not None]
    apps = {
        str(app.public_id): app
        for app in Application.objects.visible_to(user)
        .filter(posting__in=Posting.objects.manageable_by(user).values("pk"))
        .filter(public_id__in=ids)
        .select_related("candidate", "posting", "stage")
    }
    reason = RejectionReason.objects.filter(pk=params.get("reason")).first() if action == "reject" else None
    stages = {}
    if action == "move":
        stages = {
            s.posting_id: s
            for s in Stage.objects.filter(
                posting__in={a.posting_id for a in apps.values()}, name=params["to_stage"], retired=False
            )
        }

    def handle(_position: int, key: str) -> tuple[str, str, dict]:
        app = apps.get(key)
        if app is None:
            return JobRow.Outcome.REFUSED, f"{key}: not found or not yours", {}
        label = {"name": app.candidate.full_name, "posting": app.posting.title}
        try:
            _apply(app, action=action, user=user, params=params, stage=stages.get(app.posting_id), reason=reason)
        except (moves.MoveRefused, ValueError, PermissionDenied) as exc:
            return JobRow.Outcome.REFUSED, f"{app.candidate.full_name} ({app.posting.title}): {exc}", label
        return JobRow.Outcome.APPLIED, f"{app.candidate.full_name} ({app.posting.title})", label

    job_process(job, ((i, value[:64]) for i, value in enumerate(params["selected"])), handle, chunk=BULK_CHUNK)


def _apply(app: Application, *, action: str, user, params: dict, stage: Stage | None, reason) -> None:
    if action in ("tag", "untag"):
        tags = params.get("tags") or []
        candidates_tag(
            candidates=[app.candidate], actor=user, **({"add": tags} if action == "tag" else {"remove": tags})
        )
        return
    # The version the user saw when selecting; a change since then refuses the row.
    expected = params.get("versions", {}).get(str(app.public_id)) or app.version
    if action == "move":
        if stage is None:
            raise ValueError(f"{app.posting.title} has no stage called {params['to_stage']}.")
        moves.application_move(application=app, to_stage=stage, actor=user, expected_version=expected)
        return
    if reason is None:
        raise ValueError("That rejection reason is no longer available.")
    moves.application_reject(
        application=app,
        reason=reason,
        note=params.get("note") or "",
        actor=user,
        send_email=bool(params.get("send_email")),
        expected_version=expected,
        email_delay_hours=app.posting.rejection_delay_hours,
    )
