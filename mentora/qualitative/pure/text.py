"""Source text as it is stored and pointed into.

Text is normalised once, when a source is made: line feeds only (CR LF and a lone CR become
LF), control characters cleaned (`mentora.core.text.clean_text`), Unicode NFC, so the offsets of
a segment stay true wherever the text is shown again. Offsets count code points (a Python
string's index: a character outside the Basic Multilingual Plane, such as an emoji, is one),
from 0, the end excluded. Each segment keeps the text it selected beside its offsets, so a
source whose text changed under its segments is found (`drifted`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from mentora.core.text import clean_text

_LINE_ENDS = re.compile(r"\r\n?")
# A speaker's turn in a transcript: a line that begins with a name (or a label such as
# "Interviewer" or "P3") and a colon, after an optional time stamp in brackets.
_TURN = re.compile(
    r"^(?:\[?\(?\d{1,2}:\d{2}(?::\d{2})?\)?\]?\s+)?"
    r"(?P<speaker>[^\W\d_][\w .'\-]{0,39}?|[A-Z]{1,3}\d{1,3})\s*:[ \t]+",
    re.MULTILINE,
)


class OffsetError(ValueError):
    """Offsets that select nothing in the text; the message says why."""


def normalise(text: str) -> str:
    """The text as it is stored: LF line ends, no control characters, NFC, no trailing space."""
    text = _LINE_ENDS.sub("\n", text.removeprefix("\ufeff"))
    return unicodedata.normalize("NFC", clean_text(text)).strip()


def check_segment(text: str, start: int, end: int) -> str:
    """The text that [start, end) selects; OffsetError when it selects nothing or runs past."""
    if start < 0 or end > len(text):
        raise OffsetError(
            f"characters {start} to {end} run past the text, which has {len(text)} characters"
        )
    if end <= start:
        raise OffsetError(f"the selection from character {start} to {end} is empty")
    selected = text[start:end]
    if not selected.strip():
        raise OffsetError(f"characters {start} to {end} are only white space")
    return selected


def drifted(text: str, start: int, end: int, selected: str) -> bool:
    """Whether the text no longer holds, at the offsets, what the segment selected."""
    return text[start:end] != selected


@dataclass(frozen=True)
class Turn:
    speaker: str
    start: int  # of the utterance, after the speaker's name and colon
    end: int


def speaker_turns(text: str) -> list[Turn]:
    """Each speaker's turns: from after 'Name:' at a line's start to the next such line."""
    found = list(_TURN.finditer(text))
    turns = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        turns.append(Turn(match.group("speaker").strip(), match.end(), len(text[:end].rstrip())))
    return [turn for turn in turns if turn.end > turn.start]


def speaker_at(turns: list[Turn], start: int) -> str:
    """Who speaks at an offset: the last turn begun by then ('' before the first)."""
    speaker = ""
    for turn in turns:
        if turn.start > start:
            break
        speaker = turn.speaker
    return speaker
