"""Shared fixtures: the database decision, the named cast of users, browser settings."""

from __future__ import annotations

import os

import pytest

from recruiting.core import devdb

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live-server + Playwright


def _test_database_url() -> str:
    """One place decides which PostgreSQL the tests use: DATABASE_URL when set, the
    local server at 127.0.0.1:5432 when it answers, else an embedded one."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if devdb.local_server_reachable():
        return "postgres://postgres@127.0.0.1:5432/recruiting"
    return devdb.embedded_url("recruiting")


@pytest.fixture(scope="session")
def django_db_modify_db_settings():
    import dj_database_url
    from django.conf import settings

    url = _test_database_url()
    config = dj_database_url.parse(url)
    db = settings.DATABASES["default"]
    for key in ("HOST", "PORT", "USER", "PASSWORD", "NAME"):
        db[key] = config[key]
    # RECRUITING_TEST_DB lets two suites share one server without meeting;
    # xdist workers get one database each.
    name = "test_" + os.environ.get("RECRUITING_TEST_DB", config["NAME"])
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    db["TEST"] = {**db.get("TEST", {}), "NAME": f"{name}_{worker}" if worker else name}
    # The worker tests hand this to the Celery worker they start.
    os.environ["RECRUITING_TEST_DATABASE_URL"] = url


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing is deliberately slow; tests create hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- The cast ------------------------------------------------------------------------
@pytest.fixture
def admin_user(db):
    from tests.factories import UserFactory

    return UserFactory(email="ada.admin@example.com", full_name="Ada Admin", role="admin", is_staff=True)


@pytest.fixture
def recruiter(db):
    from tests.factories import UserFactory

    return UserFactory(email="rita.recruiter@example.com", full_name="Rita Recruiter", role="recruiter")


@pytest.fixture
def hiring_manager(db):
    from tests.factories import UserFactory

    return UserFactory(email="hari.manager@example.com", full_name="Hari Manager", role="hiring_manager")


@pytest.fixture
def outsider_manager(db):
    """A hiring manager of another posting: must not see ours."""
    from tests.factories import UserFactory

    return UserFactory(email="olga.outsider@example.com", full_name="Olga Outsider", role="hiring_manager")


@pytest.fixture
def interviewer(db):
    from tests.factories import UserFactory

    return UserFactory(email="ivan.interviewer@example.com", full_name="Ivan Interviewer", role="interviewer")


@pytest.fixture
def no_role_user(db):
    from tests.factories import UserFactory

    return UserFactory(email="nora.norole@example.com", full_name="Nora Norole", role="")


@pytest.fixture
def client_for(client):
    """`client_for(user)` returns the test client signed in as `user`."""

    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


# --- Browser --------------------------------------------------------------------------
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }
