"""The outbox with a real Celery worker on the real Redis.

The worker is a separate process that reads the test database, so these tests commit
(transaction=True). Each test uses its own queue name, so parallel runs do not meet.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from recruiting.celery import app as celery_app
from recruiting.notifications.models import Notification
from recruiting.notifications.services import notification_queue
from recruiting.notifications.tasks import deliver_notification

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")
REPO = Path(settings.BASE_DIR)


def _redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


@pytest.fixture
def queue_name():
    return f"test-{uuid.uuid4().hex[:12]}"


def _reset_pools() -> None:
    from kombu import pools

    pools.reset()  # kombu keeps pools per broker URL; start clean
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker(queue_name):
    """Point this process's Celery app at Redis and the test's own queue."""
    if not _redis_available():
        pytest.fail(f"Redis is required for worker tests ({REDIS_URL}); ./test starts it")
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    celery_app.conf.update(broker_url=REDIS_URL, task_always_eager=False, task_default_queue=queue_name)
    _reset_pools()  # fresh connections for the new broker URL
    yield
    celery_app.conf.update(saved)
    _reset_pools()


@pytest.fixture
def start_worker(queue_name, tmp_path):
    """Start `celery worker` processes against the test database; stop them afterwards."""
    processes: list[subprocess.Popen] = []
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or ''}:{db['PORT'] or 5432}/{db['NAME']}"
        if not str(db["HOST"]).startswith("/")
        else f"postgres://{db['USER']}@{db['HOST'].replace('/', '%2F')}:{db['PORT'] or 5432}/{db['NAME']}"
    )

    def start(*, mail_delay: float = 0, name: str = "w") -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": REDIS_URL,
            "CELERY_QUEUE": queue_name,
            "CELERY_VISIBILITY_TIMEOUT": "2",
            "CELERY_RESTORE_INTERVAL": "1",
            "CELERY_RESTORE_THROTTLE": "1",
            "EMAIL_TRANSPORT": "tests.support.mail.DirectoryBackend",
            "TEST_MAIL_DIR": str(tmp_path),
            "TEST_MAIL_DELAY": str(mail_delay),
            "SECRET_KEY": "worker-test",
            "RECRUITING_TESTING": "1",
            "LOG_FORMAT": "plain",
        }
        log = open(tmp_path / f"worker-{name}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "recruiting",
                "worker",
                "--pool",
                "solo",
                "-Q",
                queue_name,
                "-n",
                f"{name}-{queue_name}@%h",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _wait_for(condition, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _deliveries(folder: Path, message_id: str) -> int:
    return sum(message_id.encode() in f.read_bytes() for f in folder.glob("sent-*.eml"))


def _queue_email(key: str) -> Notification:
    with transaction.atomic():
        row = notification_queue(key=key, kind="test_message", to=["asha@example.com"], context={"name": "Asha"})
    return row


def test_a_worker_sends_a_queued_email(broker, start_worker, tmp_path):
    start_worker()
    row = _queue_email("worker:plain")
    _wait_for(lambda: Notification.objects.get(pk=row.pk).status == "sent", what="the e-mail to be sent")
    assert _deliveries(tmp_path, row.message_id) == 1


def test_an_email_is_sent_once_when_the_worker_dies_mid_send(broker, start_worker, tmp_path):
    first = start_worker(mail_delay=30, name="doomed")
    row = _queue_email("worker:killed")
    marker = tmp_path / f"sending-{first.pid}"
    _wait_for(marker.exists, what="the first worker to start sending")
    os.killpg(first.pid, signal.SIGKILL)  # the worker dies holding an unacknowledged task
    first.wait(timeout=10)
    assert Notification.objects.get(pk=row.pk).status == "queued"
    assert _deliveries(tmp_path, row.message_id) == 0

    start_worker(name="rescuer")  # acks_late: Redis hands the task to the next worker
    _wait_for(lambda: Notification.objects.get(pk=row.pk).status == "sent", timeout=60, what="redelivery")
    assert _deliveries(tmp_path, row.message_id) == 1
    assert Notification.objects.get(pk=row.pk).attempts == 1


def test_a_redelivered_task_does_not_send_twice(broker, start_worker, tmp_path):
    """Two deliveries of one e-mail race on two workers: the row lock lets one send."""
    start_worker(mail_delay=2, name="a")
    start_worker(mail_delay=2, name="b")
    row = _queue_email("worker:duplicate")
    deliver_notification.delay(row.pk)  # the duplicate a redelivery would produce
    deliver_notification.delay(row.pk)
    _wait_for(lambda: Notification.objects.get(pk=row.pk).status == "sent", what="the e-mail to be sent")
    time.sleep(3)  # give the other deliveries time to (not) send
    assert _deliveries(tmp_path, row.message_id) == 1
