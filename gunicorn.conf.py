"""gunicorn settings for the image and the load benchmark (gunicorn reads this file from
its working directory). Every value can be overridden on the command line."""

from __future__ import annotations

import os
import shutil
import tempfile

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# WEB_CONCURRENCY sets the worker count; without it, two per CPU this process may use.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * len(os.sched_getaffinity(0)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM a worker finishes what it is serving within this time. Kubernetes' grace
# period (deploy/k8s/web.yaml) covers the preStop sleep plus this.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - heartbeat files, memory-backed
# Only these addresses may say the request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES") or "127.0.0.1,::1"

# Logs: JSON lines like Django's, with the request id (recruiting/core/gunicorn.py).
logger_class = "recruiting.core.gunicorn.JsonLogger"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "recruiting.core.middleware.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
            "stream": "ext://sys.stderr",
        },
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"level": "INFO", "handlers": []},
    "loggers": {
        # No level here: gunicorn's --log-level (default info) decides.
        "gunicorn.error": {"handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {
            "level": os.environ.get("GUNICORN_ACCESS_LOG_LEVEL", "INFO"),
            "handlers": ["console"],
            "propagate": False,
        },
    },
}

# Prometheus: every worker writes its samples to files in one folder and /metrics adds
# them up (prometheus_client's multiprocess mode). The master sets the folder before it
# forks the workers (they read it when they import prometheus_client); it starts empty.
_OWN_METRICS_DIR: list[str] = []


def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder, exist_ok=True)
    else:
        folder = tempfile.mkdtemp(prefix="recruiting-prometheus-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
        _OWN_METRICS_DIR.append(folder)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    for folder in _OWN_METRICS_DIR:
        shutil.rmtree(folder, ignore_errors=True)
