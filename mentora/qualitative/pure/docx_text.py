"""The text of a Word transcript (.docx): its paragraphs, one per line, tables' cells included
in reading order (a transcript laid out as a table of speaker and words reads as 'Speaker: words').
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.document import Document as DocumentObject
from docx.table import Table
from docx.text.paragraph import Paragraph

from mentora.core.uploads import UploadError


def docx_text(data: bytes, source: str) -> str:
    """The paragraphs of a DOCX, one a line; UploadError for a file that is not one."""
    if not data.startswith(b"PK\x03\x04"):
        raise UploadError(source, "is not a Word document (.docx); save it as .docx or .txt")
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UploadError(source, f"cannot be read as a Word document ({error})") from None
    return "\n".join(_lines(document))


def _lines(document: DocumentObject) -> list[str]:
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [cell.text.strip() for cell in row.cells]
                if len(cells) == 2 and cells[0] and not cells[0].endswith(":"):
                    lines.append(f"{cells[0]}: {cells[1]}")
                else:
                    lines.append(" ".join(cell for cell in cells if cell))
    return lines
