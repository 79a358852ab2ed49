"""`mentora match solve` takes career_stage as every other file in Mentora writes it ("MS3",
"PGY-1", "Assistant professor") as well as the ladder's numbers (issue 12, item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentora.matching.engine.io_csv import read_mentees, read_mentors
from tests.matching.test_cli import MENTEES, MENTORS, read_rows, run, write

# The same people as MENTEES and MENTORS, stages in words: 3 is MS3, 4 MS4, 5 PGY1, 6 PGY2.
WORDS = {"mentees": MENTEES.replace(",3,", ",MS3,"),
         "mentors": MENTORS.replace(",5,", ",PGY-1,").replace(",4,", ",ms4,")
         .replace("r3,6,", "r3,PGY 2,")}


def test_stages_in_words_match_as_their_numbers_do(tmp_path: Path) -> None:
    def solve(files: dict[str, str], folder: str) -> list[dict[str, str]]:
        (tmp_path / folder).mkdir()
        return read_rows(run(
            "--mentees", str(write(tmp_path / folder, "mentees.csv", files["mentees"])),
            "--mentors", str(write(tmp_path / folder, "mentors.csv", files["mentors"])),
            "--mode", "welfare"))

    numbers = solve({"mentees": MENTEES, "mentors": MENTORS}, "numbers")
    assert "PGY-1" in WORDS["mentors"] and "MS3" in WORDS["mentees"]
    assert solve(WORDS, "words") == numbers
    assert numbers


@pytest.mark.parametrize("row_by_row", [False, True])
def test_both_readers_take_words_and_numbers_in_one_column(tmp_path: Path, row_by_row: bool):
    mentees = write(tmp_path, "mentees.csv", "id,career_stage,interests\n"
                    "a,MS3,x\nb,3,x\nc,Pre-matriculant,x\n")
    mentors = write(tmp_path, "mentors.csv", "id,career_stage,capacity,interests\n"
                    "m,Assistant professor,1,x\nn,PGY1 (intern),1,x\n")
    assert [m.career_stage for m in read_mentees(mentees, row_by_row)] == [3, 3, 0]
    assert [m.career_stage for m in read_mentors(mentors, row_by_row)] == [13, 5]
