"""Generate small CV files for tests and demo data.

* :func:`make_pdf` writes a minimal but valid PDF by hand (one Helvetica
  font, one content stream per page, a correct cross-reference table), so
  pypdf can read it and extract the text.
* :func:`make_docx` uses python-docx's default template.
* :func:`make_zip_bomb_docx` builds a DOCX-looking ZIP whose document part
  expands to far more than any CV should, while staying tiny on disk.

Pure Python, no Django.  Only standard-library / python-docx code here, so it
is safe to import from management commands that seed demo data.
"""

from __future__ import annotations

import io
import textwrap
import zipfile

__all__ = ["make_docx", "make_pdf", "make_zip_bomb_docx"]

# A4 in PDF points.
_PAGE_WIDTH = 595
_PAGE_HEIGHT = 842
_MARGIN = 56
_FONT_SIZE = 11
_LEADING = 14
_LINES_PER_PAGE = (_PAGE_HEIGHT - 2 * _MARGIN) // _LEADING
# Helvetica 11pt averages ~5.5pt per character; 85 characters fit the width.
_WRAP_WIDTH = 85


def _pdf_string(line: str) -> bytes:
    """Encode ``line`` as a PDF literal string for WinAnsiEncoding."""
    # cp1252 is (almost exactly) WinAnsiEncoding; characters outside it
    # become "?" rather than failing, which is fine for sample data.
    raw = line.encode("cp1252", errors="replace")
    # Backslash and parentheses delimit literal strings and must be escaped.
    raw = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    # Control characters (tabs, CR) would be shown as boxes or break lines.
    raw = bytes(b if b >= 0x20 else 0x20 for b in raw)
    return b"(" + raw + b")"


def _layout(text: str) -> list[list[str]]:
    """Split ``text`` into wrapped lines, grouped into pages."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        wrapped = textwrap.wrap(paragraph, _WRAP_WIDTH) or [""]
        lines.extend(wrapped)
    return [lines[start : start + _LINES_PER_PAGE] for start in range(0, len(lines), _LINES_PER_PAGE)] or [[""]]


def _content_stream(lines: list[str]) -> bytes:
    """Drawing operators that show ``lines`` top-down with fixed leading."""
    ops = [
        b"BT",
        b"/F1 %d Tf" % _FONT_SIZE,
        b"%d TL" % _LEADING,
        b"%d %d Td" % (_MARGIN, _PAGE_HEIGHT - _MARGIN - _FONT_SIZE),
    ]
    for index, line in enumerate(lines):
        # The ' operator moves to the next line (like T*) and then shows the
        # string; pypdf turns the line move into a newline.
        ops.append(_pdf_string(line) + (b" Tj" if index == 0 else b" '"))
    ops.append(b"ET")
    return b"\n".join(ops) + b"\n"


def make_pdf(text: str) -> bytes:
    """Return the bytes of a valid PDF that shows ``text`` in Helvetica.

    Newlines in ``text`` start new lines, long lines are wrapped and pages
    are added as needed.  ``pypdf.PdfReader(...).pages[0].extract_text()``
    returns the words.  Only characters in Windows-1252 survive; others are
    replaced by "?".
    """
    pages = _layout(text)

    # Object numbers: 1 catalog, 2 page tree, 3 font, then a (page, content)
    # pair per page.
    objects: dict[int, bytes] = {}
    page_ids = [4 + 2 * index for index in range(len(pages))]
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = b" ".join(b"%d 0 R" % page_id for page_id in page_ids)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages))
    objects[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    for page_id, lines in zip(page_ids, pages, strict=True):
        content_id = page_id + 1
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (_PAGE_WIDTH, _PAGE_HEIGHT, content_id)
        )
        stream = _content_stream(lines)
        objects[content_id] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream"

    out = io.BytesIO()
    # The second line holds bytes >= 128 so tools treat the file as binary.
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n")

    xref_at = out.tell()
    size = max(objects) + 1
    out.write(b"xref\n0 %d\n" % size)
    # Each entry is exactly 20 bytes including the two-byte line ending;
    # readers seek by that size, so " \n" (not just "\n") is required.
    out.write(b"0000000000 65535 f \n")
    for number in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[number])
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % size)
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return out.getvalue()


def make_docx(paragraphs: list[str], *, table: list[list[str]] | None = None) -> bytes:
    """Return the bytes of a .docx with one paragraph per item.

    ``table`` optionally adds a table after the paragraphs, one list of cell
    texts per row, to exercise table extraction.
    """
    # Imported here so that importing this module for make_pdf alone does
    # not pay for python-docx and lxml.
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        columns = max(len(row) for row in table)
        grid = document.add_table(rows=len(table), cols=columns)
        for row_cells, row in zip(grid.rows, table, strict=True):
            # Short rows leave their trailing cells empty.
            for cell, value in zip(row_cells.cells, row, strict=False):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)

_ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/relationships/officeDocument" Target="word/document.xml"/>'
    b"</Relationships>"
)

_DOCUMENT_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>Curriculum vitae</w:t></w:r></w:p>"
)
_DOCUMENT_TAIL = b"</w:body></w:document>"


def make_zip_bomb_docx(uncompressed_bytes: int = 100 * 1024 * 1024) -> bytes:
    """Return a DOCX-shaped ZIP whose ``word/document.xml`` is huge inside.

    The document part is well-formed XML padded with ``uncompressed_bytes``
    of whitespace; deflate squeezes that about 1000:1, so the default (100
    MiB) produces a file of roughly 100 KB.  The padding is streamed into the
    archive in chunks, so building it never holds the expanded data in
    memory.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(_DOCUMENT_HEAD)
            chunk = b" " * (1024 * 1024)
            remaining = uncompressed_bytes
            while remaining > 0:
                piece = chunk if remaining >= len(chunk) else chunk[:remaining]
                member.write(piece)
                remaining -= len(piece)
            member.write(_DOCUMENT_TAIL)
    return out.getvalue()
