"""Reading and writing CSV the way REDCap does.

REDCap quotes a cell when it holds a space, a comma, a quote or a line break, and leaves other
cells bare (`Identifier?` but `"Required Field?"`); rows end with a line feed. The standard
csv module cannot quote on spaces, so writing is done here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

_NEEDS_QUOTES = frozenset(' ,"\r\n\t')


def decode(data: bytes | str) -> str:
    """Text without a byte-order mark (Excel and Qualtrics write one)."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    return text.removeprefix("\ufeff")


def read_text(path: Path) -> str:
    return decode(path.read_bytes())


def read_rows(text: str) -> list[list[str]]:
    """All rows of a CSV text; quoted line breaks stay inside their cell."""
    return list(csv.reader(io.StringIO(decode(text), newline="")))


def quote(cell: str) -> str:
    if _NEEDS_QUOTES.isdisjoint(cell):
        return cell
    return '"' + cell.replace('"', '""') + '"'


def write_rows(rows: Iterable[Sequence[str]]) -> str:
    return "".join(",".join(quote(cell) for cell in row) + "\n" for row in rows)
