"""Tests for recruiting.pipelines.cv and the sample file helpers.

No Django, no database: everything works on in-memory or temporary files.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import time
import zipfile
from collections.abc import Iterator

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from recruiting.pipelines import cv
from recruiting.pipelines.cv import (
    MSG_DOCX_DAMAGED,
    MSG_DOCX_TOO_BIG_UNPACKED,
    MSG_EMPTY,
    MSG_PDF_DAMAGED,
    MSG_PDF_ENCRYPTED,
    MSG_PDF_NO_PAGES,
    MSG_WRONG_TYPE,
    CVRejected,
    CVUnreadable,
    check_cv,
    extract_text,
)
from recruiting.postings.sample_files import make_docx, make_pdf, make_zip_bomb_docx

CV_TEXT = "Priya Sharma\nSenior Django developer, Bengaluru\npriya@example.com"


def named(data: bytes, name: str) -> io.BytesIO:
    """An in-memory upload with a file name, like Django's UploadedFile."""
    stream = io.BytesIO(data)
    stream.name = name  # type: ignore[attr-defined]
    return stream


def rejected(fileobj: object, **kwargs: object) -> CVRejected:
    """Run check_cv and return the CVRejected it must raise."""
    with pytest.raises(CVRejected) as info:
        check_cv(fileobj, **kwargs)  # type: ignore[arg-type]
    return info.value


def encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(CV_TEXT))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """Copy a ZIP, replacing the content of some members."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
    return out.getvalue()


# ---------------------------------------------------------------------------
# Sample file helpers
# ---------------------------------------------------------------------------


def test_make_pdf_is_valid_and_extractable() -> None:
    data = make_pdf(CV_TEXT)
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for word in ("Priya", "Sharma", "Django", "Bengaluru", "priya@example.com"):
        assert word in text


def test_make_pdf_escapes_and_paginates() -> None:
    lines = [f"Line {i} (with parens) and \\ backslash" for i in range(120)]
    reader = PdfReader(io.BytesIO(make_pdf("\n".join(lines))), strict=True)
    assert len(reader.pages) > 1
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Line 0 (with parens) and \\ backslash" in text
    assert "Line 119" in text


def test_make_zip_bomb_docx_is_small_on_disk() -> None:
    data = make_zip_bomb_docx()
    assert len(data) < 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sum(i.file_size for i in archive.infolist()) > 50 * 1024 * 1024


# ---------------------------------------------------------------------------
# Accepted files
# ---------------------------------------------------------------------------


def test_valid_pdf_accepted_and_text_extracted() -> None:
    upload = named(make_pdf(CV_TEXT), "cv.pdf")
    assert check_cv(upload) == "pdf"
    assert upload.tell() == 0
    text = extract_text(upload, "pdf")
    assert "Priya Sharma" in text
    assert "Senior Django developer, Bengaluru" in text
    assert "priya@example.com" in text


def test_valid_docx_accepted_and_text_extracted() -> None:
    data = make_docx(
        ["Priya   Sharma", "", "", "", "Senior Django developer"],
        table=[["Skill", "Years"], ["Python", "8"]],
    )
    upload = named(data, "cv.docx")
    assert check_cv(upload) == "docx"
    assert upload.tell() == 0
    text = extract_text(upload, "docx")
    # Spaces collapsed, runs of blank paragraphs reduced to one blank line,
    # table cells included after the paragraphs.
    assert text == "Priya Sharma\n\nSenior Django developer\nSkill\nYears\nPython\n8"


def test_kind_is_decided_by_content_not_name() -> None:
    assert check_cv(named(make_pdf(CV_TEXT), "cv.docx")) == "pdf"
    assert check_cv(named(make_docx(["Hello"]), "cv.pdf")) == "docx"


def test_bytes_are_accepted_too() -> None:
    assert check_cv(make_pdf(CV_TEXT)) == "pdf"
    assert "Priya" in extract_text(make_docx(["Priya"]), "docx")


def test_file_is_rewound_even_if_read_before() -> None:
    upload = io.BytesIO(make_pdf(CV_TEXT))
    upload.read(100)
    assert check_cv(upload) == "pdf"
    assert upload.tell() == 0


def test_pdf_with_owner_password_only_is_accepted() -> None:
    # "Protected" against editing, but opens without a password.
    data = encrypted_pdf(user_password="")
    assert check_cv(data) == "pdf"
    assert "Priya Sharma" in extract_text(data, "pdf")


def test_docx_merged_cells_and_headers() -> None:
    document = docx.Document()
    document.add_paragraph("Body text")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(1, 1))
    table.cell(0, 0).text = "Merged"
    table.cell(0, 2).text = "Right"
    header = document.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0].text = "priya@example.com | +91 98765 43210"
    out = io.BytesIO()
    document.save(out)

    text = extract_text(out.getvalue(), "docx")
    assert text.count("Merged") == 1
    assert "Right" in text
    assert "priya@example.com | +91 98765 43210" in text


def test_extract_text_truncates() -> None:
    data = make_pdf("word " * 2000)
    text = extract_text(data, "pdf", max_chars=100)
    assert len(text) <= 100
    assert text.startswith("word word")


def test_extract_text_turns_tabs_into_spaces() -> None:
    assert "tab here" in extract_text(make_docx(["tab\there"]), "docx")


def test_whitespace_normalisation_drops_nul_and_control_characters() -> None:
    # NUL cannot be stored in PostgreSQL text; pypdf emits it for some fonts.
    raw = "  Priya\x00Sharma \x0b\r\n\n\n\n\u00a0Django\u2003 developer\f\x7fend  "
    assert cv._normalise_whitespace(raw) == "Priya Sharma\n\nDjango developer\nend"


def test_extract_text_unknown_kind() -> None:
    with pytest.raises(ValueError):
        extract_text(make_pdf(CV_TEXT), "doc")


def test_extract_text_unreadable() -> None:
    with pytest.raises(CVUnreadable):
        extract_text(b"%PDF-1.4\nnot really\n%%EOF", "pdf")
    with pytest.raises(CVUnreadable):
        extract_text(b"PK\x03\x04 not a zip", "docx")
    with pytest.raises(CVUnreadable):
        extract_text(encrypted_pdf(user_password="secret"), "pdf")


# ---------------------------------------------------------------------------
# Rejected files
# ---------------------------------------------------------------------------


def test_empty_file() -> None:
    error = rejected(named(b"", "cv.pdf"))
    assert str(error) == MSG_EMPTY == "The file is empty."
    assert error.code == "empty"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        # Windows executable renamed to .pdf
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "cv.pdf"),
        # Linux executable renamed to .docx
        (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200, "cv.docx"),
        # HTML page saved as .pdf
        (b"<!DOCTYPE html>\n<html><body>%PDF-1.4 My CV</body></html>", "cv.pdf"),
        # Plain text
        (b"Priya Sharma\nSenior Django developer\n", "cv.txt"),
        # Legacy Word 97-2003 (OLE2 compound file)
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024, "cv.doc"),
        # PNG image
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "cv.pdf"),
        # PDF header not at the very start
        (b" %PDF-1.4\n" + make_pdf(CV_TEXT), "cv.pdf"),
    ],
    ids=["exe", "elf", "html", "text", "legacy-doc", "png", "offset-pdf"],
)
def test_wrong_type(data: bytes, name: str) -> None:
    error = rejected(named(data, name))
    assert str(error) == MSG_WRONG_TYPE == "Upload your CV as a PDF or Word (.docx) file."
    assert error.code == "wrong_type"


def test_zip_that_is_not_a_word_document() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert str(rejected(out.getvalue())) == MSG_WRONG_TYPE


def test_macro_enabled_word_file_is_wrong_type() -> None:
    data = make_docx(["Hello"])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml")
    macro = types.replace(
        b"wordprocessingml.document.main+xml",
        b"ms-word.document.macroEnabled.main+xml",
    )
    assert macro != types
    assert str(rejected(rezip(data, {"[Content_Types].xml": macro}))) == MSG_WRONG_TYPE


def _fifty_megabyte_pdf() -> Iterator[tempfile.SpooledTemporaryFile[bytes]]:
    # Spools to a real temporary file after 1 MiB, so the 50 MB never sit
    # in memory.
    with tempfile.SpooledTemporaryFile(max_size=1024 * 1024) as spooled:
        spooled.write(b"%PDF-1.4\n")
        zeros = b"\x00" * (1024 * 1024)
        for _ in range(50):
            spooled.write(zeros)
        spooled.seek(0)
        yield spooled


fifty_megabyte_pdf = pytest.fixture(_fifty_megabyte_pdf)


def test_too_large_rejected_before_parsing(
    fifty_megabyte_pdf: tempfile.SpooledTemporaryFile[bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # If any parser ran, the test would fail: the size check must come first.
    import pypdf

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("parser called for an oversized file")

    monkeypatch.setattr(pypdf, "PdfReader", no_parsing)
    monkeypatch.setattr(zipfile, "ZipFile", no_parsing)

    started = time.perf_counter()
    error = rejected(fifty_megabyte_pdf)
    assert time.perf_counter() - started < 1.0
    assert str(error) == "The CV is larger than 10 MB."
    assert error.code == "too_large"
    assert fifty_megabyte_pdf.tell() == 0


def test_size_limit_is_in_the_message() -> None:
    data = make_pdf(CV_TEXT)
    assert str(rejected(data, max_bytes=len(data) - 1)).startswith("The CV is larger than ")
    assert cv.too_large_message(5 * 1024 * 1024) == "The CV is larger than 5 MB."
    assert cv.too_large_message(int(2.5 * 1024 * 1024)) == "The CV is larger than 2.5 MB."
    # Exactly at the limit is fine.
    assert check_cv(data, max_bytes=len(data)) == "pdf"


def test_zip_bomb_docx() -> None:
    bomb = named(make_zip_bomb_docx(), "cv.docx")  # building it is slow; only the check is timed
    started = time.perf_counter()
    error = rejected(bomb)
    assert time.perf_counter() - started < 1.0
    assert str(error) == MSG_DOCX_TOO_BIG_UNPACKED
    assert error.code == "docx_bomb"


def test_highly_compressed_member_below_total_limit() -> None:
    # 20 MiB unpacked is under the 50 MB total, but a 1000:1 ratio is not
    # something Word produces.
    error = rejected(make_zip_bomb_docx(uncompressed_bytes=20 * 1024 * 1024))
    assert error.code == "docx_bomb"


def test_docx_with_too_many_members() -> None:
    data = make_docx(["Hello"])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        for index in range(1001):
            target.writestr(f"extra/item{index}.xml", "<x/>")
    error = rejected(out.getvalue())
    assert error.code == "docx_bomb"


def test_docx_with_bzip2_member_is_refused() -> None:
    data = make_docx(["Hello"])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    assert str(rejected(out.getvalue())) == MSG_DOCX_DAMAGED


def test_damaged_docx() -> None:
    data = rezip(make_docx(["Hello"]), {"word/document.xml": b"<w:document><unclosed"})
    error = rejected(data)
    assert str(error) == MSG_DOCX_DAMAGED
    assert error.code == "docx_damaged"


def test_truncated_docx() -> None:
    data = make_docx(["Hello"])
    assert str(rejected(data[: len(data) // 2])) == MSG_DOCX_DAMAGED


def test_truncated_pdf() -> None:
    data = make_pdf(CV_TEXT)
    error = rejected(named(data[: len(data) // 2], "cv.pdf"))
    assert str(error) == MSG_PDF_DAMAGED
    assert error.code == "pdf_damaged"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\nthis is not a pdf body\n%%EOF\n",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        # Header and end marker kept, middle cut out.
        make_pdf(CV_TEXT)[:200] + b"\n%%EOF\n",
    ],
    ids=["garbage-body", "dangling-pages", "cut-middle"],
)
def test_corrupt_pdf(data: bytes) -> None:
    error = rejected(data)
    assert error.code in {"pdf_damaged", "pdf_no_pages"}
    assert str(error) in {MSG_PDF_DAMAGED, MSG_PDF_NO_PAGES}


def test_pdf_without_pages() -> None:
    out = io.BytesIO()
    PdfWriter().write(out)
    error = rejected(out.getvalue())
    assert str(error) == MSG_PDF_NO_PAGES


def test_password_protected_pdf() -> None:
    error = rejected(encrypted_pdf(user_password="secret"))
    assert str(error) == MSG_PDF_ENCRYPTED
    assert error.code == "pdf_encrypted"


def test_rejection_rewinds_the_file() -> None:
    upload = io.BytesIO(b"MZ" + b"\x00" * 100)
    rejected(upload)
    assert upload.tell() == 0


def test_cv_rejected_is_a_value_error() -> None:
    # Callers (and Django form code) may catch ValueError generically.
    assert issubclass(CVRejected, ValueError)


# ---------------------------------------------------------------------------
# Robustness: arbitrary bytes never escape as anything but CVRejected
# ---------------------------------------------------------------------------

_VALID_PDF = make_pdf(CV_TEXT)
_VALID_DOCX = make_docx(["Priya Sharma"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04"]),
    body=st.binary(max_size=512),
)
def test_random_bytes_only_raise_cv_rejected(prefix: bytes, body: bytes) -> None:
    try:
        kind = check_cv(prefix + body)
    except CVRejected:
        return
    assert kind in ("pdf", "docx")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    source=st.sampled_from([_VALID_PDF, _VALID_DOCX]),
    data=st.data(),
)
def test_mutated_valid_files_only_raise_cv_rejected(source: bytes, data: st.DataObject) -> None:
    # Flip a few bytes of a real file: the nastiest inputs for a parser are
    # those that are almost right.
    mutated = bytearray(source)
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        position = data.draw(st.integers(min_value=0, max_value=len(mutated) - 1))
        mutated[position] = data.draw(st.integers(min_value=0, max_value=255))
    try:
        kind = check_cv(bytes(mutated))
    except CVRejected:
        return
    # Whatever passed the check must also be readable (or at least fail
    # with the documented exception).
    with contextlib.suppress(CVUnreadable):
        extract_text(bytes(mutated), kind)
