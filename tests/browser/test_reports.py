"""Journey ("Done when" of issue 12): a hiring manager and a recruiter open each report,
change the filters (HTMX updates the figures and the URL), and download CSV and XLSX,
which openpyxl reads back."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from recruiting.reports.registry import REPORTS
from tests.reports.world import build_report_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _download(page, test_id) -> bytes:
    with page.expect_download() as info:
        page.get_by_test_id(test_id).click()
    return open(info.value.path(), "rb").read()  # noqa: SIM115 - a temporary file Playwright removes


def _walk_reports(page, live_server, posting):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/reports/")
    for slug, report in REPORTS.items():
        page.goto(f"{live_server.url}/reports/{slug}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(report.title)
        page.locator("#id_date_from").fill("2026-06-01")
        page.locator("#id_date_to").fill("2026-06-30")
        page.locator("#id_posting").select_option(label=posting.title)
        expect(page.get_by_test_id("range")).to_contain_text("1 Jun 2026 – 30 Jun 2026")
        expect(page).to_have_url(
            re.compile(rf"/reports/{slug}/\?date_from=2026-06-01&date_to=2026-06-30&posting={posting.public_id}")
        )
        expect(page.get_by_test_id("chart")).to_be_visible()
        expect(page.get_by_test_id("report-table").first).to_be_visible()
        raw = _download(page, "download-csv")
        assert raw.startswith(b"\xef\xbb\xbf"), slug
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        book = load_workbook(io.BytesIO(_download(page, "download-xlsx")))
        first = book.worksheets[0]
        assert [c.value for c in first[1]] == rows[0], slug
        yield slug, rows, book
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_a_hiring_manager_and_a_recruiter_read_the_reports(
    live_server, page, sign_in_as, hiring_manager, recruiter, interviewer
):
    world = build_report_world(hiring_manager, recruiter, interviewer)
    for user in (hiring_manager, recruiter):
        page.context.clear_cookies()
        sign_in_as(user)
        seen = dict((slug, (rows, book)) for slug, rows, book in _walk_reports(page, live_server, world.posting))
        rows, book = seen["funnel"]
        assert rows[1] == ["Applied", "4", "100.0", ""]
        assert book["Stages reached"]["B2"].value == 4 and book["Stages reached"]["B2"].data_type == "n"
        rows, book = seen["time-to-hire"]
        month = book["By month of hire"]
        assert month["A2"].is_date and month["C2"].value == 14.0
        assert seen["sources"][1]["By source"]["A2"].value == "Careers page"


def test_a_recruiter_prepares_every_row_and_follows_the_link(
    live_server, page, sign_in_as, hiring_manager, recruiter, interviewer
):
    world = build_report_world(hiring_manager, recruiter, interviewer)
    sign_in_as(recruiter)
    page.goto(
        f"{live_server.url}/reports/funnel/?date_from=2026-06-01&date_to=2026-06-30&posting={world.posting.public_id}"
    )
    form = page.get_by_test_id("rows-export")
    form.locator("select[name=format]").select_option("xlsx")
    form.get_by_role("button", name="Prepare the download").click()
    link = page.get_by_test_id("export-link")
    expect(link).to_be_visible()
    sheet = load_workbook(io.BytesIO(_download(page, "export-link"))).active
    assert sheet.max_row == 5 and sheet["C2"].value == world.posting.title
