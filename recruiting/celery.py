"""The Celery app. The beat schedule is defined here, in one place, in code."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from celery import Celery
from celery.schedules import crontab
from celery.signals import heartbeat_sent, worker_ready, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruiting.settings")

app = Celery("recruiting")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every periodic job, here and nowhere else. `manage.py periodic` runs the same table
# in-process when no broker is configured, so development behaves like production.
BEAT_SCHEDULE = {
    "dispatch-due-notifications": {
        "task": "recruiting.notifications.tasks.dispatch_due_notifications",
        "schedule": 60.0,
    },
    "close-expired-postings": {
        "task": "recruiting.postings.tasks.close_expired_postings",
        "schedule": crontab(minute=5, hour=0),
    },
    "pipelines-stage-digest": {
        "task": "recruiting.pipelines.digest.send_stage_digests",
        "schedule": crontab(hour=8, minute=30),
    },
    "purge-stale-import-batches": {
        "task": "recruiting.pipelines.tasks.purge_stale_import_batches",
        "schedule": crontab(hour=3, minute=15),
    },
    "pipelines-anonymise-expired-candidates": {
        "task": "recruiting.privacy.tasks.anonymise_expired_candidates",
        "schedule": crontab(hour=2, minute=30),
    },
    "interview-reminders": {"task": "recruiting.interviews.tasks.send_interview_reminders", "schedule": 600.0},
    "scorecard-nudges": {"task": "recruiting.interviews.tasks.send_scorecard_nudges", "schedule": 600.0},
    "dispatch-due-webhooks": {"task": "recruiting.api.webhooks.tasks.dispatch_due_webhooks", "schedule": 60.0},
    "interviews-complete": {"task": "recruiting.interviews.tasks.complete_past_interviews", "schedule": 600.0},
    "purge-old-report-exports": {
        "task": "recruiting.reports.tasks.purge_old_report_exports",
        "schedule": crontab(hour=3, minute=45),
    },
    "offers-daily": {"task": "recruiting.offers.tasks.daily_offers", "schedule": crontab(hour=7, minute=0)},
}
app.conf.beat_schedule = BEAT_SCHEDULE


@app.on_after_configure.connect
def _announce_mode(sender, **kwargs):
    if sender.conf.task_always_eager:
        # In-process tasks need no broker, but Celery still opens a producer for them;
        # kombu warns "No hostname was supplied" for a URL without a host (even
        # "memory://"), so the in-memory transport gets one.
        sender.conf.broker_url = "memory://localhost/"
        from django.conf import settings

        # Development says so once (./run); elsewhere it is worth a warning per process.
        logging.getLogger("recruiting.celery").log(
            logging.DEBUG if settings.DEBUG else logging.WARNING,
            "CELERY_BROKER_URL is not set: background tasks run in-process (eager mode)",
        )


# Liveness without starting a Celery process: with CELERY_HEARTBEAT_FILE set, the worker
# touches that file when it is ready and at every heartbeat (every 2 s), and removes it
# when it stops. A probe checks that the file is recent (deploy/k8s/workers.yaml).
def _heartbeat_file() -> Path | None:
    path = os.environ.get("CELERY_HEARTBEAT_FILE")
    return Path(path) if path else None


@worker_ready.connect
@heartbeat_sent.connect
def _touch_heartbeat(**kwargs):
    path = _heartbeat_file()
    if path is not None:
        path.touch()


@worker_shutdown.connect
def _remove_heartbeat(**kwargs):
    path = _heartbeat_file()
    if path is not None:
        path.unlink(missing_ok=True)
