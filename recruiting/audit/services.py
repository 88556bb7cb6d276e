from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

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


def audit_redact(*, personal: Sequence[str], label: str) -> int:
    """Erasure of a person (DPDP/GDPR): replace their personal strings (name, e-mail,
    phone) wherever earlier audit rows quote them, keeping who did what and when.
    Returns how many rows changed. The erasure itself is audited by the caller."""
    values = [v for v in personal if v and len(v) >= 3]
    if not values:
        return 0
    as_text = {"before_text": Cast("before", TextField()), "after_text": Cast("after", TextField())}
    matches = Q()
    for value in values:
        matches |= Q(object_label__icontains=value) | Q(before_text__icontains=value) | Q(after_text__icontains=value)
    rows = list(AuditEvent.objects.annotate(**as_text).filter(matches))
    pattern = re.compile("|".join(re.escape(v) for v in values), flags=re.IGNORECASE)
    for row in rows:
        row.object_label = pattern.sub(label, row.object_label)[:255]
        row.before = json.loads(pattern.sub(label, json.dumps(row.before, cls=DjangoJSONEncoder)))
        row.after = json.loads(pattern.sub(label, json.dumps(row.after, cls=DjangoJSONEncoder)))
    AuditEvent.objects.bulk_update(rows, ["object_label", "before", "after"])
    return len(rows)
