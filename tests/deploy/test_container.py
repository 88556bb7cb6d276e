"""The image, built and run as production runs it: migrations, two web replicas behind
HAProxy, two workers and beat, CVs on S3-compatible storage, a journey through the
balancer, a replica stopped under load, workers restarted in the middle of sending.

Run it alone with `./test tests/deploy -m container`. Skipped (with the reason) only
where podman cannot be installed; see tests/deploy/containers.py.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import boto3
import psycopg
import pytest
from django.conf import global_settings
from django.db import connection, transaction
from django.urls import reverse
from playwright.sync_api import expect

from recruiting.celery import app as celery_app
from recruiting.notifications.models import Notification
from recruiting.notifications.services import notification_queue
from recruiting.pipelines.models import Application, Document
from recruiting.postings.sample_files import make_pdf
from tests.careers.apply_factories import posting_with_questions
from tests.deploy import containers
from tests.deploy.conftest import REPO, free_port, subprocess_database_url, wait_for_http
from tests.factories import UserFactory
from tests.interviews.factories import make_interviewer, make_round

pytestmark = [pytest.mark.container, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")
PASSWORD = "stack-test-password-4f1c"
MAIL_DELAY = 0.3  # seconds per message: long enough to restart a worker mid-send
sys.path.insert(0, str(REPO / "bench"))


def _wait_for(condition, *, timeout: float, what: str, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture(scope="module")
def images():
    reason = containers.unavailable_reason()
    if reason:
        pytest.skip(f"container test skipped: {reason}")
    return containers.prepare_images()


@pytest.fixture
def s3(tmp_path):
    port = free_port()
    with open(tmp_path / "moto.log", "wb") as log:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    wait_for_http(f"{url}/moto-api/", process=process)
    client = boto3.client(
        "s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id="stack", aws_secret_access_key="stack"
    )
    client.create_bucket(Bucket="cvs")
    yield url
    process.terminate()
    process.wait(timeout=10)


class Stack:
    """Containers of one test run, named with a common prefix and removed at the end."""

    def __init__(self, image: str, env_file: Path, mounts: list[str]):
        self.image = image
        self.env_file = env_file
        self.mounts = mounts
        self.prefix = f"recruiting-test-{uuid.uuid4().hex[:8]}"
        self.names: list[str] = []

    def run(self, name: str, *command: str, env: dict[str, str] | None = None, detach: bool = True) -> str:
        full = f"{self.prefix}-{name}"
        args = ["run", "--name", full, "--network", "host", "--env-file", str(self.env_file)]
        # As Kubernetes runs it: read-only root, a writable /tmp, the image's own user.
        args += ["--read-only", "--tmpfs", "/tmp:rw,size=64m", "--stop-timeout", "40"]
        for mount in self.mounts:
            args += ["-v", mount]
        for key, value in (env or {}).items():
            args += ["-e", f"{key}={value}"]
        if detach:
            args.append("-d")
        else:
            args.append("--rm")
        self.names.append(full)
        result = containers.podman(*args, self.image, *command, check=False, timeout=600)
        if result.returncode != 0:
            raise AssertionError(
                f"{name} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return full

    def logs(self, name: str) -> str:
        result = containers.podman("logs", f"{self.prefix}-{name}", check=False)
        return result.stdout + result.stderr

    def remove(self) -> None:
        for name in reversed(self.names):
            containers.podman("rm", "--force", "--time", "5", name, check=False)


def _fresh_database_migrates(images, env_file: Path, stack: Stack) -> None:
    """`migrate` from the image on an empty database, then `migrate --check` says done."""
    admin_url = subprocess_database_url()
    name = f"{connection.settings_dict['NAME']}_fresh"
    with psycopg.connect(re.sub(r"/[^/]+$", "/postgres", admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        fresh = {"DATABASE_URL": re.sub(r"/[^/]+$", f"/{name}", admin_url)}
        stack.run("migrate-fresh", "python", "manage.py", "migrate", "--no-input", "-v", "1", env=fresh, detach=False)
        stack.run("migrate-check", "python", "manage.py", "migrate", "--check", env=fresh, detach=False)
    finally:
        with psycopg.connect(re.sub(r"/[^/]+$", "/postgres", admin_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _mail_ids(folder: Path) -> list[str]:
    ids = []
    for path in folder.glob("sent-*.eml"):
        found = re.search(rb"^Message-ID: *(\S+)", path.read_bytes(), re.MULTILINE | re.IGNORECASE)
        assert found, path
        ids.append(found.group(1).decode())
    return ids


def _get(url: str, cookie: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 - our own server
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
        return response.status, response.read()


@pytest.fixture
def celery_to_the_stack():
    """This process queues tasks onto the stack's broker and queue (for the e-mail part)."""
    from kombu import pools

    queue = f"stack-{uuid.uuid4().hex[:10]}"
    saved = {
        key: celery_app.conf[key]
        for key in ("broker_url", "task_always_eager", "task_default_queue", "broker_transport_options")
    }
    celery_app.conf.update(
        broker_url=REDIS_URL,
        task_always_eager=False,
        task_default_queue=queue,
        # The stack's own Redis keys: other worker tests share this database.
        broker_transport_options={**saved["broker_transport_options"], "global_keyprefix": f"{queue}:"},
    )
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield queue
    celery_app.conf.update(saved)
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_the_image_serves_the_portal_from_replicas_behind_a_balancer(
    images, s3, tmp_path, settings, page, celery_to_the_stack
):
    portal_image, balancer_image = images
    queue = celery_to_the_stack
    # --- the people and the posting, in the database the stack uses ------------------
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the containers' hashers
    recruiter = UserFactory(email="rita.stack@example.com", full_name="Rita Recruiter", role="recruiter")
    recruiter.set_password(PASSWORD)
    recruiter.save(update_fields=["password"])
    manager = UserFactory(email="hari.stack@example.com", full_name="Hari Manager", role="hiring_manager")
    panel = [make_interviewer(email=f"panel{i}.stack@example.com", full_name=f"Panel {name}")
             for i, name in enumerate(["Anu", "Bala"])]  # fmt: skip
    posting = posting_with_questions(hiring_manager=manager, title="Lead Backend Engineer", location="Chennai")
    interview_round = make_round(posting, pool=panel, interviewers_needed=2, name="Technical")

    # --- the stack ------------------------------------------------------------------
    mail = tmp_path / "mail"
    mail.mkdir()
    mail.chmod(0o777)
    support = tmp_path / "support" / "tests"  # the test e-mail backend, mounted read-only
    (support / "support").mkdir(parents=True)
    (support / "__init__.py").write_text("")
    (support / "support" / "__init__.py").write_text("")
    shutil.copy(REPO / "tests/support/mail.py", support / "support" / "mail.py")
    web_ports = [free_port(), free_port()]
    balancer_port = free_port()
    balancer = f"http://127.0.0.1:{balancer_port}"
    env = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": subprocess_database_url(),
        "DB_POOL_MAX_SIZE": "4",
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_QUEUE": queue,
        "CELERY_BROKER_KEYPREFIX": f"{queue}:",
        "REDIS_URL": REDIS_URL,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": balancer,
        "SECURE_COOKIES": "0",
        "LOCAL_LOGIN_ENABLED": "1",
        "S3_BUCKET": "cvs",
        "S3_ENDPOINT_URL": s3,
        "S3_REGION": "us-east-1",
        "S3_ADDRESSING_STYLE": "path",
        "S3_ACCESS_KEY_ID": "stack",
        "S3_SECRET_ACCESS_KEY": "stack",
        "EMAIL_TRANSPORT": "tests.support.mail.DirectoryBackend",
        "TEST_MAIL_DIR": "/mail",
        "TEST_MAIL_DELAY": str(MAIL_DELAY),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "4",
        "CELERY_HEARTBEAT_FILE": "/tmp/celery-heartbeat",
    }
    env_file = tmp_path / "stack.env"
    env_file.write_text("".join(f"{key}={value}\n" for key, value in env.items()))
    stack = Stack(portal_image, env_file, [f"{mail}:/mail", f"{support}:/app/tests:ro"])
    haproxy_cfg = tmp_path / "haproxy.cfg"
    template = (REPO / "tests/deploy/stack/haproxy.cfg").read_text()
    haproxy_cfg.write_text(
        template.replace("__BALANCER_PORT__", str(balancer_port))
        .replace("__WEB1_PORT__", str(web_ports[0]))
        .replace("__WEB2_PORT__", str(web_ports[1]))
    )
    haproxy_cfg.chmod(0o644)
    try:
        _fresh_database_migrates(images, env_file, stack)
        stack.run("migrate", "python", "manage.py", "migrate", "--no-input", detach=False)
        for number, port in enumerate(web_ports, start=1):
            stack.run(f"web{number}", env={"GUNICORN_BIND": f"127.0.0.1:{port}"})
        for number in (1, 2):
            stack.run(f"worker{number}", "celery", "-A", "recruiting", "worker", "--loglevel", "INFO",
                      "--concurrency", "2", "-n", f"worker{number}@%h")  # fmt: skip
        stack.run("beat", "celery", "-A", "recruiting", "beat", "--loglevel", "INFO",
                  "--schedule", "/tmp/celerybeat-schedule")  # fmt: skip
        balancer_name = f"{stack.prefix}-haproxy"
        stack.names.append(balancer_name)
        containers.podman("run", "-d", "--name", balancer_name, "--network", "host",
                          "-v", f"{haproxy_cfg}:/etc/haproxy/haproxy.cfg:ro", balancer_image)  # fmt: skip
        for port in web_ports:
            wait_for_http(f"http://127.0.0.1:{port}/readyz", timeout=90)
        wait_for_http(f"{balancer}/readyz", timeout=30)

        _journey(page, balancer, web_ports, mail, recruiter, posting, interview_round, panel)
        _stop_a_replica_under_load(stack, balancer)
        _restart_workers_mid_send(stack, mail)
    except BaseException:
        for name in ("web1", "web2", "worker1", "worker2", "beat"):
            print(f"----- {name} -----\n{stack.logs(name)[-3000:]}")
        raise
    finally:
        stack.remove()


def _journey(page, balancer, web_ports, mail, recruiter, posting, interview_round, panel):
    page.set_default_timeout(30_000)
    # An applicant applies with a CV through the balancer.
    cv = make_pdf("Meera Krishnan\nBackend engineer: Go, PostgreSQL, Zephyrine pipelines")
    page.goto(f"{balancer}/careers/")
    page.get_by_role("link", name="Lead Backend Engineer").click()
    page.get_by_label("Full name").fill("Meera Krishnan")
    page.get_by_label("E-mail").fill("meera.k@example.in")
    page.get_by_label("Phone").fill("98400 55555")
    page.get_by_label("What is your expected CTC (per year)?").fill("30 L")
    page.get_by_label("What is your notice period, in days?").fill("15")
    page.get_by_label("How many years have you worked with Golang?").fill("6")
    page.get_by_role("group", name="Can you attend weekday interviews in person in Chennai?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("I agree that the company may store").check()
    page.get_by_label("CV", exact=True).set_input_files(
        files=[{"name": "Meera CV.pdf", "mimeType": "application/pdf", "buffer": cv}]
    )
    page.get_by_test_id("apply-submit").click()
    expect(page.get_by_test_id("applied")).to_contain_text("Thank you for applying")
    application = Application.objects.select_related("candidate").get(posting=posting)

    # A worker (another container) reads the CV from the bucket and extracts its text.
    _wait_for(
        lambda: Document.objects.filter(application=application, text_status="ready", text__contains="Zephyrine").exists(),
        timeout=90, what="the worker to extract the CV's text",
    )  # fmt: skip

    # A recruiter signs in through the balancer; both replicas serve the same CV.
    page.goto(f"{balancer}/accounts/login/")
    page.get_by_label("E-mail").fill(recruiter.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_test_id("password-login").click()
    expect(page.get_by_test_id("role")).to_have_text("Recruiter dashboard")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    cv_path = reverse("postings:cv_download", args=[application.documents.get().public_id])
    for port in web_ports:
        assert _get(f"http://127.0.0.1:{port}{cv_path}", cookie) == (200, cv)

    # The card moves to Screen on the board.
    page.goto(balancer + reverse("pipelines:board", args=[posting.public_id]))
    card = page.locator(f"#card-{application.public_id}")
    card.locator("summary").click()
    card.get_by_test_id("move-select").select_option(label="Screen")
    card.get_by_test_id("move-button").click()
    expect(page.get_by_test_id("board-message")).to_contain_text("Meera Krishnan moved to Screen.")
    application.refresh_from_db()
    assert application.stage.name == "Screen"

    # An interview is booked with the whole panel.
    page.goto(balancer + reverse("interviews:application", args=[application.public_id]))
    page.get_by_test_id(f"schedule-{interview_round.pk}").click()
    for person in panel:
        page.get_by_label(re.compile(person.full_name)).check()
    page.get_by_test_id("find-slots").click()
    page.get_by_test_id("slot").first.click()
    expect(page.locator(".flash")).to_contain_text("Booked")

    # Every e-mail (confirmation, three invitations) leaves once, through the workers.
    expected = {"apply_confirmation": 1, "interview_invite": 3}
    _wait_for(
        lambda: Notification.objects.filter(kind__in=expected, status="sent").count() == sum(expected.values()),
        timeout=90, what="the confirmation and the invitations to be sent",
    )  # fmt: skip
    rows = list(Notification.objects.filter(kind__in=expected))
    assert {kind: sum(r.kind == kind for r in rows) for kind in expected} == expected
    ids = _mail_ids(mail)
    for row in rows:
        assert ids.count(row.message_id) == 1, row.kind


def _stop_a_replica_under_load(stack, balancer):
    """20 clients for 30 s through the balancer; web2 is stopped 8 s in: 0 failures."""
    from load import locust

    def stop_web2():
        time.sleep(8)
        containers.podman("stop", "--time", "40", f"{stack.prefix}-web2")

    stopper = threading.Thread(target=stop_web2)
    stopper.start()
    result = locust(host=balancer, path="/careers/", users=20, seconds=30, wait=0.05)
    stopper.join()
    print(f"load through the balancer while web2 stopped: {result}")
    state = containers.podman("inspect", "--format", "{{.State.Status}}", f"{stack.prefix}-web2").stdout.strip()
    assert state == "exited"
    assert result["requests"] > 200, result
    assert result["failures"] == 0, result


def _restart_workers_mid_send(stack, mail):
    """40 e-mails, each taking 0.3 s to send; both workers restarted while sending."""
    before = set(_mail_ids(mail))
    rows = []
    with transaction.atomic():
        for i in range(40):
            rows.append(
                notification_queue(key=f"stack:restart:{i}", kind="test_message", to=[f"p{i}@example.com"], context={"name": "Asha"})
            )  # fmt: skip
    ids = [row.pk for row in rows]

    def sent() -> int:
        return Notification.objects.filter(pk__in=ids, status="sent").count()

    _wait_for(lambda: sent() >= 3, timeout=60, what="the first e-mails to go out")
    containers.podman("restart", "--time", "40", f"{stack.prefix}-worker1")
    _wait_for(lambda: sent() >= 15, timeout=90, what="sending to go on after a restart")
    containers.podman("restart", "--time", "40", f"{stack.prefix}-worker2")
    _wait_for(lambda: sent() == 40, timeout=180, what="all 40 e-mails to be sent")

    delivered = [mid for mid in _mail_ids(mail) if mid not in before]
    expected = {row.message_id for row in Notification.objects.filter(pk__in=ids)}
    assert sorted(delivered) == sorted(expected)  # each exactly once: none twice, none lost
