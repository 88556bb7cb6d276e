"""Spreadsheet downloads that open right in Excel and cannot run anything.

CSV: UTF-8 with a byte-order mark (without it Excel reads the file as the local code
page and shows "â‚¹" for "₹"), and every text cell that a spreadsheet would take for a
formula (= + - @, or a tab or carriage return before one) starts with an apostrophe
(OWASP's advice on CSV injection). Numbers stay numbers: -5 is a number, not a formula.

XLSX (openpyxl, write-only so memory stays flat): typed cells, numbers as numbers, dates
as dates, datetimes in the portal's time zone without an offset (Excel has none), and
text always stored as text, so "=HYPERLINK(...)" is shown, never evaluated.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

__all__ = [
    "BOM",
    "XLSX_CONTENT_TYPE",
    "csv_cell",
    "csv_lines",
    "csv_response",
    "xlsx_bytes",
    "xlsx_response",
    "xlsx_workbook",
    "xlsx_workbook_response",
]

BOM = "\ufeff"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Characters XML 1.0 cannot hold (openpyxl refuses them); CSV keeps them.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def csv_cell(value) -> str:
    """One CSV cell: numbers and dates as they are, text defused against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if _is_number(value):
        return str(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    stripped = text.lstrip(" ")
    if stripped[:1] in _FORMULA_STARTS or text[:1] in _FORMULA_STARTS:
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The file as text chunks: the byte-order mark and header first, then one line a row."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([csv_cell(v) for v in header])
    for row in rows:
        yield writer.writerow([csv_cell(v) for v in row])


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """A streamed CSV download (rows may be a lazy iterator over a large queryset)."""
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in csv_lines(header, rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_value(value):
    if value is None or isinstance(value, bool) or _is_number(value):
        return value, None
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.replace(tzinfo=None), "yyyy-mm-dd hh:mm"
    if isinstance(value, date):
        return value, "yyyy-mm-dd"
    return _XML_ILLEGAL.sub("", str(value)), "@"


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence], *, title: str = "Report", progress=None, every: int = 1000
) -> bytes:
    """A one-sheet workbook. `progress(rows_done)` is called every `every` rows."""
    return xlsx_workbook([(title, header, rows)], progress=progress, every=every)


def xlsx_workbook(
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]], *, progress=None, every=1000
) -> bytes:
    """A workbook of (title, header, rows) sheets."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    seen: set[str] = set()
    for title, header, rows in sheets:
        name = re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Report"
        while name.lower() in seen:
            name = name[:28] + f" {len(seen)}"
        seen.add(name.lower())
        _sheet(book.create_sheet(title=name), header, rows, progress, every)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(sheet, header, rows, progress, every) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bold = Font(bold=True)
    head = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=_XML_ILLEGAL.sub("", str(name)))
        cell.data_type = "s"
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    for done, row in enumerate(rows, start=1):
        cells = []
        for raw in row:
            value, number_format = _xlsx_value(raw)
            cell = WriteOnlyCell(sheet, value=value)
            if number_format == "@":
                cell.data_type = "s"  # text that starts with "=" stays text, never a formula
            elif number_format:
                cell.number_format = number_format
            cells.append(cell)
        sheet.append(cells)
        if progress is not None and done % every == 0:
            progress(done)


def xlsx_response(filename: str, header: Sequence[str], rows: Iterable[Sequence], *, title: str) -> HttpResponse:
    return xlsx_workbook_response(filename, [(title, header, rows)])


def xlsx_workbook_response(filename: str, sheets) -> HttpResponse:
    response = HttpResponse(xlsx_workbook(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
