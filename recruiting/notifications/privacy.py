"""What the outbox holds about a person, for data protection (recruiting.privacy): the
e-mails sent to their addresses and those about them (related to their rows)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db.models import Q

from recruiting.core.privacy import redact
from recruiting.notifications.models import Notification

ERASED_TEXT = "(erased)"
PENDING = (Notification.Status.QUEUED, Notification.Status.RETRYING)


def addressed_to(emails: Sequence[str]) -> Q:
    """Outbox rows with one of `emails` among their recipients (JSON containment)."""
    condition = Q(pk__in=[])
    for address in emails:
        condition |= Q(to__contains=[address])
    return condition


def notifications_erase(
    *, emails: Sequence[str], related: Q, now: datetime, cancel_related_types: Sequence[str]
) -> None:
    """E-mails to the person: pending ones cancelled; their recipients, subjects, bodies
    and attachments blanked. E-mails about them to colleagues (mentions in notes,
    interview invitations): bodies blanked once they have gone out; pending calendar
    updates still go, so panelists' calendars stay right; pending ones related to rows of
    `cancel_related_types` (notes' mentions) are cancelled instead."""
    blank = {"subject": ERASED_TEXT, "body_text": "", "body_html": "", "attachments": []}
    if emails:
        addressed = Notification.objects.filter(addressed_to(emails))
        addressed.filter(status__in=PENDING).update(status=Notification.Status.CANCELLED, updated_at=now)
        keys = {address.lower() for address in emails}
        rows = list(addressed.only("pk", "to", "idempotency_key"))
        for row in rows:
            row.to = [address for address in row.to or [] if address.lower() not in keys]
            # Keys may embed the address; the row's own id keeps the key unique.
            row.idempotency_key = redact(row.idempotency_key, emails, f"erased-{row.pk}")[:200]
            row.subject, row.body_text, row.body_html, row.attachments = ERASED_TEXT, "", "", []
            row.updated_at = now
        Notification.objects.bulk_update(rows, ["to", "idempotency_key", *blank, "updated_at"])
    about = Notification.objects.filter(related)
    about.filter(status__in=PENDING, related_type__in=list(cancel_related_types)).update(
        status=Notification.Status.CANCELLED, updated_at=now
    )
    about.exclude(status__in=PENDING).update(**blank, updated_at=now)
