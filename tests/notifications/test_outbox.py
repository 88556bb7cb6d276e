"""The outbox without a broker: tasks run in-process (eager), as in development."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from recruiting.notifications.models import Notification
from recruiting.notifications.services import (
    notification_cancel,
    notification_queue,
    notification_resend,
    notifications_due,
    retry_delay,
)
from recruiting.notifications.tasks import deliver_notification, dispatch_due_notifications

pytestmark = pytest.mark.django_db


def _queue(key="welcome:1", **extra):
    return notification_queue(key=key, kind="test_message", to=["asha@example.com"], context={"name": "Asha"}, **extra)


def test_it_sends_after_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = _queue()
    assert mail.outbox == []  # nothing leaves before the commit
    assert row.status == Notification.Status.QUEUED
    for callback in callbacks:
        callback()
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert row.attempts == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Test message for Asha"
    assert message.to == ["asha@example.com"]
    assert message.extra_headers["Message-ID"] == row.message_id
    assert message.alternatives[0].mimetype == "text/html"


def test_nothing_is_sent_when_the_business_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _queue()
        raise RuntimeError("the business write failed")
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_the_same_idempotency_key_records_one_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _queue()
        second = _queue()
    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_running_the_task_again_does_not_send_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = _queue()
    deliver_notification.apply(args=[row.pk])
    deliver_notification.apply(args=[row.pk])
    assert len(mail.outbox) == 1


def test_a_permanently_failing_send_ends_as_failed(settings, django_capture_on_commit_callbacks):
    settings.MAILERS = {"default": {"BACKEND": "tests.support.mail.BrokenBackend"}}
    settings.NOTIFICATION_MAX_RETRIES = 3
    with django_capture_on_commit_callbacks(execute=True):
        row = _queue()
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    assert row.attempts == 3
    assert "ConnectionRefusedError" in row.last_error


def test_backoff_grows_and_is_capped():
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(30) == 3600


def test_a_delayed_email_waits_until_due_and_can_be_cancelled(django_capture_on_commit_callbacks):
    later = timezone.now() + timedelta(hours=24)
    with django_capture_on_commit_callbacks(execute=True):
        row = _queue(key="reject:1", send_after=later)
    assert mail.outbox == []
    assert notifications_due() == []
    assert notification_cancel(key="reject:1") is True
    row.refresh_from_db()
    assert row.status == Notification.Status.CANCELLED
    assert notification_cancel(key="reject:1") is False


def test_the_periodic_job_sends_delayed_emails_when_due(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = _queue(key="reject:2", send_after=timezone.now() - timedelta(seconds=1))
    assert mail.outbox == []
    assert dispatch_due_notifications.apply().get() == 1
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_a_failed_email_is_listed_in_the_admin_and_can_be_resent(
    settings, client_for, admin_user, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": "tests.support.mail.BrokenBackend"}}
    settings.NOTIFICATION_MAX_RETRIES = 1
    with django_capture_on_commit_callbacks(execute=True):
        row = _queue()
    client = client_for(admin_user)
    changelist = reverse("admin:notifications_notification_changelist")
    page = client.get(changelist, {"status__exact": "failed"})
    assert page.status_code == 200
    assert b"Test message for Asha" in page.content
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(changelist, {"action": "resend", "_selected_action": [row.pk]})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert len(mail.outbox) == 1
    assert row.__class__.objects.filter(pk=row.pk).count() == 1


def test_resend_of_a_sent_email_does_nothing(django_capture_on_commit_callbacks, admin_user):
    with django_capture_on_commit_callbacks(execute=True):
        row = _queue()
        notification_resend(notification=row, actor=admin_user)
    assert len(mail.outbox) == 1


def test_the_admin_cannot_edit_an_email(client_for, admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = _queue()
    client = client_for(admin_user)
    url = reverse("admin:notifications_notification_change", args=[row.pk])
    client.post(url, {"subject": "changed"})
    row.refresh_from_db()
    assert row.subject == "Test message for Asha"


def test_send_test_email_command_goes_through_the_outbox(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_test_email", "ops@example.com")
    assert Notification.objects.get().to == ["ops@example.com"]
