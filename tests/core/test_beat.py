from __future__ import annotations

import pytest
from django.core.management import call_command

from recruiting.celery import BEAT_SCHEDULE, app


def test_every_periodic_job_names_a_registered_task():
    app.loader.import_default_modules()
    missing = [entry["task"] for entry in BEAT_SCHEDULE.values() if entry["task"] not in app.tasks]
    assert missing == []


@pytest.mark.django_db
def test_the_in_process_scheduler_runs_every_job_once(capsys):
    call_command("periodic", "--once")
    assert "Running" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_in_process_scheduler_runs_the_celery_apps_own_schedule(capsys):
    whole = app.conf.beat_schedule
    app.conf.beat_schedule = {"only": {"task": "recruiting.postings.tasks.close_expired_postings", "schedule": 60.0}}
    try:
        call_command("periodic", "--once")
    finally:
        app.conf.beat_schedule = whole
    assert "Running 1 periodic job(s)" in capsys.readouterr().out
