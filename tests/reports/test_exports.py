"""Background downloads of a report's rows: requested, built with progress, fetched by the
requester only (the worker itself: test_worker.py)."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from recruiting.audit.models import AuditEvent
from recruiting.reports.building import report_export_build
from recruiting.reports.models import ReportExport
from tests.reports.world import RANGE, build_report_world

pytestmark = pytest.mark.django_db
START = reverse("reports:export_start")


@pytest.fixture
def world(hiring_manager, recruiter, interviewer):
    return build_report_world(hiring_manager, recruiter, interviewer)


def request_rows(client, report, fmt, capture, **filters):
    with capture(execute=True):
        response = client.post(START, {"report": report, "format": fmt, **RANGE, **filters})
    assert response.status_code == 302, response.content
    return ReportExport.objects.get(public_id=response["Location"].rstrip("/").split("/")[-1])


def test_a_hiring_manager_gets_the_funnels_rows_as_csv(
    client_for, hiring_manager, world, django_capture_on_commit_callbacks
):
    client = client_for(hiring_manager)
    export = request_rows(client, "funnel", "csv", django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.state == "done" and export.rows_total == 4 and export.percent == 100
    page = client.get(reverse("reports:export", args=[export.public_id])).content.decode()
    assert "Your file is ready" in page and "every 1s" not in page
    response = client.get(reverse("reports:export_download", args=[export.public_id]))
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Application", "Candidate", "Posting"] and len(rows) == 5
    hired = next(r for r in rows if r[0] == str(world.hired.public_id))
    assert hired[4] == "Referral" and hired[5] == "Hired" and hired[7] == "Hired" and hired[12] == "14.0"
    assert AuditEvent.objects.filter(action="reports.export", actor=hiring_manager).exists()


def test_the_stays_come_as_typed_xlsx(client_for, recruiter, world, django_capture_on_commit_callbacks):
    client = client_for(recruiter)
    export = request_rows(client, "time-in-stage", "xlsx", django_capture_on_commit_callbacks)
    response = client.get(reverse("reports:export_download", args=[export.public_id]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.title == "Stays" and sheet["F1"].value == "Working days"
    assert sheet.max_row == 1 + 7  # stays ended in June: 4 of the hire, 2 of the rejection, 1 of the withdrawal
    assert isinstance(sheet["D2"].value, datetime) and isinstance(sheet["F2"].value, int)


def test_while_it_is_built_the_page_polls_a_progress_bar(client_for, recruiter, world):
    client = client_for(recruiter)
    response = client.post(START, {"report": "sources", "format": "csv"})  # on_commit not run: still queued
    export = ReportExport.objects.get()
    assert export.state == "queued"
    fragment = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "<progress" in fragment and "<html" not in fragment
    ReportExport.objects.filter(pk=export.pk).update(state="running", rows_total=10, rows_done=5)
    assert 'value="50"' in client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert report_export_build(export_id=export.pk) == "done"
    assert report_export_build(export_id=export.pk) == "done"  # run again: left alone


def test_nobody_else_sees_or_fetches_it(
    client_for, recruiter, hiring_manager, world, django_capture_on_commit_callbacks
):
    export = request_rows(client_for(hiring_manager), "funnel", "csv", django_capture_on_commit_callbacks)
    other = client_for(recruiter)
    assert other.get(reverse("reports:export", args=[export.public_id])).status_code == 404
    assert other.get(reverse("reports:export_download", args=[export.public_id])).status_code == 404


def test_interviewers_get_only_their_own_interviews(client_for, interviewer, world, django_capture_on_commit_callbacks):
    from tests.interviews.factories import make_interviewer

    client = client_for(interviewer)
    assert client.post(START, {"report": "funnel", "format": "csv"}).status_code == 403
    export = request_rows(client, "interviewers", "csv", django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.rows_total == 1
    stranger = make_interviewer(windows=False)
    export = request_rows(client_for(stranger), "interviewers", "csv", django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.state == "done" and export.rows_total == 0


def test_bad_requests_say_why(client_for, recruiter):
    client = client_for(recruiter)
    assert client.post(START, {"report": "nope", "format": "csv"}).status_code == 400
    assert client.post(START, {"report": "funnel", "format": "pdf"}).status_code == 400
    assert client.post(START, {"report": "offers", "format": "csv"}).status_code == 400
    assert client.get(START).status_code == 405


def test_a_requester_who_lost_the_role_gets_a_failure_not_a_file(recruiter, world):
    export = ReportExport.objects.create(requested_by=recruiter, report="funnel", params=RANGE, format="csv")
    recruiter.role = "interviewer"
    recruiter.save(update_fields=["role"])
    assert report_export_build(export_id=export.pk) == "failed"
    export.refresh_from_db()
    assert export.error and not export.file


def test_old_downloads_are_deleted_with_their_files(
    client_for, recruiter, world, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from recruiting.reports.tasks import purge_old_report_exports

    settings.REPORT_EXPORT_KEEP_HOURS = 72
    client = client_for(recruiter)
    old = request_rows(client, "funnel", "csv", django_capture_on_commit_callbacks)
    fresh = request_rows(client, "funnel", "xlsx", django_capture_on_commit_callbacks)
    old.refresh_from_db()
    fresh.refresh_from_db()
    page = client.get(reverse("reports:export", args=[fresh.public_id])).content.decode()
    assert "It is kept until" in page
    storage = old.file.storage
    assert storage.exists(old.file.name) and storage.exists(fresh.file.name)
    ReportExport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=73))
    stuck = ReportExport.objects.create(requested_by=recruiter, report="funnel", params={}, format="csv")
    ReportExport.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(days=10))

    with django_capture_on_commit_callbacks(execute=True):
        assert purge_old_report_exports.apply().get() == 2

    assert list(ReportExport.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not storage.exists(old.file.name) and storage.exists(fresh.file.name)
    gone = client.get(reverse("reports:export_download", args=[old.public_id]))
    assert gone.status_code == 404
