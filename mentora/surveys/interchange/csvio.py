"""Reading and writing CSV the way REDCap does.

REDCap quotes a cell when it holds a space, a comma, a quote or a line break, and leaves other
cells bare (`Identifier?` but `"Required Field?"`); rows end with a line feed. The standard
csv module cannot quote on spaces, so writing is done here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from mentora.core.uploads import UploadError, decode_text, read_csv

from .errors import InterchangeError

_NEEDS_QUOTES = frozenset(' ,"\r\n\t')


def decode(
    data: bytes | str, source: str = "<file>", warnings: list[str] | None = None
) -> str:
    """Text of a file in any encoding REDCap, Qualtrics or Excel write (mentora.core.uploads),
    without a byte-order mark; InterchangeError for a file that is not text. A guessed
    encoding is named in `warnings`."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return decode_text(data, source, warnings=warnings)
    except UploadError as error:
        raise _interchange_error(error) from None


def read_text(path: Path, warnings: list[str] | None = None) -> str:
    return decode(path.read_bytes(), str(path), warnings)


def read_rows(text: str, source: str = "<csv>") -> list[list[str]]:
    """All rows of a CSV text (mentora.core.uploads.read_csv): quoted line breaks stay inside
    their cell, rows may end with CR LF, LF or CR, control characters are cleaned from cells;
    InterchangeError names the row and column of a cell too long to read."""
    try:
        return read_csv(text, source)
    except UploadError as error:
        raise _interchange_error(error) from None


def _interchange_error(error: UploadError) -> InterchangeError:
    return InterchangeError.single(error.source, error.message, error.row, error.column)


def quote(cell: str) -> str:
    if _NEEDS_QUOTES.isdisjoint(cell):
        return cell
    return '"' + cell.replace('"', '""') + '"'


def write_rows(rows: Iterable[Sequence[str]]) -> str:
    return "".join(",".join(quote(cell) for cell in row) + "\n" for row in rows)
