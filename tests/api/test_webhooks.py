"""Webhooks: deliveries written in the business transaction, signed as Standard Webhooks
says (verified here with the `standardwebhooks` package), retried with back-off, dead-
lettered after the retry window, redelivered by an admin; endpoints inside our network
refused unless allowed."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from recruiting.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from recruiting.api.webhooks.delivery import Outcome, webhook_deliver, webhooks_due
from recruiting.api.webhooks.services import webhook_redeliver
from recruiting.api.webhooks.signing import new_secret
from recruiting.api.webhooks.urlcheck import UnsafeWebhookUrl, check_webhook_url
from recruiting.interviews.services import interview_cancel, scorecard_save
from recruiting.pipelines.moves import application_move, application_reject, ensure_default_rejection_reasons
from recruiting.privacy.services import candidate_erase
from tests.factories import ApplicationFactory, PostingFactory
from tests.interviews.factories import book, make_interviewer, make_round
from tests.support.webhook_receiver import payloads, serve

pytestmark = pytest.mark.django_db
ALL_EVENTS = [
    "application.created",
    "application.stage_changed",
    "application.rejected",
    "application.hired",
    "interview.scheduled",
    "interview.cancelled",
    "scorecard.submitted",
    "candidate.erased",
]


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True  # the receiver listens on 127.0.0.1
    yield from serve(new_secret())


@pytest.fixture
def endpoint(receiver):
    return WebhookEndpoint.objects.create(name="HR system", url=receiver.url, secret=receiver.secret, events=ALL_EVENTS)


def _deliver_all() -> list[str]:
    return [webhook_deliver(pk=pk)[0] for pk in WebhookDelivery.objects.order_by("pk").values_list("pk", flat=True)]


def test_nobody_listening_writes_nothing(hiring_manager):
    ApplicationFactory()
    assert not WebhookDelivery.objects.exists()


def test_a_delivery_is_written_in_the_business_transaction(endpoint, hiring_manager):
    application = ApplicationFactory(posting=PostingFactory(hiring_manager=hiring_manager))
    screen = application.posting.stages.get(name="Screen")
    with pytest.raises(RuntimeError), transaction.atomic():
        application_move(application=application, to_stage=screen, actor=hiring_manager, expected_version=1)
        assert WebhookDelivery.objects.filter(event="application.stage_changed").count() == 1
        raise RuntimeError("the business transaction fails")
    assert not WebhookDelivery.objects.filter(event="application.stage_changed").exists()


def test_deliveries_are_signed_and_verify(endpoint, receiver, hiring_manager, recruiter):
    application = ApplicationFactory(posting=PostingFactory(hiring_manager=hiring_manager))
    screen = application.posting.stages.get(name="Screen")
    application_move(application=application, to_stage=screen, actor=hiring_manager, expected_version=1)
    reason = ensure_default_rejection_reasons()[0]
    application_reject(application=application, reason=reason, actor=recruiter, expected_version=2)
    assert _deliver_all() == [Outcome.DELIVERED] * 3
    assert all(request["verified"] for request in receiver.seen)
    created = payloads(receiver, "application.created")[0]["data"]["application"]
    assert created["id"] == str(application.public_id) and created["posting"]["title"] == application.posting.title
    moved = payloads(receiver, "application.stage_changed")[0]["data"]
    assert moved["from_stage"]["name"] == "Applied" and moved["application"]["stage"]["name"] == "Screen"
    assert payloads(receiver, "application.rejected")[0]["data"]["reason"] == reason.name
    ids = {request["headers"]["webhook-id"] for request in receiver.seen}
    assert len(ids) == 3 and all(i.startswith("msg_") for i in ids)


def test_a_forged_signature_does_not_verify(receiver):
    import json

    import requests

    body = json.dumps({"type": "application.created"}).encode()
    response = requests.post(
        receiver.url,
        data=body,
        headers={
            "webhook-id": "msg_x",
            "webhook-timestamp": str(int(timezone.now().timestamp())),
            "webhook-signature": "v1,AAAA",
        },
        timeout=5,
    )
    assert response.status_code == 401 and receiver.accepted == []


def test_a_failed_delivery_is_retried_after_its_back_off_then_delivered_once(endpoint, receiver, settings):
    settings.WEBHOOK_BACKOFF_SECONDS = [60]
    receiver.answers = [500]
    ApplicationFactory()
    delivery = WebhookDelivery.objects.get()
    assert webhook_deliver(pk=delivery.pk) == (Outcome.RETRY, 60)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING and delivery.attempts == 1
    assert delivery.attempt_log.get().status_code == 500
    assert webhook_deliver(pk=delivery.pk)[0] == Outcome.SKIPPED  # not due yet
    assert webhooks_due() == []
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert webhooks_due() == [delivery.pk]
    assert webhook_deliver(pk=delivery.pk)[0] == Outcome.DELIVERED
    assert webhook_deliver(pk=delivery.pk)[0] == Outcome.SKIPPED
    assert len(receiver.accepted) == 1
    assert [request["headers"]["webhook-id"] for request in receiver.seen] == [delivery.message_id] * 2


def test_after_the_retry_window_it_is_dead_lettered_and_an_admin_redelivers(endpoint, receiver, admin_user):
    receiver.answers = [503]
    ApplicationFactory()
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(retry_until=timezone.now() + timedelta(seconds=2))
    assert webhook_deliver(pk=delivery.pk)[0] == Outcome.DEAD
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DEAD
    webhook_redeliver(delivery=delivery, actor=admin_user)
    assert webhook_deliver(pk=delivery.pk)[0] == Outcome.DELIVERED
    assert len(receiver.accepted) == 1


def test_a_redirect_is_not_followed(endpoint, receiver):
    receiver.answers = [302]
    ApplicationFactory()
    assert webhook_deliver(pk=WebhookDelivery.objects.get().pk)[0] == Outcome.RETRY


def test_interview_and_scorecard_events_carry_no_feedback(endpoint, receiver, recruiter, hiring_manager):
    application = ApplicationFactory(posting=PostingFactory(hiring_manager=hiring_manager))
    panelist = make_interviewer(email="pia@example.com", full_name="Pia Panelist")
    interview_round = make_round(application.posting, pool=[panelist], actor=recruiter)
    interview = book(application, interview_round, [panelist], actor=recruiter)
    criteria = list(interview_round.criteria.all())
    scorecard_save(
        interview=interview,
        interviewer=panelist,
        recommendation="strong_yes",
        notes="SECRET-NOTES",
        ratings={c.pk: (4, "SECRET-EVIDENCE") for c in criteria},
        submit=True,
    )
    interview_cancel(interview=interview, actor=recruiter, reason="moved")
    _deliver_all()
    scheduled = payloads(receiver, "interview.scheduled")[0]["data"]["interview"]
    assert scheduled["id"] == str(interview.public_id)
    submitted = payloads(receiver, "scorecard.submitted")
    assert len(submitted) == 1
    text = str(submitted)
    assert "SECRET" not in text and "strong_yes" not in text
    assert payloads(receiver, "interview.cancelled")[0]["data"]["interview"]["status"] == "cancelled"


def test_hiring_and_erasure_are_announced(endpoint, receiver, recruiter, admin_user):
    application = ApplicationFactory()
    hired = application.posting.stages.get(kind="hired")
    application_move(application=application, to_stage=hired, actor=recruiter, expected_version=1)
    candidate_erase(candidate=application.candidate, actor=admin_user, reason="Asked on 27 Nov", force=True)
    _deliver_all()
    assert payloads(receiver, "application.hired")[0]["data"]["application"]["state"] == "hired"
    erased = payloads(receiver, "candidate.erased")[0]["data"]
    assert erased == {"candidate": {"id": str(application.candidate.public_id)}}


def _resolver(*addresses):
    def resolve(host, port, proto=0):
        return [(socket.AF_INET, socket.SOCK_STREAM, proto, "", (address, port)) for address in addresses]

    return resolve


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "10.1.2.3", "192.168.0.10", "169.254.169.254", "::1", "fd00::1", "100.64.0.1", "0.0.0.0"]
)
def test_addresses_inside_our_network_are_refused(address, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(UnsafeWebhookUrl):
        check_webhook_url("https://hooks.example.com/in", resolve=_resolver(address))


def test_a_host_with_one_private_address_among_public_ones_is_refused(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(UnsafeWebhookUrl):
        check_webhook_url("https://hooks.example.com/in", resolve=_resolver("93.184.216.34", "10.0.0.5"))


def test_public_addresses_and_allowed_private_ones_pass(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    assert check_webhook_url("https://hooks.example.com/in", resolve=_resolver("93.184.216.34")) == ["93.184.216.34"]
    settings.WEBHOOK_ALLOW_PRIVATE = True
    assert check_webhook_url("http://127.0.0.1:9/x", resolve=_resolver("127.0.0.1")) == ["127.0.0.1"]


@pytest.mark.parametrize("url", ["ftp://example.com/x", "https://user:pw@example.com/x", "http:///nohost"])
def test_odd_urls_are_refused(url):
    with pytest.raises(UnsafeWebhookUrl):
        check_webhook_url(url, resolve=_resolver("93.184.216.34"))


def test_a_delivery_to_a_now_private_address_fails_without_sending(endpoint, receiver, settings):
    ApplicationFactory()
    settings.WEBHOOK_ALLOW_PRIVATE = False
    assert webhook_deliver(pk=WebhookDelivery.objects.get().pk)[0] == Outcome.RETRY
    assert receiver.seen == []
    assert "loopback" in WebhookDelivery.objects.get().attempt_log.get().error


def test_the_admin_refuses_a_loopback_endpoint_and_shows_deliveries(client_for, admin_user, settings, endpoint):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    client = client_for(admin_user)
    response = client.post(
        reverse("admin:api_webhookendpoint_add"),
        {"name": "Sneaky", "url": "http://127.0.0.1:8000/admin/", "events": ["application.created"], "active": "on"},
    )
    assert response.status_code == 200 and "loopback" in response.content.decode()
    ApplicationFactory()
    delivery = WebhookDelivery.objects.get()
    assert client.get(reverse("admin:api_webhookdelivery_change", args=[delivery.pk])).status_code == 200
    response = client.post(
        reverse("admin:api_webhookdelivery_changelist"),
        {"action": "redeliver", "_selected_action": [delivery.pk]},
    )
    assert response.status_code == 302


def test_an_admin_made_token_is_shown_once_and_works(client_for, admin_user, recruiter, client):
    from recruiting.api.models import ApiToken

    admin_client = client_for(admin_user)
    response = admin_client.post(
        reverse("admin:api_apitoken_add"),
        {"name": "Naukri feed", "user": recruiter.pk, "scopes": ["postings:read"]},
        follow=True,
    )
    text = response.content.decode()
    token_text = text.split("not shown again): ", 1)[1].split("<", 1)[0].strip()
    token = ApiToken.objects.get()
    assert token_text.startswith(f"rp_{token.prefix}_") and token.created_by == admin_user
    assert token_text not in admin_client.get(reverse("admin:api_apitoken_change", args=[token.pk])).content.decode()
    admin_client.logout()
    assert client.get(reverse("api:postings"), headers={"Authorization": f"Bearer {token_text}"}).status_code == 200


def test_an_admin_revokes_tokens_from_the_list(client_for, admin_user, recruiter, make_token, api):
    from recruiting.api.models import ApiToken

    text = make_token(recruiter)
    token = ApiToken.objects.get()
    response = client_for(admin_user).post(
        reverse("admin:api_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    client_for(admin_user).logout()
    assert api(text).get(reverse("api:postings")).status_code == 401
