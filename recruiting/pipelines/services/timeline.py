"""The timeline: one line per thing that happened to a person (Activity)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from recruiting.pipelines.models import (
    Activity,
    Application,
    Candidate,
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


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or ""
    return value


def user_or_none(actor: Any):
    return actor if getattr(actor, "is_authenticated", False) else None
