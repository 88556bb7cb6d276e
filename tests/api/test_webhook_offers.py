"""offer.accepted and offer.declined reach webhook receivers, signed, without the terms."""

from __future__ import annotations

import pytest

from recruiting.api.models import WebhookDelivery, WebhookEndpoint
from recruiting.api.webhooks.delivery import webhook_deliver
from recruiting.api.webhooks.signing import new_secret
from recruiting.offers import answers, services
from recruiting.offers.models import Offer
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory
from tests.offers.factories import make_terms
from tests.support.webhook_receiver import payloads, serve

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    yield from serve(new_secret())


def _sent_offer(recruiter, hiring_manager):
    posting = PostingFactory(hiring_manager=hiring_manager, openings=2)
    posting.recruiters.add(recruiter)
    application = ApplicationFactory(
        posting=posting, candidate=CandidateFactory(full_name="Meera Krishnan", notice_period_days=15)
    )
    offer = services.offer_save(application=application, actor=recruiter, terms=make_terms())
    offer = services.offer_send(
        offer=offer, actor=hiring_manager, expected_version=Offer.objects.get(pk=offer.pk).version
    )
    offer = Offer.objects.select_related("current").get(pk=offer.pk)
    return offer, answers.offer_link_token(offer, offer.current)


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_an_offer_answer_is_announced(receiver, recruiter, hiring_manager, answer):
    WebhookEndpoint.objects.create(
        name="HR system", url=receiver.url, secret=receiver.secret, events=["offer.accepted", "offer.declined"]
    )
    offer, token = _sent_offer(recruiter, hiring_manager)
    if answer == "accept":
        answers.offer_accept(token=token, typed_name="Meera Krishnan", ip="203.0.113.9")
    else:
        answers.offer_decline(token=token, reason="counter_offer", text="They matched it")
    for pk in WebhookDelivery.objects.values_list("pk", flat=True):
        webhook_deliver(pk=pk)
    event = "offer.accepted" if answer == "accept" else "offer.declined"
    [payload] = payloads(receiver, event)
    assert payload["data"]["offer"]["id"] == str(offer.public_id)
    assert payload["data"]["application"]["candidate"]["name"] == "Meera Krishnan"
    assert "fixed_pay" not in str(payload) and "They matched it" not in str(payload)
    assert all(request["verified"] for request in receiver.seen)
