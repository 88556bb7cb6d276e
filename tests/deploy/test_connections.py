"""Database connections under the threaded development server (./run): each request's
thread must give its connection back, or a browser session piles up dozens of them."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request

import psycopg
import pytest

from tests.deploy.conftest import REPO, free_port, production_env, subprocess_database_url, wait_for_http

pytestmark = pytest.mark.django_db(transaction=True)
PROBE = "devserver-connection-probe"


def _open_connections(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [PROBE]).fetchone()[0]


def _run_development_server(extra: dict[str, str]) -> int:
    port = free_port()
    url = subprocess_database_url()
    env = production_env(DEBUG="1", DATABASE_URL=f"{url}?application_name={PROBE}", **extra)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz", process=server)
        for _ in range(30):  # each request on a new connection, so on a new server thread
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/careers/", timeout=10) as response:  # noqa: S310
                assert response.status == 200
        time.sleep(0.5)
        return _open_connections(url)
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_development_server_gives_every_connection_back():
    assert _run_development_server({}) == 0


def test_persistent_connections_would_pile_up_there():
    """Why development closes them: the same server keeping connections for a minute."""
    assert _run_development_server({"DB_CONN_MAX_AGE": "60"}) >= 2
