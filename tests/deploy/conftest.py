"""Helpers for tests that start the portal the way production does: gunicorn (and, in
test_container.py, the image) as separate processes against the test database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    """The container test takes minutes: start it first, so that the other tests run
    beside it on the other xdist workers instead of after it."""
    items.sort(key=lambda item: 0 if item.get_closest_marker("container") else 1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def subprocess_database_url() -> str:
    """The test database as a DATABASE_URL another process can use."""
    from django.db import connection

    db = connection.settings_dict
    host = str(db["HOST"] or "127.0.0.1")
    if host.startswith("/"):
        host = host.replace("/", "%2F")
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for_http(url: str, *, timeout: float = 60.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own server
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError(f"nothing answered {url} within {timeout:.0f} s")


def production_env(**extra: str) -> dict[str, str]:
    """The environment of a production process, pointed at the test database."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "recruiting.settings",
        "SECRET_KEY": "deploy-test-secret-key-with-enough-length-and-variety-0123456789",
        "DATABASE_URL": subprocess_database_url(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",
        "RECRUITING_TESTING": "0",
        **extra,
    }


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """Static files collected as the image build does (hashed names, compressed)."""
    root = tmp_path_factory.mktemp("staticfiles")
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "recruiting.settings",
        "SECRET_KEY": "collectstatic-only",
        "DATABASE_URL": "postgres://build@localhost/build",
        "STATIC_ROOT": str(root),
        "RECRUITING_TESTING": "0",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=REPO, env=env, check=True
    )
    return root


@dataclass
class Gunicorn:
    process: subprocess.Popen
    url: str
    stdout: Path
    stderr: Path
    env: dict[str, str] = field(default_factory=dict)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@pytest.fixture
def start_gunicorn(tmp_path, collected_static):
    """`start_gunicorn(**env)` runs gunicorn with gunicorn.conf.py, as the image does."""
    started: list[Gunicorn] = []

    def start(**extra: str) -> Gunicorn:
        port = free_port()
        env = production_env(GUNICORN_BIND=f"127.0.0.1:{port}", STATIC_ROOT=str(collected_static), **extra)
        name = f"gunicorn-{len(started)}"
        stdout, stderr = tmp_path / f"{name}.out", tmp_path / f"{name}.err"
        with open(stdout, "wb") as out, open(stderr, "wb") as err:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "recruiting.wsgi:application"],
                cwd=REPO,
                env=env,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
        server = Gunicorn(process, f"http://127.0.0.1:{port}", stdout, stderr, env)
        started.append(server)
        wait_for_http(f"{server.url}/healthz", process=process)
        return server

    yield start
    for server in started:
        server.stop()
