"""`./run` starts calmly: no broker warning for in-process tasks, no log line per
periodic job (issue 15 §5)."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

import pytest

from recruiting.celery import app

PORTAL = Path(__file__).resolve().parents[2] / "scripts" / "portal.py"


def _portal():
    spec = importlib.util.spec_from_file_location("portal_script", PORTAL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not app.conf.task_always_eager, reason="only without a broker")
def test_in_process_tasks_open_a_producer_without_a_kombu_warning(caplog):
    # Celery opens a producer even for an eager task; kombu warned "No hostname was
    # supplied" for a broker URL without a host.
    with caplog.at_level(logging.WARNING, logger="kombu"), app.producer_or_acquire(None) as producer:
        assert producer is not None
    assert not [record for record in caplog.records if "hostname" in record.getMessage()]
    assert app.conf.broker_url.startswith("memory://")


def test_the_in_process_beat_logs_warnings_only_unless_asked():
    portal = _portal()
    assert portal.periodic_env({"PATH": "/bin"}) == {"PATH": "/bin", "LOG_LEVEL": "WARNING"}
    assert portal.periodic_env({"LOG_LEVEL": "DEBUG"})["LOG_LEVEL"] == "DEBUG"
    assert portal.periodic_env({"LOG_LEVEL": ""})["LOG_LEVEL"] == "WARNING"
