"""CVs on S3-compatible storage (django-storages), against moto's standalone S3 server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.cache import cache
from django.urls import reverse

from recruiting.pipelines.models import Candidate
from tests.careers.apply_factories import apply_data, posting_with_questions
from tests.deploy.conftest import REPO, free_port, wait_for_http

CREDENTIALS = {"S3_ACCESS_KEY_ID": "moto-test-key", "S3_SECRET_ACCESS_KEY": "moto-test-secret"}


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    """moto's S3 server on a free port, for this module."""
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/moto-api/", process=process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _client(url: str):
    return boto3.client(
        "s3",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id=CREDENTIALS["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["S3_SECRET_ACCESS_KEY"],
    )


@pytest.fixture
def bucket(s3_server) -> str:
    name = f"cvs-{uuid.uuid4().hex[:10]}"
    _client(s3_server).create_bucket(Bucket=name)
    return name


def _env(s3_server: str, bucket: str) -> dict[str, str]:
    return {
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": s3_server,
        "S3_REGION": "us-east-1",
        "S3_ADDRESSING_STYLE": "path",
        "S3_PREFIX": "portal",
        **CREDENTIALS,
    }


STORE_AND_READ = """
import django, json
django.setup()
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
name = default_storage.save("cvs/probe.pdf", ContentFile(b"%PDF-1.4 probe"))
with default_storage.open(name, "rb") as handle:
    data = handle.read()
print(json.dumps({"backend": settings.STORAGES["default"]["BACKEND"], "name": name, "data": data.decode()}))
"""


def test_the_s3_settings_store_and_read_a_file(s3_server, bucket):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "recruiting.settings",
        "SECRET_KEY": "x",
        "DATABASE_URL": "postgres://x@db/x",
        **_env(s3_server, bucket),
    }
    result = subprocess.run(
        [sys.executable, "-c", STORE_AND_READ], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {"backend": "storages.backends.s3.S3Storage", "name": "cvs/probe.pdf", "data": "%PDF-1.4 probe"}
    keys = [item["Key"] for item in _client(s3_server).list_objects_v2(Bucket=bucket)["Contents"]]
    assert keys == ["portal/cvs/probe.pdf"]


@pytest.fixture
def s3_storage(settings, s3_server, bucket):
    """This process's default storage pointed at the bucket, exactly as settings.py would."""
    env = _env(s3_server, bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env["S3_BUCKET"],
                "location": env["S3_PREFIX"],
                "endpoint_url": env["S3_ENDPOINT_URL"],
                "region_name": env["S3_REGION"],
                "access_key": env["S3_ACCESS_KEY_ID"],
                "secret_key": env["S3_SECRET_ACCESS_KEY"],
                "addressing_style": env["S3_ADDRESSING_STYLE"],
                "signature_version": "s3v4",
                "default_acl": None,
                "file_overwrite": False,
                "querystring_auth": True,
            },
        },
    }
    return bucket


@pytest.mark.django_db
def test_an_applicants_cv_goes_to_the_bucket_and_comes_back_only_through_the_portal(
    client, client_for, s3_server, s3_storage, hiring_manager, settings, django_capture_on_commit_callbacks
):
    cache.clear()
    posting = posting_with_questions(hiring_manager=hiring_manager)
    with django_capture_on_commit_callbacks(execute=True):  # CV text extraction runs in-process
        response = client.post(reverse("careers:apply", args=[posting.public_id]), apply_data(posting))
    assert response.status_code == 302

    document = Candidate.objects.get().documents.get()
    objects = _client(s3_server).list_objects_v2(Bucket=s3_storage)["Contents"]
    assert [item["Key"] for item in objects] == [f"portal/{document.file.name}"]
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))  # nothing on local disk
    document.refresh_from_db()
    assert document.text_status == "ready" and "PostgreSQL" in document.text

    stored = _client(s3_server).get_object(Bucket=s3_storage, Key=f"portal/{document.file.name}")["Body"].read()
    download = client_for(hiring_manager).get(reverse("postings:cv_download", args=[document.public_id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == stored
    assert stored.startswith(b"%PDF-")
