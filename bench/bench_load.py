"""Load benchmark: `python bench/run.py load --users 20 --seconds 30`.

Starts gunicorn as the image does (gunicorn.conf.py, production settings, workers from
the CPU count) on the benchmark database, with one posting's board of 2,000 active
applications, and drives it with Locust (headless, bench/locustfile.py). Prints one line
for the board as its hiring manager sees it, then one for a minimal Django view behind the
same server and middleware (the ceiling), so the board reads as a fraction of it.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from common import emit, setup_django

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _status(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _start_gunicorn(port: int, static_root: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "load_settings",  # production settings + the ceiling view
        "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT)]),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "STATIC_ROOT": static_root,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG_LEVEL": "WARNING",  # no line per request while measuring
    }
    env.pop("WEB_CONCURRENCY", None)  # workers from the CPU count, as in the image
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "recruiting.wsgi:application", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}")
        try:
            if _status(f"http://127.0.0.1:{port}/healthz", "") == 200:
                return process
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 60 s")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench/run.py load")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--applications", type=int, default=2000)
    args = parser.parse_args(argv)
    setup_django()
    from bench_board import _posting_for
    from django.db import connection
    from django.urls import reverse
    from load import locust

    manager, posting = _posting_for(args.applications)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    cookie = _session_cookie(manager)
    connection.close()  # the server opens its own connections

    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="recruiting-static-") as static_root:
        server = _start_gunicorn(port, static_root)
        try:
            host = f"http://127.0.0.1:{port}"
            pages = {"board": reverse("pipelines:board", args=[posting.public_id]), "minimal": "/bench/ceiling"}
            for name, path in pages.items():
                status = _status(host + path, cookie)
                if status != 200:
                    raise SystemExit(f"{name} answered {status} before the run")
            for name, path in pages.items():
                result = locust(host=host, path=path, users=args.users, seconds=args.seconds, cookie=cookie)
                emit(
                    {
                        "bench": "load",
                        "page": name,
                        "users": args.users,
                        "rps": result["rps"],
                        "p50_ms": result["p50_ms"],
                        "p95_ms": result["p95_ms"],
                        "p99_ms": result["p99_ms"],
                        "errors": result["failures"],
                    }
                )
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
