"""Report pages and downloads: who may open them, HTMX fragments, CSV and XLSX, query budgets."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from recruiting.reports.registry import REPORTS
from tests.factories import ApplicationFactory
from tests.reports.world import RANGE, build_report_world

pytestmark = pytest.mark.django_db
SLUGS = list(REPORTS)


@pytest.fixture
def world(hiring_manager, recruiter, interviewer):
    return build_report_world(hiring_manager, recruiter, interviewer)


@pytest.mark.parametrize("slug", SLUGS)
def test_a_recruiter_opens_every_report(client_for, recruiter, world, slug):
    response = client_for(recruiter).get(reverse(f"reports:{slug}"), RANGE)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body and 'data-testid="results"' in body and "Vary" in response
    assert 'role="img"' in body and "<desc" in body and 'data-testid="report-table"' in body


def test_the_htmx_answer_is_the_results_fragment(client_for, recruiter, world):
    response = client_for(recruiter).get(reverse("reports:funnel"), RANGE, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and body.lstrip().startswith('<section id="results"')
    assert 'data-testid="filters"' not in body  # the filters stay on the page, outside the fragment


def test_interviewers_open_only_their_load(client_for, interviewer, world):
    client = client_for(interviewer)
    assert client.get(reverse("reports:interviewers"), RANGE).status_code == 200
    for slug in ("funnel", "time-in-stage", "time-to-hire", "sources", "offers"):
        assert client.get(reverse(f"reports:{slug}")).status_code == 403
        assert client.get(reverse(f"reports:{slug}-export")).status_code == 403
    index = client.get(reverse("reports:index")).content.decode()
    assert "Interviewer load" in index and "Funnel" not in index


def test_another_hiring_manager_sees_none_of_our_figures(client_for, outsider_manager, world):
    body = client_for(outsider_manager).get(reverse("reports:funnel"), RANGE).content.decode()
    assert "Reports Platform Lead" not in body and "Nothing to show" in body
    response = client_for(outsider_manager).get(
        reverse("reports:funnel"), {**RANGE, "posting": str(world.posting.public_id)}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_bad_filters_are_named_not_a_500(client_for, recruiter):
    response = client_for(recruiter).get(reverse("reports:funnel"), {"date_from": "2026-02-30", "source": "nope"})
    body = response.content.decode()
    assert response.status_code == 200 and "Enter a valid date" in body and "Select a valid choice" in body


def test_an_unknown_export_format_is_a_400(client_for, recruiter):
    assert client_for(recruiter).get(reverse("reports:funnel-export"), {"format": "pdf"}).status_code == 400


def test_the_csv_opens_in_excel(client_for, recruiter, world):
    response = client_for(recruiter).get(reverse("reports:funnel-export"), {**RANGE, "format": "csv"})
    raw = b"".join(response.streaming_content)
    assert response.status_code == 200 and raw.startswith(b"\xef\xbb\xbf")
    assert 'filename="funnel-20260601-20260630-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Stage", "Applications", "% of all", "% of previous stage"]
    assert rows[1] == ["Applied", "4", "100.0", ""]


def test_the_xlsx_has_typed_cells_and_every_table(client_for, recruiter, world):
    response = client_for(recruiter).get(reverse("reports:time-to-hire-export"), {**RANGE, "format": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["By month of hire", "By posting"]
    month = book["By month of hire"]
    assert month["A2"].is_date and month["B2"].value == 1 and month["C2"].value == 14.0
    assert book["By posting"]["A2"].value == "Reports Platform Lead"


def test_the_offers_export_has_its_outcomes(client_for, recruiter):
    response = client_for(recruiter).get(reverse("reports:offers-export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "Sent" and sheet["B2"].value == 0 and sheet["B2"].data_type == "n"


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params, HTTP_HX_REQUEST="true").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("slug", SLUGS)
def test_queries_do_not_grow_with_the_data(client_for, recruiter, hiring_manager, world, slug):
    """Query budgets: the fragment costs the same for 4 applications and for 24."""
    url = reverse(f"reports:{slug}")
    for who in (recruiter, hiring_manager):
        client = client_for(who)
        before = _queries(client, url, RANGE)
        for _ in range(20):
            ApplicationFactory(posting=world.posting, source="agency")
        assert _queries(client, url, RANGE) == before, who


def test_the_dashboard_strip_shows_each_role_its_figures(
    client_for, recruiter, hiring_manager, interviewer, outsider_manager, world
):
    from datetime import timedelta

    from django.utils import timezone

    from recruiting.interviews.models import Interview

    Interview.objects.filter(pk=world.interview.pk).update(
        starts_at=timezone.now() + timedelta(days=3), ends_at=timezone.now() + timedelta(days=3, hours=1)
    )
    body = client_for(recruiter).get("/").content.decode()
    assert 'data-testid="figure-strip"' in body and "Active applications" in body
    assert "Interviews in the next 7 days" in body
    strip = client_for(hiring_manager).get("/").context["panels"][0]
    assert strip["title"] == "At a glance"
    assert {f["label"]: f["value"] for f in strip["figures"]}["Active applications"] == 1
    assert {f["label"]: f["value"] for f in strip["figures"]}["Interviews in the next 7 days"] == 1
    outsider = client_for(outsider_manager).get("/").context["panels"][0]
    assert {f["label"]: f["value"] for f in outsider["figures"]}["Active applications"] == 0
    mine = client_for(interviewer).get("/").context["panels"][0]
    assert [f["label"] for f in mine["figures"]] == [
        "Interviews in the next 7 days",
        "Scorecards to write",
        "Interviews this month",
    ]
