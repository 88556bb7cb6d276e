"""A background download built by a real Celery worker on the real Redis, the progress
page polled until the link appears (the worker is a separate process on the test
database, so this test commits)."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from recruiting.reports.models import ReportExport
from tests.notifications.test_worker import _logs, _wait_for, broker, queue_name, start_worker  # noqa: F401
from tests.reports.world import RANGE, build_report_world

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_builds_the_rows_and_the_page_links_them(
    broker,  # noqa: F811
    start_worker,  # noqa: F811
    monkeypatch,
    tmp_path,
    client_for,
    hiring_manager,
    recruiter,
    interviewer,
):
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))  # the worker writes where the test reads
    build_report_world(hiring_manager, recruiter, interviewer)
    start_worker()
    client = client_for(hiring_manager)
    response = client.post(reverse("reports:export_start"), {"report": "funnel", "format": "xlsx", **RANGE})
    assert response.status_code == 302
    export = ReportExport.objects.get()
    try:
        _wait_for(
            lambda: ReportExport.objects.filter(pk=export.pk, state="done").exists(),
            timeout=180,
            what="the worker to build the file",
        )
    except AssertionError:
        raise AssertionError(_logs(tmp_path)) from None
    page = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in page and 'data-testid="export-link"' in page
    download = client.get(reverse("reports:export_download", args=[export.public_id]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 5 and sheet["C2"].value == "Reports Platform Lead"
