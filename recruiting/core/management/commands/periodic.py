"""Run the beat schedule in-process: for development without a broker, where there is
no `celery beat`. Each job runs at its interval, in this process, until interrupted.

The schedule is the Celery app's own (`beat_schedule`, defined on top in
recruiting/celery.py), so core knows no app's jobs."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from celery import current_app
from celery.schedules import crontab
from celery.schedules import schedule as celery_schedule
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the periodic jobs of the Celery beat schedule in-process (no broker needed)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and exit")

    def handle(self, *args, once: bool = False, **options):
        app = current_app
        app.loader.import_default_modules()  # registers every app's tasks
        schedule_table = app.conf.beat_schedule
        started = datetime.now(UTC)
        last_run: dict[str, datetime] = {}
        self.stdout.write(f"Running {len(schedule_table)} periodic job(s) in-process.")
        while True:
            for name, entry in schedule_table.items():
                schedule = entry["schedule"]
                if not isinstance(schedule, crontab):
                    schedule = celery_schedule(timedelta(seconds=float(schedule)))
                previous = last_run.get(name, started)
                if (
                    once
                    or (name not in last_run and not isinstance(entry["schedule"], crontab))
                    or schedule.is_due(previous)[0]
                ):
                    last_run[name] = datetime.now(UTC)
                    try:
                        app.tasks[entry["task"]].apply(throw=True)
                    except Exception as exc:  # keep the loop alive; report and go on
                        self.stderr.write(f"{name}: {type(exc).__name__}: {exc}")
            if once:
                return
            time.sleep(5)
