"""The app's Celery tasks, where `autodiscover_tasks` looks for them."""

from __future__ import annotations

from recruiting.api.webhooks.tasks import deliver_webhook, dispatch_due_webhooks

__all__ = ["deliver_webhook", "dispatch_due_webhooks"]
