"""Spreadsheet downloads: CSV that Excel reads as UTF-8 and never runs, XLSX with typed cells."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from recruiting.core.exports import csv_cell, csv_response, xlsx_bytes, xlsx_response


def test_text_that_looks_like_a_formula_is_defused():
    for text in ("=1+1", "+91 98765", "-2", "@SUM(A1)", "\t=cmd", "  =x"):
        assert csv_cell(text).startswith("'"), text
    assert csv_cell("Arjun") == "Arjun"
    assert csv_cell("₹18,00,000") == "₹18,00,000"


def test_numbers_and_dates_stay_plain():
    assert csv_cell(-5) == "-5"
    assert csv_cell(Decimal("3.75")) == "3.75"
    assert csv_cell(date(2026, 11, 27)) == "2026-11-27"
    # 06:30 UTC is noon in India.
    assert csv_cell(datetime(2026, 11, 27, 6, 30, tzinfo=UTC)) == "2026-11-27 12:00"
    assert csv_cell(None) == "" and csv_cell(True) == "yes"


def test_the_csv_starts_with_a_byte_order_mark_and_keeps_the_rupee():
    response = csv_response("x.csv", ["Name", "Pay"], iter([["=evil()", "₹5,00,000"], ["Asha", 12]]))
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows == [["Name", "Pay"], ["'=evil()", "₹5,00,000"], ["Asha", "12"]]


def test_xlsx_cells_are_typed_and_formulas_stay_text():
    when = datetime(2026, 11, 27, 6, 30, tzinfo=UTC)
    data = xlsx_bytes(
        ["Name", "Count", "Median", "Day", "At"],
        [['=HYPERLINK("x")', 3, Decimal("2.5"), date(2026, 1, 2), when], ["bad\x01char", None, 1.5, None, None]],
        title="Funnel: all/some",
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Funnel  all some"
    assert [c.value for c in sheet[1]] == ["Name", "Count", "Median", "Day", "At"]
    name, count, median, day, at = sheet[2]
    assert name.value == '=HYPERLINK("x")' and name.data_type == "s"
    assert count.value == 3 and count.data_type == "n"
    assert median.value == 2.5 and median.data_type == "n"
    assert day.is_date and day.value.date() == date(2026, 1, 2)
    assert at.is_date and at.value == datetime(2026, 11, 27, 12, 0)
    assert sheet["A3"].value == "badchar"


def test_xlsx_reports_progress():
    seen = []
    xlsx_bytes(["n"], ([i] for i in range(2500)), progress=seen.append, every=1000)
    assert seen == [1000, 2000]


def test_xlsx_response_is_a_download():
    response = xlsx_response("r.xlsx", ["a"], [[1]], title="R")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(response.content)).active["A2"].value == 1
