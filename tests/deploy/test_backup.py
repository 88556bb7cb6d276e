"""Backup and restore as docs/operations.md describes it: pg_dump of the database plus a
tar of the stored CVs, restored into an empty database and an empty storage, and the
portal (gunicorn, production settings) works on the restored copy."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import urllib.request

import psycopg
import pytest
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.urls import reverse

from recruiting.pipelines.models import Candidate
from tests.careers.apply_factories import apply_data, posting_with_questions
from tests.deploy.conftest import REPO, production_env, subprocess_database_url

pytestmark = pytest.mark.django_db(transaction=True)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is needed for the backup procedure (Debian: postgresql-client)")
    return found


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _cookie_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{django_settings.SESSION_COOKIE_NAME}={session.session_key}"


def _get(url: str, cookie: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 - our own server
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, response.read()


@pytest.fixture
def restored_database():
    source = subprocess_database_url()
    name = f"{source.rsplit('/', 1)[1]}_restored"
    admin = re.sub(r"/[^/]+$", "/postgres", source)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')  # empty: no tables at all
    yield re.sub(r"/[^/]+$", f"/{name}", source)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_an_empty_database_and_storage_and_the_portal_works(
    client, hiring_manager, settings, tmp_path, restored_database, start_gunicorn
):
    cache.clear()
    posting = posting_with_questions(hiring_manager=hiring_manager, title="Lead Backend Engineer")
    assert client.post(reverse("careers:apply", args=[posting.public_id]), apply_data(posting)).status_code == 302
    document = Candidate.objects.get().documents.get()
    original_cv = (settings.MEDIA_ROOT / document.file.name).read_bytes()
    cookie = _cookie_for(hiring_manager)  # a session taken before the backup

    # Backup: the database and the stored files.
    dump, archive = tmp_path / "portal.dump", tmp_path / "cvs.tar"
    subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump),
         subprocess_database_url()],
        check=True, timeout=300,
    )  # fmt: skip
    source_env = production_env(MEDIA_ROOT=str(settings.MEDIA_ROOT))
    assert "1 files written" in _manage(source_env, "media_backup", str(archive))

    # Restore: an empty database and an empty media folder.
    restored_media = tmp_path / "restored-media"
    subprocess.run(
        [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", restored_database,
         str(dump)],
        check=True, timeout=300,
    )  # fmt: skip
    target_env = production_env(DATABASE_URL=restored_database, MEDIA_ROOT=str(restored_media))
    assert "1 files restored" in _manage(target_env, "media_restore", str(archive))
    _manage(target_env, "migrate", "--check")  # nothing left to apply
    assert "0 files restored, 1 already there" in _manage(target_env, "media_restore", str(archive))

    # The portal on the restored copy: the same session, the board, the CV.
    # The same SECRET_KEY as before: sessions and signed links depend on it.
    server = start_gunicorn(
        DATABASE_URL=restored_database,
        MEDIA_ROOT=str(restored_media),
        WEB_CONCURRENCY="1",
        SECRET_KEY=django_settings.SECRET_KEY,
    )
    status, board = _get(server.url + reverse("pipelines:board", args=[posting.public_id]), cookie)
    assert status == 200 and b"Priya Raman" in board
    cv = _get(server.url + reverse("postings:cv_download", args=[document.public_id]), cookie)
    assert cv == (200, original_cv)


def test_a_restore_refuses_names_that_leave_the_storage(tmp_path, settings):
    import io
    import tarfile

    from django.core.management import CommandError, call_command

    archive = tmp_path / "evil.tar"
    with tarfile.open(archive, "w") as tar:
        info = tarfile.TarInfo("cvs/../../outside.pdf")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"%PDF"))
    with pytest.raises(CommandError, match="unsafe name"):
        call_command("media_restore", str(archive))
    assert not (tmp_path / "outside.pdf").exists()
