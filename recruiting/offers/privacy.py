"""What offers hold about a person, for export and erasure (core.privacy; the
`recruiting.privacy` app calls these for every registered app)."""

from __future__ import annotations

from typing import Any

from recruiting.core.privacy import Subject, redact
from recruiting.offers.models import Offer, OfferQuestion, OfferRevision


def held_counts(*, subject: Subject) -> dict[str, int]:
    ids = subject.application_ids
    return {
        "offers": Offer.objects.filter(application_id__in=ids).count(),
        "offer_revisions": OfferRevision.objects.filter(offer__application_id__in=ids).count(),
        "offer_questions": OfferQuestion.objects.filter(offer__application_id__in=ids).count(),
    }


def _revision(revision: OfferRevision) -> dict[str, Any]:
    return {
        "number": revision.number,
        "title": revision.title,
        "level": revision.level,
        "fixed_pay": revision.fixed_pay,
        "variable_pay": revision.variable_pay,
        "joining_bonus": revision.joining_bonus,
        "relocation": revision.relocation,
        "equity_units": revision.equity_units,
        "equity_vesting": revision.equity_vesting,
        "work_location": revision.work_location,
        "joining_date": revision.joining_date,
        "expires_on": revision.expires_on,
        "note_to_candidate": revision.note_to_candidate,
        "created_at": revision.created_at,
    }


def export_applications(*, subject: Subject) -> dict[int, dict[str, Any]]:
    """Each application's offer: its state, the revisions the person could have been
    sent, their signature or reason to decline, and their questions (3 queries)."""
    offers = Offer.objects.filter(application_id__in=subject.application_ids).prefetch_related("revisions", "questions")
    exported: dict[int, dict[str, Any]] = {}
    for offer in offers:
        exported[offer.application_id] = {
            "offer": {
                "state": offer.state,
                "sent_at": offer.sent_at,
                "answered_at": offer.answered_at,
                "signature_name": offer.signature_name,
                "signature_ip": offer.signature_ip,
                "decline_reason": offer.decline_reason,
                "decline_text": offer.decline_text,
                "revisions": [_revision(r) for r in sorted(offer.revisions.all(), key=lambda r: r.number)],
                "questions": [{"asked_at": q.asked_at, "text": q.text} for q in offer.questions.all()],
            }
        }
    return exported


def erase(*, subject: Subject) -> list[tuple[str, list[int]]]:
    """The signature becomes the erased label (an accepted offer stays signed), the
    address and free texts go, the candidate's questions are deleted, and the notes to
    the candidate are redacted. The figures stay: they are the company's records of a
    hire. Returns the offers, whose e-mails (letter, link) the outbox part blanks."""
    offers = Offer.objects.filter(application_id__in=subject.application_ids)
    ids = list(offers.values_list("pk", flat=True))
    offers.exclude(signature_name="").update(signature_name=subject.label[:150] or "Erased", updated_at=subject.now)
    offers.update(signature_ip=None, decline_text="")
    OfferQuestion.objects.filter(offer_id__in=ids).delete()
    revisions = list(OfferRevision.objects.filter(offer_id__in=ids).exclude(note_to_candidate=""))
    for revision in revisions:
        revision.note_to_candidate = redact(revision.note_to_candidate, subject.personal, subject.label)
    OfferRevision.objects.bulk_update(revisions, ["note_to_candidate"])
    return [(Offer._meta.label_lower, ids)]
