"""Stored text and offsets: line feeds, code points, drift, speakers, Word transcripts."""

from __future__ import annotations

import io

import pytest
from docx import Document

from mentora.core.uploads import UploadError
from mentora.qualitative.pure.docx_text import docx_text
from mentora.qualitative.pure.text import (
    OffsetError,
    check_segment,
    drifted,
    normalise,
    speaker_at,
    speaker_turns,
)


def test_line_ends_become_line_feeds_and_controls_go() -> None:
    assert normalise("\ufeffOne\r\nTwo\rThree\x00\n") == "One\nTwo\nThree"
    assert normalise("Cafe\u0301") == "Café"  # NFC: one code point


def test_offsets_count_code_points_so_an_emoji_is_one() -> None:
    text = normalise("Time 😀 with my mentor")
    start = text.index("with")
    assert start == 7  # "Time " (5) + emoji (1) + space (1)
    assert check_segment(text, start, start + 4) == "with"
    assert len("😀".encode("utf-16-le")) // 2 == 2  # what a browser counts, and we do not


def test_bad_offsets_are_refused_with_why() -> None:
    with pytest.raises(OffsetError, match="run past the text, which has 4 characters"):
        check_segment("abcd", 2, 9)
    with pytest.raises(OffsetError, match="empty"):
        check_segment("abcd", 2, 2)
    with pytest.raises(OffsetError, match="white space"):
        check_segment("a   b", 1, 4)


def test_drift_is_found_when_the_text_changed_under_a_segment() -> None:
    assert not drifted("Protected time helps", 10, 14, "time")
    assert drifted("Protected hours help", 10, 14, "time")


def test_speakers_are_read_from_name_and_colon() -> None:
    text = normalise("Interviewer: How was it?\nP3: Busy, but my mentor\nkept our meetings.\n"
                     "[00:12:30] Interviewer: Thanks.")
    turns = speaker_turns(text)
    assert [t.speaker for t in turns] == ["Interviewer", "P3", "Interviewer"]
    assert text[turns[1].start:turns[1].end] == "Busy, but my mentor\nkept our meetings."
    assert speaker_at(turns, text.index("kept")) == "P3"
    assert speaker_at(turns, 0) == ""


def _docx(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_transcript_reads_paragraphs_and_speaker_tables() -> None:
    data = _docx("Moderator: Welcome.", "Mentor A: It gave me confidence.",
                 table=[["Mentor B", "Scheduling was hard."]])
    text = docx_text(data, "focus-group.docx")
    assert text.splitlines() == ["Moderator: Welcome.", "Mentor A: It gave me confidence.",
                                 "Mentor B: Scheduling was hard."]
    assert [t.speaker for t in speaker_turns(text)] == ["Moderator", "Mentor A", "Mentor B"]


def test_a_file_that_is_not_word_is_refused_by_name() -> None:
    with pytest.raises(UploadError, match=r"notes\.docx: is not a Word document"):
        docx_text(b"plain text", "notes.docx")
    with pytest.raises(UploadError, match=r"broken\.docx: cannot be read"):
        docx_text(b"PK\x03\x04 not a zip", "broken.docx")
