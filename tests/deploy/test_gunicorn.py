"""gunicorn as the image runs it: metrics add up across workers, logs are JSON lines."""

from __future__ import annotations

import json
import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = "scrape-token-for-tests"


def _get(url: str, **headers: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our own server
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, response.read()


def _healthz_count(metrics: str) -> float:
    pattern = r'^recruiting_http_requests_total\{method="GET",status="200",view="healthz"\} (\S+)$'
    found = re.search(pattern, metrics, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_thirty_requests_are_scraped_as_thirty_whichever_worker_answers(start_gunicorn, tmp_path):
    metrics_dir = tmp_path / "metrics"
    server = start_gunicorn(
        WEB_CONCURRENCY="3", GUNICORN_THREADS="1", METRICS_TOKEN=TOKEN, PROMETHEUS_MULTIPROC_DIR=str(metrics_dir)
    )
    start_probe_count = _healthz_count(_get(f"{server.url}/metrics", Authorization=f"Bearer {TOKEN}")[1].decode())

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(lambda _: _get(f"{server.url}/healthz")[0], range(30)))
    assert statuses == [200] * 30

    scrapes = [
        _healthz_count(_get(f"{server.url}/metrics", Authorization=f"Bearer {TOKEN}")[1].decode()) for _ in range(6)
    ]
    assert scrapes == [start_probe_count + 30] * 6
    # The requests really were spread over several workers, each counting in its own file.
    writers = {path.name for path in metrics_dir.glob("counter_*.db")}
    assert len(writers) >= 2, writers


def test_gunicorn_logs_are_json_lines_carrying_the_request_id(start_gunicorn):
    server = start_gunicorn(WEB_CONCURRENCY="2")
    status, _ = _get(f"{server.url}/careers/", **{"X-Request-ID": "probe-7f3a", "User-Agent": "log-test"})
    assert status == 200
    server.stop()

    access = [json.loads(line) for line in server.stdout.read_text().splitlines() if line.strip()]
    line = next(entry for entry in access if entry.get("path") == "/careers/")
    assert line["request_id"] == "probe-7f3a"
    assert line["logger"] == "gunicorn.access"
    assert line["status"] == 200 and line["method"] == "GET" and line["user_agent"] == "log-test"
    assert line["duration_ms"] >= 0

    errors = [json.loads(line) for line in server.stderr.read_text().splitlines() if line.strip()]
    assert any(entry["logger"] == "gunicorn.error" and "Booting worker" in entry["message"] for entry in errors)
    assert all({"time", "level", "logger", "message", "request_id"} <= entry.keys() for entry in errors)
