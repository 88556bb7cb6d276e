"""The outbox with a real Celery worker on the real Redis.

The worker is a separate process that reads the test database, so these tests commit
(transaction=True). Each test uses its own queue name, so parallel runs do not meet.
"""

from __future__ import annotations

import email.policy
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from email import message_from_bytes
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from recruiting.celery import app as celery_app
from recruiting.notifications.models import Notification
from recruiting.notifications.services import notification_queue
from recruiting.notifications.tasks import deliver_notification, dispatch_due_notifications

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
    saved = {
        key: celery_app.conf[key]
        for key in ("broker_url", "task_always_eager", "task_default_queue", "broker_transport_options")
    }
    celery_app.conf.update(
        broker_url=REDIS_URL,
        task_always_eager=False,
        task_default_queue=queue_name,
        # Keys of our own: kombu's unacknowledged index is one per Redis database, and
        # other tests' workers (killed ones too) sweep it.
        broker_transport_options={**saved["broker_transport_options"], "global_keyprefix": f"{queue_name}:"},
    )
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

    def start(
        *,
        mail_delay: float = 0,
        name: str = "w",
        pool: str = "solo",
        concurrency: int = 1,
        mail_backend: str = "tests.support.mail.DirectoryBackend",
        max_retries: int = 6,
        loglevel: str = "WARNING",
    ) -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": REDIS_URL,
            "CELERY_QUEUE": queue_name,
            "CELERY_BROKER_KEYPREFIX": f"{queue_name}:",
            "CELERY_VISIBILITY_TIMEOUT": "2",
            "CELERY_RESTORE_INTERVAL": "1",
            "CELERY_RESTORE_THROTTLE": "1",
            "CELERY_UNACKED_MUTEX_EXPIRE": "2",  # workers are killed here, some mid-sweep
            "EMAIL_TRANSPORT": mail_backend,
            "NOTIFICATION_MAX_RETRIES": str(max_retries),
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
                pool,
                "--concurrency",
                str(concurrency),
                "-Q",
                queue_name,
                "-n",
                f"{name}-{queue_name}@%h",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
                "--loglevel",
                loglevel,
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


def _delivered(folder: Path) -> Counter:
    """How many times each Message-ID reached the (directory) mail server."""
    return Counter(
        message_from_bytes(f.read_bytes(), policy=email.policy.default)["Message-ID"] for f in folder.glob("sent-*.eml")
    )


def _logs(folder: Path, lines: int = 40) -> str:
    """The end of every worker log, for a failure message."""
    return "\n".join(
        f"--- {log.name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
        for log in sorted(folder.glob("worker-*.log"))
    )


def _deliveries(folder: Path, message_id: str) -> int:
    return _delivered(folder)[message_id]


def _status(pk: int) -> str:
    return Notification.objects.values_list("status", flat=True).get(pk=pk)


def _queue_email(key: str) -> Notification:
    with transaction.atomic():
        row = notification_queue(key=key, kind="test_message", to=["asha@example.com"], context={"name": "Asha"})
    return row


def test_a_worker_sends_a_queued_email(broker, start_worker, tmp_path):
    start_worker()
    row = _queue_email("worker:plain")
    _wait_for(lambda: _status(row.pk) == "sent", what="the e-mail to be sent")
    assert _deliveries(tmp_path, row.message_id) == 1


def test_a_worker_killed_mid_send_leaves_the_email_uncertain_not_sent_twice(broker, start_worker, tmp_path):
    """The mail server took the message; the worker died before recording it. The
    redelivered task must not send it again: it marks the row uncertain."""
    first = start_worker(mail_delay=6, name="doomed")
    row = _queue_email("worker:killed")
    marker = tmp_path / f"sending-{first.pid}"
    _wait_for(marker.exists, what="the first worker to start sending")
    _wait_for(lambda: _deliveries(tmp_path, row.message_id) == 1, what="the mail server to take the message")
    assert _status(row.pk) == "sending"  # committed before the hand-over
    os.killpg(first.pid, signal.SIGKILL)  # the worker dies holding an unacknowledged task
    first.wait(timeout=10)

    start_worker(name="rescuer")  # acks_late: Redis hands the task to the next worker
    _wait_for(lambda: _status(row.pk) == "uncertain", timeout=60, what="redelivery to mark it uncertain")
    time.sleep(1)
    assert _deliveries(tmp_path, row.message_id) == 1
    row.refresh_from_db()
    assert row.attempts == 1
    assert "may or may not have been sent" in row.last_error


def test_a_redelivered_task_does_not_send_twice(broker, start_worker, tmp_path):
    """Three deliveries of one e-mail race on two live workers: one sends, the others see
    a live sender (or the sent row) and leave it alone; nothing is marked uncertain."""
    start_worker(mail_delay=2, name="a")
    start_worker(mail_delay=2, name="b")
    row = _queue_email("worker:duplicate")
    deliver_notification.delay(row.pk)  # the duplicates a redelivery would produce
    deliver_notification.delay(row.pk)
    _wait_for(lambda: _status(row.pk) == "sent", what="the e-mail to be sent")
    time.sleep(3)  # give the other deliveries time to (not) send
    assert _deliveries(tmp_path, row.message_id) == 1
    assert _status(row.pk) == "sent"


def test_a_refusing_mail_server_is_retried_with_backoff(broker, start_worker, tmp_path):
    """A refusal proves nothing went out: the row is retried, not marked uncertain."""
    start_worker(name="refused", mail_backend="tests.support.mail.BrokenBackend", max_retries=2)
    row = _queue_email("worker:refused")
    _wait_for(lambda: _status(row.pk) == "retrying", what="the first refusal")
    row.refresh_from_db()
    assert row.attempts == 1 and "ConnectionRefusedError" in row.last_error
    assert row.send_after is not None  # the next attempt's time, for the sweeper
    assert _delivered(tmp_path) == Counter()


KILL_STORM_EMAILS = 200
KILL_STORM_CONCURRENCY = 4


def test_at_most_once_while_workers_are_killed_again_and_again(broker, start_worker, tmp_path, settings):
    """200 e-mails through a slow mail server (0.3 s each) while the worker is killed
    with SIGKILL at random moments three times and restarted each time.

    Nothing goes out twice; nothing is silently lost (every row ends sent or uncertain);
    and the uncertain rows are exactly those a killed worker had claimed and not finished.
    """
    seed = int(os.environ.get("KILL_STORM_SEED") or time.time_ns() % 10**6)
    rng = random.Random(seed)
    kills = 3

    with transaction.atomic():
        rows = [
            notification_queue(key=f"storm:{n}", kind="test_message", to=[f"c{n}@example.com"], context={"name": n})
            for n in range(KILL_STORM_EMAILS)
        ]
    ids = {row.pk for row in rows}
    caught_mid_send: set[int] = set()
    began = time.monotonic()
    timeline: list[str] = []

    def started() -> int:
        return sum(1 for _ in tmp_path.glob("begin-*"))

    for round_ in range(kills):
        before = started()
        worker = start_worker(
            mail_delay=0.3, name=f"storm{round_}", pool="prefork", concurrency=KILL_STORM_CONCURRENCY, loglevel="INFO"
        )
        try:
            _wait_for(lambda before=before: started() > before, timeout=90, what=f"worker {round_} to send")
        except AssertionError as exc:
            raise AssertionError(f"{exc} (seed {seed})\n{_logs(tmp_path)}") from None
        time.sleep(rng.uniform(0.0, 2.0))  # a random moment while it works
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        time.sleep(0.3)  # let PostgreSQL finish a COMMIT that reached it just before the kill
        # Every worker is dead: whatever is `sending` now was caught between claim and record.
        caught_mid_send |= set(Notification.objects.filter(status="sending").values_list("pk", flat=True))
        timeline.append(f"kill {round_} at {time.monotonic() - began:.1f}s")

    start_worker(mail_delay=0.3, name="storm-last", pool="prefork", concurrency=KILL_STORM_CONCURRENCY, loglevel="INFO")
    # The beat job is part of the guarantee: Redis can lose a task whose worker is killed
    # between taking it off the queue and recording it as unacknowledged. Run it, as beat
    # would, whenever progress stalls.
    settings.NOTIFICATION_STALE_SECONDS = 10
    unfinished = ["queued", "sending", "retrying"]
    deadline = time.monotonic() + 180
    left, last_change, sweeps = None, time.monotonic(), 0
    while True:
        now_left = Notification.objects.filter(pk__in=ids, status__in=unfinished).count()
        if now_left == 0:
            break
        if now_left != left:
            left, last_change = now_left, time.monotonic()
        elif time.monotonic() - last_change > 5:
            dispatch_due_notifications()
            sweeps += 1
            last_change = time.monotonic()
        if time.monotonic() > deadline:
            stuck = list(Notification.objects.filter(pk__in=ids, status__in=unfinished).values_list("pk", "status"))
            raise AssertionError(f"e-mails never finished: {stuck[:20]} (seed {seed})\n{_logs(tmp_path)}")
        time.sleep(0.2)
    timeline.append(f"all finished at {time.monotonic() - began:.1f}s")
    print("kill storm:", "; ".join(timeline), f"; seed {seed}; caught {len(caught_mid_send)}; sweeps {sweeps}")
    time.sleep(1)  # a duplicate still in flight would land now

    by_status: dict[str, set[int]] = {}
    for pk, status in Notification.objects.filter(pk__in=ids).values_list("pk", "status"):
        by_status.setdefault(status, set()).add(pk)
    delivered = _delivered(tmp_path)
    message_id = {row.pk: row.message_id for row in rows}
    context = f"seed {seed}; sweeps {sweeps}; statuses { {k: len(v) for k, v in by_status.items()} }; caught {sorted(caught_mid_send)}"

    assert [m for m, n in delivered.items() if n > 1] == [], f"sent twice ({context})"
    assert set(by_status) <= {"sent", "failed", "uncertain"}, context
    assert sum(map(len, by_status.values())) == KILL_STORM_EMAILS
    assert all(delivered[message_id[pk]] == 1 for pk in by_status.get("sent", ())), (
        f"sent but not delivered ({context})"
    )
    assert by_status.get("uncertain", set()) == caught_mid_send, context
    assert 1 <= len(caught_mid_send) <= kills * KILL_STORM_CONCURRENCY, context
    # Whatever reached the mail server is recorded as sent or, when the worker died
    # before it could say so, uncertain: never failed, never lost from view.
    assert {pk for pk in ids if delivered[message_id[pk]]} <= by_status.get("sent", set()) | caught_mid_send
