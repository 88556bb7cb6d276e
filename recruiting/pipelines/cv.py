"""Checks for uploaded CVs, extraction of their text, and safe file names for them.

Pure Python (no Django): everything works on a seekable binary file object
(Django's ``UploadedFile`` is one) or on ``bytes``.

The file type is decided from the *content*, never from the file name or the
browser-supplied content type, both of which the uploader controls.  Only
two formats are accepted:

* PDF: starts with ``%PDF-``, ends with ``%%EOF`` and opens in pypdf with at
  least one page.
* DOCX: a ZIP with ``[Content_Types].xml`` and ``word/document.xml``.  The
  ZIP directory is inspected first, without decompressing anything, so that
  ZIP bombs are refused before python-docx inflates the parts into memory.

Everything else (executables, HTML saved as ``cv.pdf``, plain text, legacy
``.doc`` files, spreadsheets ...) gets one friendly message.  Parser errors
on hostile input are caught and turned into :class:`CVRejected`, so a form
can show ``str(exc)`` directly.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath
from typing import TYPE_CHECKING, BinaryIO, Literal

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table

__all__ = [
    "CVRejected",
    "CVUnreadable",
    "DEFAULT_MAX_BYTES",
    "MAX_DOCX_MEMBERS",
    "MAX_DOCX_RATIO",
    "MAX_DOCX_UNCOMPRESSED",
    "MSG_DOCX_DAMAGED",
    "MSG_DOCX_TOO_BIG_UNPACKED",
    "MSG_EMPTY",
    "MSG_PDF_DAMAGED",
    "MSG_PDF_ENCRYPTED",
    "MSG_PDF_NO_PAGES",
    "MSG_WRONG_TYPE",
    "check_cv",
    "extract_text",
    "too_large_message",
]

CVKind = Literal["pdf", "docx"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# Limits on the unpacked DOCX.  A text CV is well under 1 MB unpacked; even
# one full of photos stays far below these.
MAX_DOCX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_DOCX_RATIO = 100
MAX_DOCX_MEMBERS = 1000
# The ratio test only applies to members at least this big.  Small parts
# cannot exhaust memory whatever their ratio, and tiny repetitive XML parts
# (settings, empty table grids) can legitimately compress very well.
_RATIO_MIN_MEMBER_BYTES = 1024 * 1024

# A PDF reader looks for the end-of-file marker near the end; real files
# sometimes carry a little trailing junk, hence the window.
_PDF_EOF_WINDOW = 1024

MSG_EMPTY = "The file is empty."
MSG_WRONG_TYPE = "Upload your CV as a PDF or Word (.docx) file."
MSG_PDF_DAMAGED = "This PDF could not be opened. It may be damaged or incomplete; please export it again and re-upload."
MSG_PDF_NO_PAGES = "This PDF has no pages."
MSG_PDF_ENCRYPTED = "This PDF is password-protected. Please upload a copy without a password."
MSG_DOCX_DAMAGED = "This Word file could not be opened. It may be damaged; please save it again as .docx and re-upload."
MSG_DOCX_TOO_BIG_UNPACKED = (
    "This Word file could not be accepted: its contents are unusually large "
    "once unpacked. Please save it again or upload a PDF instead."
)

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"

# ZIP compression methods Word actually writes.  bzip2/LZMA members would be
# inflated by zipfile in one unbounded call, so they are refused outright.
_ALLOWED_ZIP_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})


class CVRejected(ValueError):
    """The upload is not an acceptable CV.

    ``str(exc)`` (also ``exc.message``) is a sentence fit to show next to the
    upload field; ``exc.code`` is a short stable identifier, handy as a
    Django ``ValidationError`` code or for metrics.
    """

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class CVUnreadable(Exception):
    """Text could not be extracted from a CV (e.g. it is damaged)."""


def too_large_message(max_bytes: int) -> str:
    """Return the "larger than N MB" message for a size limit."""
    return f"The CV is larger than {_human_size(max_bytes)}."


def _human_size(size: int) -> str:
    """Describe a byte count as people say it: "10 MB", "1.5 MB", "500 KB"."""
    mib = 1024 * 1024
    if size >= mib:
        value = size / mib
        return f"{value:.0f} MB" if size % mib == 0 else f"{value:.1f} MB"
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} bytes"


@contextmanager
def _as_stream(fileobj: BinaryIO | bytes | bytearray | memoryview) -> Iterator[BinaryIO]:
    """Yield a seekable stream at position 0; rewind it again afterwards.

    The caller's file object is rewound even when we reject it, so that
    whatever runs next (storage backend, another validator) sees the whole
    file.
    """
    if isinstance(fileobj, (bytes, bytearray, memoryview)):
        yield io.BytesIO(bytes(fileobj))
        return
    fileobj.seek(0)
    try:
        yield fileobj
    finally:
        fileobj.seek(0)


def _size_of(stream: BinaryIO) -> int:
    """Return the size of a seekable stream without reading it."""
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    return size


def check_cv(fileobj: BinaryIO | bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> CVKind:
    """Validate an uploaded CV and return its kind, ``"pdf"`` or ``"docx"``.

    Raises :class:`CVRejected` with a user-facing message for anything that
    is not an acceptable CV.  The file must be seekable; it is rewound to the
    start before this function returns or raises.

    Cheap checks run first (size, then magic bytes, then the ZIP directory)
    so that oversized or hostile files never reach a parser.
    """
    with _as_stream(fileobj) as stream:
        size = _size_of(stream)
        if size == 0:
            raise CVRejected(MSG_EMPTY, "empty")
        if size > max_bytes:
            raise CVRejected(too_large_message(max_bytes), "too_large")

        head = stream.read(8)
        stream.seek(0)
        if head.startswith(_PDF_MAGIC):
            _check_pdf(stream, size)
            return "pdf"
        if head.startswith(_ZIP_MAGIC):
            _check_docx(stream)
            return "docx"
        # Executables (MZ, \x7fELF), HTML, plain text, legacy Word
        # (OLE2, D0 CF 11 E0), images ...: all the same answer, because the
        # fix for the candidate is the same.
        raise CVRejected(MSG_WRONG_TYPE, "wrong_type")


def _check_pdf(stream: BinaryIO, size: int) -> None:
    """Reject PDFs that are truncated, encrypted, unreadable or page-less."""
    # A missing end marker almost always means an interrupted upload or a
    # half-written export.  pypdf in non-strict mode would try to "repair"
    # such a file by scanning for objects, so check it explicitly.
    stream.seek(max(0, size - _PDF_EOF_WINDOW))
    tail = stream.read(_PDF_EOF_WINDOW)
    stream.seek(0)
    if b"%%EOF" not in tail:
        raise CVRejected(MSG_PDF_DAMAGED, "pdf_damaged")

    from pypdf import PasswordType, PdfReader

    try:
        # strict=False: real-world PDFs from word processors and scanners
        # routinely contain small spec violations that readers tolerate.
        reader = PdfReader(stream, strict=False)
        # Many PDFs are "encrypted" only with an owner password (to stop
        # editing) and open with an empty user password; those are fine.
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise CVRejected(MSG_PDF_ENCRYPTED, "pdf_encrypted")
        page_count = len(reader.pages)
        if page_count:
            # Resolve the first page to make sure the page tree is usable.
            reader.pages[0].mediabox  # noqa: B018 - evaluated for its errors
    except CVRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure means "damaged"
        # pypdf signals broken input with a zoo of exception types
        # (PdfReadError, KeyError, ValueError, RecursionError ...).
        raise CVRejected(MSG_PDF_DAMAGED, "pdf_damaged") from exc
    if page_count == 0:
        raise CVRejected(MSG_PDF_NO_PAGES, "pdf_no_pages")


def _check_docx(stream: BinaryIO) -> None:
    """Reject ZIPs that are not Word documents, are bombs, or are damaged."""
    try:
        archive = zipfile.ZipFile(stream)
    except Exception as exc:  # noqa: BLE001 - BadZipFile, OSError, ValueError ...
        raise CVRejected(MSG_DOCX_DAMAGED, "docx_damaged") from exc

    with archive:
        # Only the central directory has been read so far; nothing has been
        # decompressed.  The sizes below are those declared in it, and
        # zipfile never inflates a member beyond its declared size, so these
        # checks bound what python-docx can later pull into memory.
        members = archive.infolist()
        names = {info.filename for info in members}
        if "[Content_Types].xml" not in names or "word/document.xml" not in names:
            # A ZIP, an .xlsx, a .pptx, an .odt: not a Word document.
            raise CVRejected(MSG_WRONG_TYPE, "wrong_type")
        if len(members) > MAX_DOCX_MEMBERS:
            raise CVRejected(MSG_DOCX_TOO_BIG_UNPACKED, "docx_bomb")
        total = 0
        for info in members:
            if info.compress_type not in _ALLOWED_ZIP_METHODS:
                raise CVRejected(MSG_DOCX_DAMAGED, "docx_damaged")
            total += info.file_size
            if total > MAX_DOCX_UNCOMPRESSED:
                raise CVRejected(MSG_DOCX_TOO_BIG_UNPACKED, "docx_bomb")
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size >= _RATIO_MIN_MEMBER_BYTES and ratio > MAX_DOCX_RATIO:
                raise CVRejected(MSG_DOCX_TOO_BIG_UNPACKED, "docx_bomb")

    stream.seek(0)
    try:
        from docx.opc.constants import CONTENT_TYPE
        from docx.package import Package

        # This is what docx.Document() does, split up so that a macro-enabled
        # document (.docm) or a template gets "wrong type" rather than
        # "damaged".
        document_part = Package.open(stream).main_document_part
        if document_part.content_type != CONTENT_TYPE.WML_DOCUMENT_MAIN:
            raise CVRejected(MSG_WRONG_TYPE, "wrong_type")
        document_part.document  # noqa: B018 - parses the body; errors mean damaged
    except CVRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - lxml, KeyError, zipfile errors ...
        raise CVRejected(MSG_DOCX_DAMAGED, "docx_damaged") from exc


# ---------------------------------------------------------------------------
# Text extraction
# ---------------------------------------------------------------------------

# Horizontal whitespace, including no-break and other Unicode spaces.
_SPACES_RE = re.compile(r"[^\S\n]+")
# C0/C1 control characters other than newline and tab.  NUL in particular
# must go: PostgreSQL text columns cannot store it, and pypdf emits it for
# some fonts.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BLANK_LINES_RE = re.compile(r"\n{3,}")


def _normalise_whitespace(text: str) -> str:
    """Collapse spaces within lines and keep at most one empty line in a row.

    Line breaks are kept because they carry structure (headings, list
    items) that later parsing and full-text search snippets benefit from.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Line/paragraph separators and form feeds act as line breaks.
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\f", "\n")
    text = _CONTROL_RE.sub(" ", text)
    lines = (_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES_RE.sub("\n\n", "\n".join(lines)).strip()


def extract_text(fileobj: BinaryIO | bytes, kind: str, *, max_chars: int = 200_000) -> str:
    """Return the text of a CV already accepted by :func:`check_cv`.

    ``kind`` is what :func:`check_cv` returned.  PDFs give the text of every
    page; DOCX files give paragraphs and table cells in document order,
    followed by header and footer text (contact details often live there).
    Whitespace is normalised and the result is cut to ``max_chars``.  A PDF
    without a text layer (a scan) gives ``""``.

    Raises :class:`CVUnreadable` when the file cannot be parsed, and
    ValueError for an unknown ``kind`` (a programming error).
    """
    if kind not in ("pdf", "docx"):
        raise ValueError(f"unknown CV kind {kind!r}")
    with _as_stream(fileobj) as stream:
        chunks = _pdf_chunks(stream) if kind == "pdf" else _docx_chunks(stream)
        parts: list[str] = []
        collected = 0
        try:
            for chunk in chunks:
                parts.append(chunk)
                collected += len(chunk)
                # Stop early: whitespace normalisation only shrinks text, so
                # once we hold twice the budget, the rest cannot be needed.
                if collected > 2 * max_chars:
                    break
        except CVUnreadable:
            raise
        except Exception as exc:  # noqa: BLE001 - parser failures of any kind
            raise CVUnreadable(f"could not read {kind}: {exc}") from exc
    text = _normalise_whitespace("\n".join(parts))
    return text[:max_chars].rstrip()


def _pdf_chunks(stream: BinaryIO) -> Iterator[str]:
    """Yield the text of each page of a PDF."""
    from pypdf import PasswordType, PdfReader

    reader = PdfReader(stream, strict=False)
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise CVUnreadable("the PDF is password-protected")
    pages = reader.pages
    failures = 0
    for page in pages:
        try:
            yield page.extract_text() or ""
        except Exception:  # noqa: BLE001
            # One odd page (broken font, bad stream) should not lose the
            # rest of the CV.
            failures += 1
            yield ""
    if failures and failures == len(pages):
        raise CVUnreadable("no page of the PDF could be read")


def _docx_chunks(stream: BinaryIO) -> Iterator[str]:
    """Yield paragraph and table-cell texts of a DOCX, then headers/footers."""
    import docx

    document: DocxDocument = docx.Document(stream)
    yield from _container_chunks(document)

    # Headers and footers shared between sections ("linked to previous")
    # are the same part; remember what we have seen to avoid repeats.
    seen_parts: list[object] = []
    for section in document.sections:
        for header_footer in (
            section.first_page_header,
            section.header,
            section.even_page_header,
            section.first_page_footer,
            section.footer,
            section.even_page_footer,
        ):
            # Reading a linked header would make python-docx create one.
            if header_footer.is_linked_to_previous:
                continue
            part = header_footer.part
            if any(part is other for other in seen_parts):
                continue
            seen_parts.append(part)
            yield from _container_chunks(header_footer)


def _container_chunks(container: object) -> Iterator[str]:
    """Yield texts from anything with ``iter_inner_content`` (body, cell...)."""
    from docx.table import Table

    for item in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(item, Table):
            yield from _table_chunks(item)
        else:
            yield item.text


def _table_chunks(table: Table) -> Iterator[str]:
    """Yield the text of each cell once, including nested tables."""
    # python-docx repeats a merged cell once per grid column/row it spans;
    # track the underlying <w:tc> elements to emit each cell a single time.
    # The set holds the lxml elements themselves, not id()s: keeping them
    # referenced keeps lxml handing out the same proxy object for them.
    seen_cells: set[object] = set()
    for row in table.rows:
        for cell in row.cells:
            element = cell._tc  # noqa: SLF001 - the only stable identity of a cell
            if element in seen_cells:
                continue
            seen_cells.add(element)
            yield from _container_chunks(cell)


def safe_filename(name: str, kind: str = "") -> str:
    """The applicant's file name, fit to keep and to offer in a download: no path,
    no control characters or quotes, a sane length, the extension of the real kind."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = re.sub(r'[<>:"/|?*;\\]', "", base)
    base = " ".join(base.split()).strip(" .")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    if kind:
        ext = kind
    stem = stem.strip(" .")[:100] or "cv"
    return f"{stem}.{ext}" if ext else stem
