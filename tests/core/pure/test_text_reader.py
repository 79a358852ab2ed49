"""The one reader of uploaded text (mentora.core.uploads): a byte-order mark decides, else
UTF-8, else UTF-16 where the bytes say so, else Windows-1252 with a warning naming it; a file
with zero bytes that is not UTF-16 is refused as not text, and so are bytes no encoding reads."""

from __future__ import annotations

import codecs

import pytest

from mentora.core.uploads import UploadError, decode_text, read_csv_file

TEXT = "name,email\nJosé Müller,jose@example.edu\nZoë Ōno,zoe@example.edu\n"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_a_byte_order_mark_decides_and_says_nothing(encoding):
    data = TEXT.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    warnings: list[str] = []
    assert decode_text(data, "people.csv", warnings=warnings) == TEXT
    assert warnings == []


def test_utf8_without_a_mark_is_read_without_a_warning():
    warnings: list[str] = []
    assert decode_text(TEXT.encode(), "people.csv", warnings=warnings) == TEXT
    assert warnings == []


def test_utf16_without_a_mark_is_told_by_its_zero_bytes():
    assert decode_text(TEXT.encode("utf-16-le"), "people.csv") == TEXT


def test_windows_1252_is_read_with_a_warning_that_names_it_and_the_line():
    text = "name,email\nAnn Lee,ann@example.edu\nJosé Müller – “Pepe”,jose@example.edu\n"
    warnings: list[str] = []
    rows = read_csv_file(text.encode("cp1252"), "people.csv", warnings)
    assert rows[2][0] == "José Müller – “Pepe”"
    assert len(warnings) == 1
    assert warnings[0].startswith("people.csv: read as Windows-1252")
    assert "line 3" in warnings[0]


def test_a_file_with_zero_bytes_that_is_not_utf16_is_refused_as_not_text():
    with pytest.raises(UploadError) as refused:
        decode_text(b"name,email\nAnn\x00\x00\x00,ann@example.edu\n", "people.csv")
    assert "people.csv: is not a text file (it holds zero bytes" in str(refused.value)


def test_bytes_that_no_encoding_reads_are_refused_not_guessed_as_latin1():
    """0x81 is undefined in Windows-1252: Latin-1 would read anything, which is no detection."""
    with pytest.raises(UploadError) as refused:
        decode_text(b"name,email\nAnn \x81Lee,ann@example.edu\n", "people.csv")
    message = str(refused.value)
    assert "is not a text file (byte 0x81 at position 16" in message
    assert "not UTF-8, UTF-16 or Windows-1252" in message
