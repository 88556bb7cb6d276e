"""The daily offers job: expire offers past their date, remind the candidate two working
days before (once per revision). Idempotent: each offer is handled under its row lock
and re-checked there; the reminder is marked on the offer and keyed in the outbox."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from recruiting.audit.services import audit_record
from recruiting.core.workdays import add_working_days
from recruiting.interviews.scheduling import holidays_for
from recruiting.notifications.services import notification_queue
from recruiting.offers.answers import offer_link_url
from recruiting.offers.models import Offer, OfferState
from recruiting.pipelines.services import activity_record

REMINDER_WORKING_DAYS = 2


def _locked(pk: int) -> Offer:
    return (
        Offer.objects.select_for_update(of=("self",))
        .select_related("current", "application__candidate", "application__posting")
        .get(pk=pk)
    )


def offers_expire(*, today: date | None = None) -> int:
    """Mark sent offers whose validity date has passed as expired."""
    today = today or timezone.localdate()
    done = 0
    for pk in Offer.objects.filter(state=OfferState.SENT, current__expires_on__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            offer = _locked(pk)
            if offer.state != OfferState.SENT or offer.current.expires_on >= today:
                continue  # answered or revised meanwhile
            offer.state = OfferState.EXPIRED
            offer.version += 1
            offer.save(update_fields=["state", "version", "updated_at"])
            audit_record(actor=None, action="offer.expire", obj=offer, after={"revision": offer.current.number})
            activity_record(
                candidate=offer.application.candidate,
                application=offer.application,
                kind="offer.expired",
                summary="Offer expired without an answer",
                restricted=True,
            )
            done += 1
    return done


def offers_remind(*, today: date | None = None) -> int:
    """E-mail the candidate once when their offer expires within two working days."""
    today = today or timezone.localdate()
    horizon = add_working_days(today, REMINDER_WORKING_DAYS, holidays_for({today.year, today.year + 1}))
    due = Offer.objects.filter(
        state=OfferState.SENT, current__expires_on__gte=today, current__expires_on__lte=horizon
    ).values_list("pk", flat=True)
    done = 0
    for pk in due:
        with transaction.atomic():
            offer = _locked(pk)
            revision = offer.current
            if offer.state != OfferState.SENT or offer.reminded_revision == revision.number:
                continue
            application = offer.application
            notification_queue(
                key=f"offer-reminder:{offer.public_id}:{revision.number}",
                kind="offer_reminder",
                to=[application.contact_email],
                context={
                    "name": application.contact_name,
                    "posting_title": application.posting.title,
                    "expires_on": revision.expires_on,
                    "url": offer_link_url(offer, revision),
                },
                related=offer,
            )
            offer.reminded_revision = revision.number
            offer.save(update_fields=["reminded_revision", "updated_at"])
            done += 1
    return done


@shared_task(acks_late=True)
def daily_offers() -> dict[str, int]:
    """The beat's daily entry (recruiting/celery.py)."""
    return {"expired": offers_expire(), "reminded": offers_remind()}
