"""Containers: Word (DOCX), RTF and PDF files to text lines, before the format is detected.

Research databases export in these containers (Nexis Uni: DOCX, RTF, PDF; Factiva: RTF).
What a container holds is then detected by its content like any text file, so a single
article saved as .docx is a page dump and a Nexis export in a PDF is a Nexis export.
Every limit here bounds work done on hostile input (a zip bomb, a PDF of a million pages).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile

DOCX = "docx"
PDF = "pdf"
RTF = "rtf"

# A DOCX's parts may unpack to no more than this, and no part may be more than this many
# times its compressed size: a real document's XML compresses 5 to 20 times.
MAX_DOCX_UNPACKED_BYTES = 200 * 2**20
MAX_DOCX_RATIO = 200
MAX_PDF_PAGES = 5000
# striprtf keeps one stack entry per open brace; deeper than this is no document.
MAX_RTF_DEPTH = 1000

_RTF_START = re.compile(rb"\s*\{\\rtf")
_DOCX_ENTRIES = (b"[Content_Types].xml", b"word/")
_RTF_BRACE = re.compile(r"(?<!\\)[{}]")
_PDF_PAGE_NUMBER = re.compile(r"^\s*Page \d+ of \d+\s*\n?", re.MULTILINE)
# PDF text runs: a vertical jump (or a line's height for one at the same height) of more than this many line heights starts a paragraph.
_PDF_PARAGRAPH_GAP = 1.8


class UnreadableContainer(ValueError):
    """A container that cannot be opened; the message says why, in words a person can act on."""


def container_of(head: bytes, suffix: str) -> str | None:
    """DOCX, PDF or RTF from a file's first bytes; None for anything else. A ZIP archive is
    taken for a DOCX when its first entries or its name say so (and refused on opening
    when it holds no `word/document.xml`)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04") and (suffix.lower() == ".docx" or any(name in head for name in _DOCX_ENTRIES)):
        return DOCX
    if _RTF_START.match(head):
        return RTF
    return None


def _checked_docx_archive(data: bytes) -> None:
    """Refuse a ZIP that is not a Word document, or that would unpack into far more than it
    holds (a zip bomb), before python-docx unpacks anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise UnreadableContainer(f"a broken Word (DOCX) file: not a readable ZIP archive ({error})") from None
    with archive:
        members = archive.infolist()
        if "word/document.xml" not in {member.filename for member in members}:
            raise UnreadableContainer("a ZIP archive that is not a Word document; unpack it or export the articles as .txt or .csv")
        unpacked = sum(member.file_size for member in members)
        if unpacked > MAX_DOCX_UNPACKED_BYTES:
            raise UnreadableContainer(f"a Word (DOCX) file that would unpack to {unpacked / 2**20:,.0f} MiB (a zip bomb?); not read")
        for member in members:
            ratio = member.file_size // max(member.compress_size, 1)
            if ratio > MAX_DOCX_RATIO and member.file_size > 2**20:
                raise UnreadableContainer(f"a Word (DOCX) file whose part {member.filename} unpacks to {ratio:,} times its size (a zip bomb?); not read")


def text_from_docx(data: bytes) -> str:
    """The paragraphs of a Word document in order, one per line, with its tables' cells (an
    export may put fields in a table) where the tables stand."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _checked_docx_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises whatever the broken part provokes
        raise UnreadableContainer(f"a broken Word (DOCX) file ({type(error).__name__})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    return "\n".join(lines)


def _table_lines(table: object) -> list[str]:
    from docx.table import Table

    assert isinstance(table, Table)
    lines = []
    for row in table.rows:
        cells = [cell.text.strip() for cell in row.cells]
        # Merged cells repeat their text in each grid column.
        unique = [text for position, text in enumerate(cells) if text and text not in cells[:position]]
        lines.append("\t".join(unique))
    return lines


def rtf_depth(text: str) -> int:
    """How deeply the braces of an RTF text nest."""
    depth = deepest = 0
    for match in _RTF_BRACE.finditer(text):
        depth += 1 if match.group() == "{" else -1
        deepest = max(deepest, depth)
    return deepest


def text_from_rtf(text: str) -> str:
    """The text of an RTF document (striprtf), its paragraphs one per line."""
    from striprtf.striprtf import rtf_to_text

    depth = rtf_depth(text)
    if depth > MAX_RTF_DEPTH:
        raise UnreadableContainer(f"an RTF file nested {depth:,} groups deep (no document needs more than {MAX_RTF_DEPTH}); not read")
    try:
        return str(rtf_to_text(text, errors="ignore"))
    except Exception as error:  # striprtf raises whatever a broken control word provokes
        raise UnreadableContainer(f"a broken RTF file ({type(error).__name__})") from None


def _page_text(page: object) -> str:
    """A PDF page's text, one paragraph per line: the page's lines join into their
    paragraph, and a paragraph ends where the text jumps down by more than a line."""
    from pypdf import PageObject

    assert isinstance(page, PageObject)
    paragraphs: list[list[str]] = [[]]
    last_y: list[float] = []

    def visit(text: str, matrix: list[float], text_matrix: list[float], font: object, size: float) -> None:
        if not text.strip():
            return
        y = text_matrix[5] * matrix[3] + matrix[5]
        height = abs(size * text_matrix[3] * matrix[3]) or 10.0
        if last_y and abs(last_y[0] - y) > _PDF_PARAGRAPH_GAP * height and paragraphs[-1]:
            paragraphs.append([])
        last_y[:] = [y]
        paragraphs[-1].append(text.strip())

    page.extract_text(visitor_text=visit)
    return "\n".join(" ".join(lines) for lines in paragraphs if lines)


def text_from_pdf(data: bytes) -> str:
    """The text layer of a PDF (pypdf), pages joined, page numbers ("Page 2 of 9") dropped.
    A PDF without a text layer (a scan) is refused: there is nothing to read without OCR."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs every repair it makes to a broken file; the rejection says it once.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableContainer("an encrypted PDF; save it without a password first")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise UnreadableContainer(f"a PDF of {len(reader.pages):,} pages (the limit is {MAX_PDF_PAGES:,}); split it")
        # A paragraph a page break cuts in two stays two: the page's end is all we know.
        text = "\n".join(_page_text(page) for page in reader.pages)
    except UnreadableContainer:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError, zipfile.BadZipFile) as error:
        raise UnreadableContainer(f"a broken PDF file ({type(error).__name__})") from None
    if not text.strip():
        raise UnreadableContainer("scanned PDF: no text layer, run OCR first (or export the articles as DOCX, RTF or text)")
    return _PDF_PAGE_NUMBER.sub("", text)
