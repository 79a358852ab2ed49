"""The one reader of uploaded text files: encodings, binary files and CSV, with clear messages.

Pure (no Django). Every importer (REDCap and Qualtrics, the enrolment and scholarship
spreadsheets, bibliographies) reads its bytes through `decode_text` and its CSV through
`read_csv`, so a file in any encoding a spreadsheet or survey tool writes is read, and a file
that cannot be read is named with what to do, never a server error:

- a byte-order mark says UTF-8, UTF-16 or UTF-32; without one, UTF-16 is told by its zero
  bytes, then UTF-8 is tried, then Windows-1252 (Excel's "CSV" on Windows), which the caller is
  warned of (`warnings`), since a guess may misread letters; bytes that none of these read (the
  five Windows-1252 leaves undefined) are refused, not guessed at;
- a workbook, PDF, image or archive, or anything with zero bytes or many control characters,
  is refused as not text;
- CSV rows may end with CR LF, LF or a lone CR (old Mac Excel); a carriage return inside a
  cell of a file whose rows end with LF stays in its cell;
- a cell of more than MAX_CELL characters (the csv module's own limit) is refused by row and
  column; control characters are cleaned from every cell (`mentora.core.text.clean_text`).
"""

from __future__ import annotations

import codecs
import csv
import io
import re

from mentora.core.text import clean_text, has_unwanted

# The most characters one cell may hold: the csv module's default limit, which no real export
# reaches. Cells are read with a higher limit so that a longer one is named by row and column.
MAX_CELL = 131_072
csv.field_size_limit(max(csv.field_size_limit(), 256 * 1024 * 1024))

# Files that are not text, told by how they begin.
_SIGNATURES = (
    (b"PK\x03\x04", "a zipped file, such as an Excel workbook (.xlsx)"),
    (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 workbook (.xls) or another Office file"),
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
    (b"Rar!", "a compressed (RAR) file"),
    (b"7z\xbc\xaf", "a compressed (7-Zip) file"),
)
_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Text has few control characters; a file with more than this share of them is not text.
_CONTROL_SHARE = 0.01
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_LONE_CR = re.compile(r"\r(?!\n)")


class UploadError(ValueError):
    """A file that cannot be read, and where: the file, and the row and column when known
    (rows as a spreadsheet numbers them, the header being row 1)."""

    def __init__(
        self, source: str, message: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.source, self.message, self.row, self.column = source, message, row, column
        super().__init__(source, message, row, column)

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


def _not_text(source: str, what: str, save_as: str) -> UploadError:
    return UploadError(source, f"is not a text file ({what}); save it as {save_as} and upload it")


def decode_text(
    data: bytes, source: str, *, save_as: str = "CSV UTF-8", warnings: list[str] | None = None
) -> str:
    """The text of a file, whatever encoding a spreadsheet or survey tool wrote it in;
    UploadError for a file that is not text. `save_as` is the advice for one that is not.
    A file read by a guess (Windows-1252) adds a sentence naming it to `warnings`."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom):].decode(encoding), source, save_as)
            except UnicodeDecodeError:
                what = f"it begins as {encoding.upper()} text but is not"
                raise _not_text(source, what, save_as) from None
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise _not_text(source, what, save_as)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            return _checked(data.decode(utf16), source, save_as)
        except UnicodeDecodeError:
            pass  # zero bytes that are not UTF-16: binary, said below
    if b"\x00" in data:
        raise _not_text(source, "it holds zero bytes, which text never does", save_as)
    try:
        return _checked(data.decode("utf-8"), source, save_as)
    except UnicodeDecodeError as not_utf8:
        at = not_utf8.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        what = (f"byte 0x{data[error.start]:02X} at position {error.start + 1:,} is not UTF-8, "
                "UTF-16 or Windows-1252 text")
        raise _not_text(source, what, save_as) from None
    if warnings is not None:
        warnings.append(cp1252_warning(source, data, at, save_as))
    return _checked(text, source, save_as)


def cp1252_warning(source: str, data: bytes, at: int, save_as: str) -> str:
    """What a reader is told of a file read as Windows-1252: the guess, and where to look."""
    line = data.count(b"\n", 0, at) + 1
    return (
        f"{source}: read as Windows-1252 (what Excel on Windows saves as \"CSV\"), since it "
        f"is not UTF-8 (first on line {line:,}); check that accented letters came through, "
        f"or save it as {save_as}."
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 told by its zero bytes: mostly ASCII text has one in every other byte."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    odd_zeros = sample[1 : 2 * pairs : 2].count(0)
    even_zeros = sample[0 : 2 * pairs : 2].count(0)
    # Mostly on one side; a character such as "Ā" (U+0100) puts a few on the other.
    if odd_zeros >= 0.3 * pairs and even_zeros <= odd_zeros // 10:
        return "utf-16-le"
    if even_zeros >= 0.3 * pairs and odd_zeros <= even_zeros // 10:
        return "utf-16-be"
    return None


def _checked(text: str, source: str, save_as: str) -> str:
    """Decoded text that has the look of text: few control characters."""
    text = text.removeprefix("\ufeff")
    controls = len(_CONTROLS.findall(text, 0, 65536))
    if controls > _CONTROL_SHARE * min(len(text), 65536):
        raise _not_text(source, "it is mostly control characters", save_as)
    return clean_text(text)


def read_csv(text: str, source: str) -> list[list[str]]:
    """Every row of a CSV text, cells cleaned of control characters; quoted line breaks stay
    in their cell. UploadError names the row and column of a cell longer than MAX_CELL."""
    text = text.removeprefix("\ufeff")
    placeholder = ""
    if "\n" not in text:
        text = text.replace("\r", "\n")  # rows ending with a lone CR
    elif _LONE_CR.search(text):
        # A CR inside a cell of a file whose rows end with LF: kept in its cell, even unquoted.
        placeholder = next(c for c in map(chr, range(0xE000, 0xF900)) if c not in text)
        text = _LONE_CR.sub(placeholder, text)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as error:  # strict=False leaves little, but never a server error
        raise UploadError(source, f"cannot be read as CSV ({error})", row=reader.line_num) from None
    if placeholder:
        rows = [[cell.replace(placeholder, "\r") for cell in row] for row in rows]
    if has_unwanted(text):
        rows = [[clean_text(cell) for cell in row] for row in rows]
    if len(text) > MAX_CELL:
        _check_cell_lengths(rows, source)
    return rows


def _check_cell_lengths(rows: list[list[str]], source: str) -> None:
    header = rows[0] if rows else []
    for number, row in enumerate(rows, start=1):
        for index, cell in enumerate(row):
            if len(cell) > MAX_CELL:
                named = header[index] if number > 1 and index < len(header) else ""
                column = named[:60] if named.strip() else str(index + 1)
                raise UploadError(
                    source,
                    f"a cell of {len(cell):,} characters; a cell may hold {MAX_CELL:,} at most",
                    row=number,
                    column=column,
                )


def read_csv_file(
    data: bytes, source: str, warnings: list[str] | None = None
) -> list[list[str]]:
    """`decode_text`, then `read_csv`."""
    return read_csv(decode_text(data, source, warnings=warnings), source)
