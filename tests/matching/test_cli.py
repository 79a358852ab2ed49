"""`mentora match solve`: spreadsheets in, matches.csv out, bad files named to the cell."""

from __future__ import annotations

import csv
import gc
import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mentora.matching.engine import solve
from mentora.matching.management.commands import match as match_command

ROOT = Path(__file__).resolve().parents[2]

MENTEES = """id,career_stage,interests,specialty,goals,group,site
s1,3,cardiology;medical education,cardiology,publish cardiology research,,north
s2,3,surgery,surgery,learn procedures,urm,south
s3,3,oncology,,career advice,urm,north
"""
MENTORS = """id,career_stage,capacity,interests,specialty,tier
r1,5,1,cardiology,cardiology,intern
r2,4,2,medical education;surgery,,intern
r3,6,2,surgery,surgery,resident
r4,6,2,oncology,,resident
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("match", "solve", *args, stdout=out, stderr=err)
    return out.getvalue()


def read_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_command_line_writes_matches_csv(tmp_path: Path) -> None:
    """Run as a user would: manage.py match solve ... --out, with progress on stderr."""
    out = tmp_path / "matches.csv"
    done = subprocess.run(
        [sys.executable, "manage.py", "match", "solve",
         "--mentees", str(write(tmp_path, "mentees.csv", MENTEES)),
         "--mentors", str(write(tmp_path, "mentors.csv", MENTORS)),
         "--mode", "welfare", "--out", str(out), "--explain"],
        cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    rows = read_rows(out.read_text(encoding="utf-8"))
    assert list(rows[0]) == ["mentee_id", "mentor_id", "score", "tier", "explanation"]
    assert {(r["mentee_id"], r["tier"]) for r in rows} >= {("s1", "intern"), ("s2", "resident")}
    assert "OPTIMAL" in done.stderr


@pytest.mark.parametrize("mode", ["welfare", "stable"])
def test_each_mentee_gets_one_mentor_per_tier(tmp_path: Path, mode: str) -> None:
    """With tiers in mentors.csv every mentee appears once per tier at most."""
    rows = read_rows(run("--mentees", str(write(tmp_path, "e.csv", MENTEES)),
                         "--mentors", str(write(tmp_path, "m.csv", MENTORS)), "--mode", mode))
    places = [(r["mentee_id"], r["tier"]) for r in rows]
    assert len(places) == len(set(places))
    loads: dict[str, int] = {}
    for r in rows:
        loads[r["mentor_id"]] = loads.get(r["mentor_id"], 0) + 1
    assert loads.get("r1", 0) <= 1


def test_uploaded_candidates_and_ranks_drive_stable_mode(tmp_path: Path) -> None:
    """Given candidates replace scoring; mentee ranks outrank scores in stable mode."""
    mentees = write(tmp_path, "e.csv", "id,career_stage,interests\na,0,\nb,0,\n")
    mentors = write(tmp_path, "m.csv", "id,career_stage,capacity,interests\nx,9,1,\ny,9,1,\n")
    candidates = write(tmp_path, "c.csv", "mentee_id,mentor_id,score,mentee_rank\n"
                       "a,x,9,2\na,y,1,1\nb,x,5,1\n")
    rows = read_rows(run("--mentees", str(mentees), "--mentors", str(mentors),
                         "--candidates", str(candidates), "--mode", "stable"))
    assert {(r["mentee_id"], r["mentor_id"]) for r in rows} == {("a", "y"), ("b", "x")}
    welfare = read_rows(run("--mentees", str(mentees), "--mentors", str(mentors),
                            "--candidates", str(candidates), "--mode", "welfare"))
    # welfare ignores ranks: a-x alone (9) beats a-y plus b-x (6)
    assert [(r["mentee_id"], r["mentor_id"], r["score"]) for r in welfare] == [("a", "x", "9.0000")]


@pytest.mark.parametrize(("which", "text", "where"), [
    ("mentees", "id,career_stage\na,1\n", "mentees.csv, row 1, column 'interests'"),
    ("mentees", "id,career_stage,interests\na,1,x\nb,senior,y\n",
     "mentees.csv, row 3, column 'career_stage': unknown career stage 'senior'"),
    ("mentees", "id,career_stage,interests\na,1,x\na,2,y\n",
     "mentees.csv, row 3, column 'id': id 'a' repeats row 2"),
    ("mentors", "id,career_stage,capacity,interests\nm,4,-1,x\n",
     "mentors.csv, row 2, column 'capacity': must be zero or more"),
    ("mentors", "id,career_stage,capacity,interests,trained\nm,4,1,x,maybe\n",
     "mentors.csv, row 2, column 'trained': 'maybe' is not yes or no"),
    ("candidates", "mentee_id,mentor_id,score\ns1,r1,1\ns1,nobody,2\n",
     "candidates.csv, row 3, column 'mentor_id': 'nobody' is not in the mentors file"),
    ("candidates", "mentee_id,mentor_id,score\ns1,r1,high\n",
     "candidates.csv, row 2, column 'score': 'high' is not a number"),
])
def test_a_bad_file_is_rejected_naming_file_row_and_column(tmp_path: Path, which: str,
                                                           text: str, where: str) -> None:
    """The message points at the cell to fix, and nothing is written."""
    files = {"mentees": MENTEES, "mentors": MENTORS}
    files[which] = text
    args = ["--mentees", str(write(tmp_path, "mentees.csv", files["mentees"])),
            "--mentors", str(write(tmp_path, "mentors.csv", files["mentors"])),
            "--out", str(tmp_path / "matches.csv")]
    if which == "candidates":
        args += ["--candidates", str(write(tmp_path, "candidates.csv", text))]
    with pytest.raises(CommandError, match=re.escape(where)):
        run(*args)
    assert not (tmp_path / "matches.csv").exists()


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    """A path that does not exist is reported, not a traceback."""
    with pytest.raises(CommandError, match=r"nowhere\.csv"):
        run("--mentees", str(tmp_path / "nowhere.csv"), "--mentors", str(tmp_path / "m.csv"))


def test_the_garbage_collector_is_back_on_after_a_run(tmp_path: Path) -> None:
    """The command pauses Python's cyclic collector while it reads and solves; a process that
    calls it (a test, a worker) gets it back on, after a success or an error."""
    mentees, mentors = write(tmp_path, "e.csv", MENTEES), write(tmp_path, "m.csv", MENTORS)
    paused = []

    def watching(*args: Any, **kwargs: Any) -> Any:
        paused.append(not gc.isenabled())
        return solve(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(match_command, "solve", watching)
        run("--mentees", str(mentees), "--mentors", str(mentors))
    assert paused == [True]
    assert gc.isenabled()
    with pytest.raises(CommandError):
        run("--mentees", str(mentees), "--mentors", str(tmp_path / "missing.csv"))
    assert gc.isenabled()


def test_a_mentors_file_saved_as_windows_csv_is_read_and_the_guess_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Excel on Windows saves "CSV" in Windows-1252: the match runs, and the command says it
    read the file by that guess so the coordinator checks the accents."""
    mentors = tmp_path / "mentors.csv"
    mentors.write_bytes(MENTORS.replace("medical education", "médecine").encode("cp1252"))
    out = tmp_path / "matches.csv"
    run("--mentees", str(write(tmp_path, "mentees.csv", MENTEES)), "--mentors", str(mentors),
        "--out", str(out))
    assert read_rows(out.read_text(encoding="utf-8"))
    assert "warning: mentors.csv: read as Windows-1252" in capsys.readouterr().err
