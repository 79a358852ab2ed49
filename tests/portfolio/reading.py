"""Reads a portfolio back as a person's software would: Word through python-docx, a PDF
through pypdf (its text as a reader copies it, its images)."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from pypdf import PdfReader


def docx_text(data: bytes) -> str:
    document = Document(BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines)


def docx_rows(data: bytes, first_heading: str) -> list[list[str]]:
    """The rows (headings first) of the table whose first heading is `first_heading`."""
    for table in Document(BytesIO(data)).tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and rows[0][0] == first_heading:
            return rows
    raise AssertionError(f"no table starts with {first_heading!r}")


def docx_images(data: bytes) -> int:
    return len(Document(BytesIO(data)).inline_shapes)


def pdf_text(data: bytes) -> str:
    """The text, its runs of spaces and line ends as one space (a table cell wraps its lines)."""
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    return " ".join(text.split())


def pdf_images(data: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(BytesIO(data)).pages)
