"""The worker's liveness check: a heartbeat file the worker keeps fresh, read by the very
command the Kubernetes manifest and compose file run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
import yaml

from tests.deploy.conftest import REPO, production_env

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")


def _probe_command() -> list[str]:
    docs = yaml.safe_load_all((REPO / "deploy/k8s/workers.yaml").read_text())
    worker = next(d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == "recruiting-worker")
    return worker["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["exec"]["command"]


def _alive(heartbeat) -> bool:
    env = {"PATH": "/usr/bin:/bin", "CELERY_HEARTBEAT_FILE": str(heartbeat)}
    return subprocess.run(_probe_command(), env=env, capture_output=True, timeout=10).returncode == 0


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_worker_keeps_its_heartbeat_fresh_and_the_probe_reads_it(tmp_path):
    heartbeat = tmp_path / "celery-heartbeat"
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = production_env(
        CELERY_BROKER_URL=REDIS_URL,
        CELERY_QUEUE=queue,
        CELERY_BROKER_KEYPREFIX=f"{queue}:",
        CELERY_HEARTBEAT_FILE=str(heartbeat),
    )
    with open(tmp_path / "worker.log", "wb") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "recruiting", "worker", "--pool", "solo", "-Q", queue,
             "-n", f"{queue}@%h", "--without-mingle", "--without-gossip"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        _wait_for(heartbeat.exists, 60, "the worker's first heartbeat")
        first = heartbeat.stat().st_mtime
        _wait_for(lambda: heartbeat.stat().st_mtime > first, 15, "the next heartbeat")
        assert _alive(heartbeat)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    assert not heartbeat.exists()  # a stopped worker leaves no fresh heartbeat behind
    assert not _alive(heartbeat)


def test_a_stale_heartbeat_fails_the_probe(tmp_path):
    heartbeat = tmp_path / "celery-heartbeat"
    heartbeat.touch()
    assert _alive(heartbeat)
    three_minutes_ago = time.time() - 180
    os.utime(heartbeat, (three_minutes_ago, three_minutes_ago))
    assert not _alive(heartbeat)
