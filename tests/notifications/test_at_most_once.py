"""At most once: which failures are retried, which leave an e-mail uncertain, and the
sweeper. Django's real SMTP backend talks to a scripted SMTP server (tests/support/smtp.py);
tasks run in-process (eager)."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from recruiting.audit.models import AuditEvent
from recruiting.notifications.models import Notification
from recruiting.notifications.services import (
    DeliveryOutcome,
    notification_deliver,
    notification_queue,
    notification_resend,
    notifications_due,
    notifications_mark_interrupted,
)
from recruiting.notifications.tasks import dispatch_due_notifications
from tests.support import smtp

pytestmark = pytest.mark.django_db

Status = Notification.Status


@pytest.fixture
def smtp_at(settings):
    def configure(port: int, timeout: int = 5) -> None:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
            }
        }

    return configure


def _queue(key="hello:1", **extra) -> Notification:
    return notification_queue(key=key, kind="test_message", to=["asha@example.com"], context={"name": "Asha"}, **extra)


def _queued_and_delivered(callbacks_fixture, key="hello:1") -> Notification:
    with callbacks_fixture(execute=True):
        row = _queue(key)
    row.refresh_from_db()
    return row


def test_an_accepted_message_is_sent_with_its_stable_message_id(smtp_at, django_capture_on_commit_callbacks):
    with smtp.fake_smtp_server() as server:
        smtp_at(server.port)
        row = _queued_and_delivered(django_capture_on_commit_callbacks)
    assert row.status == Status.SENT and row.sent_at and row.sending_since is None
    assert server.message_ids() == [row.message_id]


@pytest.mark.parametrize(
    ("behaviour", "error"),
    [
        (None, "ConnectionRefusedError"),  # nobody listening
        (smtp.REFUSE_RECIPIENTS, "SMTPRecipientsRefused"),
        (smtp.REFUSE_DATA, "SMTPDataError"),
    ],
)
def test_a_refusal_is_certain_so_it_is_retried_then_fails(
    behaviour, error, smtp_at, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_MAX_RETRIES = 3
    if behaviour is None:
        smtp_at(smtp.unused_port())
        row = _queued_and_delivered(django_capture_on_commit_callbacks)
        received = []
    else:
        with smtp.fake_smtp_server(behaviour) as server:
            smtp_at(server.port)
            row = _queued_and_delivered(django_capture_on_commit_callbacks)
        received = server.received
    assert row.status == Status.FAILED  # eager mode runs the retries at once
    assert row.attempts == 3
    assert error in row.last_error
    assert received == []


def test_a_first_refusal_schedules_a_retry_with_backoff(smtp_at, settings):
    smtp_at(smtp.unused_port())
    with transaction.atomic():
        row = _queue()
    before = timezone.now()
    assert notification_deliver(pk=row.pk) == (DeliveryOutcome.RETRY, 1)
    row.refresh_from_db()
    assert row.status == Status.RETRYING and row.sending_since is None
    assert before + timedelta(seconds=29) < row.send_after < timezone.now() + timedelta(seconds=31)


@pytest.mark.parametrize("behaviour", [smtp.DROP_AFTER_DATA, smtp.SILENT_AFTER_DATA])
def test_a_connection_lost_after_the_data_is_uncertain_and_never_resent_by_itself(behaviour, smtp_at):
    with smtp.fake_smtp_server(behaviour) as server:
        smtp_at(server.port, timeout=1)
        with transaction.atomic():
            row = _queue()
        assert notification_deliver(pk=row.pk) == (DeliveryOutcome.UNCERTAIN, 1)
        assert len(server.received) == 1  # the server did keep it
        row.refresh_from_db()
        assert row.status == Status.UNCERTAIN
        assert "SMTPServerDisconnected" in row.last_error
        assert "may or may not have been sent" in row.last_error

        # The task runs again (a duplicate, a retry): it must not send.
        assert notification_deliver(pk=row.pk) == (DeliveryOutcome.SKIPPED, 0)
        assert len(server.received) == 1


def test_a_redelivery_after_a_dead_sender_marks_the_row_uncertain(smtp_at):
    """The worker died after the claim: the row is `sending` and nobody holds its lock."""
    with smtp.fake_smtp_server() as server:
        smtp_at(server.port)
        with transaction.atomic():
            row = _queue()
        Notification.objects.filter(pk=row.pk).update(status=Status.SENDING, sending_since=timezone.now(), attempts=1)
        assert notification_deliver(pk=row.pk) == (DeliveryOutcome.UNCERTAIN, 0)
        assert notification_deliver(pk=row.pk) == (DeliveryOutcome.SKIPPED, 0)
    assert server.received == []
    row.refresh_from_db()
    assert row.status == Status.UNCERTAIN and row.attempts == 1


def test_a_row_being_sent_by_a_live_worker_is_left_alone(smtp_at):
    """Another connection holds the sender lock, as a live worker mid-send does."""
    with transaction.atomic():
        row = _queue()
    Notification.objects.filter(pk=row.pk).update(status=Status.SENDING, sending_since=timezone.now())
    with _other_connection() as other:
        other.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", [f"notification-sender:{row.pk}"])
        assert notification_deliver(pk=row.pk) == (DeliveryOutcome.BUSY, 0)
        Notification.objects.filter(pk=row.pk).update(sending_since=timezone.now() - timedelta(hours=1))
        assert notifications_mark_interrupted() == []
    assert Notification.objects.get(pk=row.pk).status == Status.SENDING
    # The worker is gone (its connection closed): now the row is uncertain.
    assert notifications_mark_interrupted() == [row.pk]
    assert Notification.objects.get(pk=row.pk).status == Status.UNCERTAIN


def _other_connection():
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
        autocommit=True,
    )


def test_the_periodic_job_marks_long_stuck_sends_uncertain_and_requeues_lost_tasks(
    smtp_at, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - timedelta(minutes=30)
    with django_capture_on_commit_callbacks(execute=False):  # the broker never got these tasks
        stuck = _queue("stuck")
        recent = _queue("recent")
        lost = _queue("lost")
        retry_lost = _queue("retry-lost")
        retry_later = _queue("retry-later")
    Notification.objects.filter(pk=stuck.pk).update(status=Status.SENDING, sending_since=long_ago)
    Notification.objects.filter(pk=recent.pk).update(status=Status.SENDING, sending_since=timezone.now())
    Notification.objects.filter(pk=lost.pk).update(updated_at=long_ago)
    Notification.objects.filter(pk=retry_lost.pk).update(status=Status.RETRYING, send_after=long_ago)
    Notification.objects.filter(pk=retry_later.pk).update(
        status=Status.RETRYING, send_after=timezone.now() + timedelta(minutes=10)
    )
    assert set(notifications_due()) == {lost.pk, retry_lost.pk}
    with smtp.fake_smtp_server() as server:
        smtp_at(server.port)
        assert dispatch_due_notifications.apply().get() == 2
    status = dict(Notification.objects.values_list("idempotency_key", "status"))
    assert status == {
        "stuck": Status.UNCERTAIN,  # its worker died long ago and its task is gone
        "recent": Status.SENDING,  # may still be on its way: a redelivery will decide
        "lost": Status.SENT,
        "retry-lost": Status.SENT,
        "retry-later": Status.RETRYING,
    }
    assert sorted(server.message_ids()) == sorted([lost.message_id, retry_lost.message_id])


def test_the_status_column_only_holds_known_states():
    with transaction.atomic():
        row = _queue()
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.filter(pk=row.pk).update(status="lost")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.filter(pk=row.pk).update(status=Status.SENDING, sending_since=None)


def test_the_admin_lists_uncertain_beside_failed_and_resends_on_request(
    smtp_at, client_for, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        uncertain, failed, sent = _queue("u"), _queue("f"), _queue("s")
    Notification.objects.filter(pk=uncertain.pk).update(status=Status.UNCERTAIN, last_error="interrupted")
    Notification.objects.filter(pk=failed.pk).update(status=Status.FAILED, last_error="refused")
    Notification.objects.filter(pk=sent.pk).update(status=Status.SENT, sent_at=timezone.now())
    client = client_for(admin_user)
    changelist = reverse("admin:notifications_notification_changelist")
    page = client.get(changelist, {"decision": "any"})
    assert page.status_code == 200
    listed = {row.pk for row in page.context["cl"].result_list}
    assert listed == {uncertain.pk, failed.pk}
    assert "Uncertain (may have been sent)" in page.content.decode()
    only_uncertain = client.get(changelist, {"decision": "uncertain"})
    assert {row.pk for row in only_uncertain.context["cl"].result_list} == {uncertain.pk}

    with smtp.fake_smtp_server() as server:
        smtp_at(server.port)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                changelist, {"action": "resend", "_selected_action": [uncertain.pk, sent.pk]}, follow=True
            )
    assert "1 e-mail(s) queued again." in response.content.decode()
    assert "1 e-mail(s) left alone" in response.content.decode()
    assert server.message_ids() == [uncertain.message_id]  # a person decided: a second copy
    assert Notification.objects.get(pk=uncertain.pk).status == Status.SENT
    event = AuditEvent.objects.get(action="notification.resend")
    assert event.before == {"status": "uncertain"}


def test_resend_leaves_a_row_being_sent_and_an_erased_one_alone(admin_user):
    with transaction.atomic():
        sending, erased = _queue("sending"), _queue("erased")
    Notification.objects.filter(pk=sending.pk).update(status=Status.SENDING, sending_since=timezone.now())
    Notification.objects.filter(pk=erased.pk).update(status=Status.UNCERTAIN, to=[])
    assert notification_resend(notification=sending, actor=admin_user) is False
    assert notification_resend(notification=erased, actor=admin_user) is False
    assert not AuditEvent.objects.filter(action="notification.resend").exists()
