"""Check the mail set-up end to end: outbox row, Celery task, mail server."""

from __future__ import annotations

import uuid

from django.core.management.base import BaseCommand
from django.db import transaction

from recruiting.notifications.services import notification_queue


class Command(BaseCommand):
    help = "Queue a test e-mail to ADDRESS through the notification outbox."

    def add_arguments(self, parser):
        parser.add_argument("address")

    def handle(self, *args, address: str, **options):
        with transaction.atomic():
            row = notification_queue(
                key=f"test-message:{uuid.uuid4()}", kind="test_message", to=[address], context={"name": address}
            )
        row.refresh_from_db()
        self.stdout.write(f"Notification {row.pk}: {row.status}")
