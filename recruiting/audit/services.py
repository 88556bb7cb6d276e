from __future__ import annotations

from typing import Any

from django.db import models

from recruiting.audit.models import AuditEvent
from recruiting.core.middleware import current_request_id


def audit_record(
    *,
    actor: Any | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    label: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Write one audit row. Call inside the business transaction so both commit together."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "public_id", None) or obj.pk)
        label = label or str(obj)[:255]
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=(actor.email if is_user else "system"),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=label,
        before=before or {},
        after=after or {},
        request_id=current_request_id() if current_request_id() != "-" else "",
    )
