"""Webhooks with a real Celery worker on the real Redis, posting to a receiver on
127.0.0.1 that verifies every signature: a 500 is retried after the back-off, and each
event arrives once per successful delivery."""

from __future__ import annotations

import time

import pytest

from recruiting.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from recruiting.api.webhooks.signing import new_secret
from recruiting.pipelines.moves import application_move
from tests.factories import ApplicationFactory, PostingFactory
from tests.notifications.test_worker import _logs, _wait_for
from tests.support.webhook_receiver import payloads, serve

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def receiver(settings, monkeypatch):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    # What the worker process reads from its environment.
    monkeypatch.setenv("WEBHOOK_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("WEBHOOK_BACKOFF_SECONDS", "1")
    yield from serve(new_secret())


def test_a_worker_retries_after_a_500_and_delivers_each_event_once(broker, start_worker, receiver, tmp_path):
    WebhookEndpoint.objects.create(
        name="HR system",
        url=receiver.url,
        secret=receiver.secret,
        events=["application.created", "application.stage_changed"],
    )
    receiver.answers = [500]  # the first request fails
    start_worker()
    application = ApplicationFactory(posting=PostingFactory())
    screen = application.posting.stages.get(name="Screen")
    application_move(application=application, to_stage=screen, actor=None, expected_version=1)
    try:
        _wait_for(lambda: len(receiver.accepted) == 2, timeout=40, what="both events to be accepted")
    except AssertionError:
        raise AssertionError(f"receiver saw {receiver.seen}\n{_logs(tmp_path)}") from None
    time.sleep(2.5)  # longer than the back-off: nothing more may come
    assert len(receiver.accepted) == 2
    assert [request["status"] for request in receiver.seen].count(500) == 1
    assert all(request["verified"] for request in receiver.seen)
    assert len(payloads(receiver, "application.created")) == 1
    assert len(payloads(receiver, "application.stage_changed")) == 1
    deliveries = list(WebhookDelivery.objects.all())
    assert {d.status for d in deliveries} == {DeliveryStatus.DELIVERED}
    assert sorted(d.attempts for d in deliveries) == [1, 2]
    retried = next(d for d in deliveries if d.attempts == 2)
    assert [a.status_code for a in retried.attempt_log.order_by("at")] == [500, 204]
