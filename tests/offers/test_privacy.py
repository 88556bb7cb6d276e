from __future__ import annotations

import io
import json
import zipfile

import pytest

from recruiting.notifications.models import Notification
from recruiting.offers import answers, services
from recruiting.offers.models import Offer, OfferQuestion, OfferRevision
from recruiting.privacy.erasure import candidate_erase
from recruiting.privacy.export import candidate_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(application, recruiter, hiring_manager, terms):
    offer = services.offer_save(
        application=application, actor=recruiter, terms=terms(note_to_candidate="Dear Meera Krishnan, welcome!")
    )
    offer = services.offer_send(offer=offer, actor=hiring_manager)
    token = answers.offer_link_token(offer, offer.current)
    answers.offer_ask(token=token, text="Meera here: is relocation paid?", ip="198.51.100.4")
    return answers.offer_accept(token=token, typed_name="Meera Krishnan", ip="198.51.100.4")


def test_the_export_holds_the_offer_the_signature_and_the_questions(accepted, application, admin_user):
    data = json.loads(zipfile.ZipFile(io.BytesIO(candidate_export(candidate=application.candidate,
                                                                  actor=admin_user))).read("candidate.json"))  # fmt: skip
    exported = json.dumps(data)
    assert "Meera Krishnan" in exported
    assert "is relocation paid?" in exported
    assert "2500000" in exported


def test_erasure_scrubs_the_signature_questions_notes_and_letters(accepted, application, admin_user):
    candidate_erase(candidate=application.candidate, actor=admin_user, reason="Her request of 27 Nov")
    offer = Offer.objects.get(pk=accepted.pk)
    assert offer.state == "accepted"
    assert "Meera" not in offer.signature_name
    assert offer.signature_ip is None
    assert not OfferQuestion.objects.filter(offer=offer).exists()
    assert "Meera" not in OfferRevision.objects.get(offer=offer).note_to_candidate
    letter = Notification.objects.get(kind="offer_letter")
    assert (letter.body_text, letter.attachments) == ("", [])
    # E-mails about the person to colleagues are blanked once gone (pending ones still go).
    gone = Notification.objects.filter(related_type="offers.offer", related_id=str(offer.pk)).exclude(
        status__in=["queued", "retrying"]
    )
    assert gone.exists()
    assert not [mail for mail in gone if "Meera" in mail.body_text]
