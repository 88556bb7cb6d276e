"""The settings start with exactly what compose.yaml, compose.production.yaml and the
Kubernetes manifests set (test_kubernetes.py), and production ones pass `check --deploy`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from tests.deploy.conftest import REPO

PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s;"
    "print(json.dumps({'debug': s.DEBUG, 'db': s.DATABASES['default']['HOST'], 'eager': s.CELERY_TASK_ALWAYS_EAGER,"
    "'secure': s.SESSION_COOKIE_SECURE, 'hosts': s.ALLOWED_HOSTS, 'local_login': s.LOCAL_LOGIN_ENABLED,"
    "'hsts': s.SECURE_HSTS_SECONDS, 'redirect': s.SECURE_SSL_REDIRECT,"
    "'conn_max_age': s.DATABASES['default']['CONN_MAX_AGE'], 'pool': s.DATABASES['default'].get('OPTIONS', {}).get('pool')}))"
)
STRONG_KEY = "k8J2-production-test-key-3f9a1c7e5b2d4068a9e1f3c5b7d9e2a4c6f8b0d2"


def _clean_env(env: dict[str, str]) -> dict[str, str]:
    return {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "recruiting.settings", **env}


def _start_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, env=_clean_env(env), capture_output=True, text=True)


def _seen(env: dict[str, str]) -> dict:
    result = _start_settings(env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=_clean_env(env), capture_output=True, text=True
    )


def _compose(name: str) -> dict:
    return yaml.safe_load((REPO / name).read_text())


def _interpolate(value: str, variables: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?message}, for the tests."""

    def replace(match: re.Match) -> str:
        name, op, rest = match.group(1), match.group(2), match.group(3)
        if variables.get(name):
            return variables[name]
        if op == ":?":
            raise AssertionError(f"compose would refuse to start: {rest}")
        return rest or ""

    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", replace, value)


def _service_env(service: str, variables: dict[str, str], *files: str) -> dict[str, str]:
    env: dict[str, str] = {}
    for name in files:
        env.update(_compose(name)["services"][service].get("environment") or {})
    return {key: _interpolate(str(value), variables) for key, value in env.items()}


PRODUCTION_VARIABLES = {
    "SECRET_KEY": STRONG_KEY,
    "POSTGRES_PASSWORD": "a-real-password",
    "PORTAL_HOST": "recruiting.example.com",
    "EMAIL_HOST": "smtp.example.com",
    "DEFAULT_FROM_EMAIL": "Recruiting <recruiting@example.com>",
    "OIDC_CLIENT_ID": "portal",
    "OIDC_CLIENT_SECRET": "a-real-client-secret",
    "OIDC_SERVER_URL": "https://sso.example.com/realms/company",
}


def test_the_settings_start_with_only_the_compose_variables():
    seen = _seen(_service_env("web", {}, "compose.yaml"))
    assert seen == {
        "debug": False,
        "db": "db",
        "eager": False,
        "secure": False,
        "hosts": ["localhost", "127.0.0.1"],
        "local_login": True,
        "hsts": 31536000,  # sent on HTTPS responses only: the trial speaks plain HTTP
        "redirect": False,
        "conn_max_age": 60,
        "pool": None,
    }


def test_every_service_of_the_stack_is_defined():
    compose = _compose("compose.yaml")
    assert {"web", "worker", "beat", "db", "redis", "migrate"} <= set(compose["services"])


def test_only_web_and_worker_have_health_checks_and_each_its_own():
    services = _compose("compose.yaml")["services"]
    assert "healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert "CELERY_HEARTBEAT_FILE" in " ".join(services["worker"]["healthcheck"]["test"])
    assert "healthcheck" not in services["beat"] and "healthcheck" not in services["migrate"]
    assert "HEALTHCHECK" not in (REPO / "Dockerfile").read_text()  # would be inherited by all


def test_the_production_compose_profile_passes_check_deploy():
    env = _service_env("web", PRODUCTION_VARIABLES, "compose.yaml", "compose.production.yaml")
    seen = _seen(env)
    assert seen["local_login"] is False and seen["secure"] is True and seen["redirect"] is True
    result = _manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_production_compose_profile_needs_its_secrets():
    with pytest.raises(AssertionError, match="SECRET_KEY"):
        _service_env("web", {**PRODUCTION_VARIABLES, "SECRET_KEY": ""}, "compose.yaml", "compose.production.yaml")


@pytest.mark.parametrize("service", ["worker", "beat", "migrate"])
def test_every_production_service_has_the_same_settings(service):
    web = _service_env("web", PRODUCTION_VARIABLES, "compose.yaml", "compose.production.yaml")
    other = _service_env(service, PRODUCTION_VARIABLES, "compose.yaml", "compose.production.yaml")
    assert {key: value for key, value in other.items() if key != "CELERY_HEARTBEAT_FILE"} == web


def test_the_trial_compose_is_not_deploy_clean():
    """The trial speaks HTTP with password sign-in: check --deploy says so."""
    result = _manage(_service_env("web", {}, "compose.yaml"), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _start_settings({"DATABASE_URL": "postgres://x@db/x"})
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


@pytest.mark.parametrize("name", ["DATABASE_URL", "OIDC_CLIENT_ID"])
def test_a_placeholder_value_is_refused(name):
    env = {"SECRET_KEY": STRONG_KEY, "DATABASE_URL": "postgres://x@db/x", name: "replace-me"}
    if name == "DATABASE_URL":
        env[name] = "postgres://recruiting:replace-me@db/x"
    result = _start_settings(env)
    assert result.returncode != 0
    assert f"{name} still holds the placeholder" in result.stderr


def test_a_placeholder_in_a_secret_file_is_refused(tmp_path):
    (tmp_path / "key").write_text("Replace-Me\n")
    result = _start_settings({"SECRET_KEY_FILE": str(tmp_path / "key"), "DATABASE_URL": "postgres://x@db/x"})
    assert result.returncode != 0
    assert "SECRET_KEY still holds the placeholder" in result.stderr


@pytest.mark.parametrize("value", ["yes", "enabled", "2"])
def test_a_yes_ish_boolean_is_refused(value):
    result = _start_settings({"SECRET_KEY": "x", "DATABASE_URL": "postgres://x@db/x", "DEBUG": value})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_development_keeps_no_persistent_connections_and_production_may_pool():
    assert _seen({"DEBUG": "1"})["conn_max_age"] == 0
    pooled = _seen({"SECRET_KEY": "x", "DATABASE_URL": "postgres://x@db/x", "DB_POOL_MAX_SIZE": "4"})
    assert pooled["conn_max_age"] == 0
    assert pooled["pool"] == {"min_size": 1, "max_size": 4, "timeout": 10}


def test_hsts_and_the_redirect_follow_the_environment():
    base = {"SECRET_KEY": "x", "DATABASE_URL": "postgres://x@db/x"}
    seen = _seen({**base, "SECURE_HSTS_SECONDS": "3600", "SECURE_SSL_REDIRECT": "1"})
    assert (seen["hsts"], seen["redirect"]) == (3600, True)
    assert _seen({**base, "DEBUG": "1"})["hsts"] == 0


def test_the_build_step_collectstatic_needs_no_services(collected_static):
    assert (collected_static / "js" / "htmx.min.js").exists()
    assert (collected_static / "staticfiles.json").exists()  # hashed names for caching
