"""What can be checked of the container set-up without a Docker engine: the settings
start with exactly the variables compose.yaml and the Kubernetes manifests set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s;"
    "print(json.dumps({'debug': s.DEBUG, 'db': s.DATABASES['default']['HOST'], 'eager': s.CELERY_TASK_ALWAYS_EAGER,"
    "'secure': s.SESSION_COOKIE_SECURE, 'hosts': s.ALLOWED_HOSTS, 'local_login': s.LOCAL_LOGIN_ENABLED}))"
)


def _start_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "recruiting.settings", **env}
    return subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, env=clean, capture_output=True, text=True)


def test_the_settings_start_with_only_the_compose_variables():
    compose = yaml.safe_load((REPO / "compose.yaml").read_text())
    env = {k: str(v) for k, v in compose["services"]["web"]["environment"].items()}
    result = _start_settings(env)
    assert result.returncode == 0, result.stderr
    import json

    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {
        "debug": False,
        "db": "db",
        "eager": False,
        "secure": False,
        "hosts": ["localhost", "127.0.0.1"],
        "local_login": True,
    }


def test_every_service_of_the_stack_is_defined():
    compose = yaml.safe_load((REPO / "compose.yaml").read_text())
    assert {"web", "worker", "beat", "db", "redis", "migrate"} <= set(compose["services"])


def test_the_kubernetes_secret_and_config_start_the_settings():
    documents = list(yaml.safe_load_all((REPO / "deploy/k8s/config.yaml").read_text()))
    env = {}
    for doc in documents:
        env.update(doc.get("data") or doc.get("stringData") or {})
    result = _start_settings({k: str(v) for k, v in env.items()})
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _start_settings({"DATABASE_URL": "postgres://x@db/x"})
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


@pytest.mark.parametrize("value", ["yes", "enabled", "2"])
def test_a_yes_ish_boolean_is_refused(value):
    result = _start_settings({"SECRET_KEY": "x", "DATABASE_URL": "postgres://x@db/x", "DEBUG": value})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_the_build_step_collectstatic_needs_no_services(tmp_path):
    env = {
        "SECRET_KEY": "collectstatic-only",
        "DATABASE_URL": "postgres://build@localhost/build",
        "STATIC_ROOT": str(tmp_path),
    }
    clean = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "recruiting.settings", **env}
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "js" / "htmx.min.js").exists()
    assert (tmp_path / "staticfiles.json").exists()  # hashed names for caching
