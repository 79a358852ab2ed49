"""`mentora stats prepost` on a REDCap longitudinal export as it is, and on bad input."""

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import numpy as np
import openpyxl
import pandas as pd
import pytest
from django.core.management import CommandError, call_command
from scipy import stats

from mentora.evaluation.stats import CSV_COLUMNS
from tests.fixtures import REDCAP as FIXTURES
from tests.outside import OUTSIDE_REDCAP, outside

REDCAP = FIXTURES / "longitudinal" / "data.csv"
WAVES = ["--pre", "baseline_arm_1", "--post", "month_12_arm_1"]


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("stats", "prepost", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_redcap_export_as_it_is() -> None:
    """Every numeric item of the two waves gets a row with the documented columns; REDCap's
    own columns and text columns are left out, and the skipped columns are named."""
    out, err = _run("--data", str(REDCAP), *WAVES)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    items = [r["item"] for r in rows]
    assert items[:4] == ["cs_goals", "cs_network", "cs_balance", "from_mentor___1"]
    assert items[-1] == "want_rematch"
    assert not any(i.endswith("_complete") or i.startswith("redcap_") for i in items)
    assert "skipped non-numeric columns: joined, specialty, plans" in err
    # The profile is asked at baseline only, the meetings at month 6.
    assert "no one answered at both waves: role, years_training, caregiver, care_hours, " in err
    assert all(r["n"] == "3" for r in rows)  # records 101 to 103; 104 has no month 12


@outside
def test_a_real_redcap_export_as_it_is() -> None:
    """REDCap's own longitudinal export, unedited: the numeric items of two visits."""
    data = OUTSIDE_REDCAP / "longitudinal" / "data.csv"
    out, err = _run("--data", str(data), "--pre", "visit_1_arm_1", "--post", "visit_2_arm_1")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["item"] for r in rows][:5] == ["vld1", "vld2", "vld3", "vld4", "vld5"]
    assert "skipped non-numeric columns: vob7, vob14" in err
    assert all(r["n"] == "2" for r in rows)  # records 100 and 220 have both visits


def test_values_match_pandas_and_scipy_on_the_same_file() -> None:
    """An item's row equals a hand computation on the people who answered at both waves."""
    out, _ = _run("--data", str(REDCAP), "--id", "participant_id", "--wave",
                  "redcap_event_name", *WAVES, "--items", "cs_goals,stress")
    rows = {r["item"]: r for r in csv.DictReader(io.StringIO(out))}
    data = pd.read_csv(REDCAP)
    pre = data[data.redcap_event_name == "baseline_arm_1"].set_index("participant_id")["stress"]
    post = data[data.redcap_event_name == "month_12_arm_1"].set_index("participant_id")["stress"]
    both = pre.index.intersection(post.index)
    assert list(both) == [101, 102, 103]
    reference = stats.ttest_rel(post[both], pre[both])
    row = rows["stress"]
    assert float(row["pre_mean"]) == pytest.approx(pre[both].mean())
    assert float(row["post_mean"]) == pytest.approx(post[both].mean())
    assert float(row["t"]) == pytest.approx(reference.statistic)
    assert float(row["p"]) == pytest.approx(reference.pvalue)
    assert row["p_ama"] == ".10" and row["df"] == "2"


def test_json_has_nulls_where_no_test_is_possible() -> None:
    """JSON is a list of rows; untestable statistics are null, not NaN."""
    out, _ = _run("--data", str(REDCAP), *WAVES, "--items", "from_mentor___3", "--format", "json")
    (row,) = json.loads(out)
    assert list(row) == list(CSV_COLUMNS)
    assert row["n"] == 3 and row["diff"] == 0 and row["t"] is None and row["p_ama"] == ""


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_binary_formats_write_files_that_read_back(tmp_path: Path, fmt: str) -> None:
    """XLSX and DOCX outputs open and hold the header and one row per item."""
    target = tmp_path / f"prepost.{fmt}"
    _run("--data", str(REDCAP), *WAVES, "--items", "cs_goals,stress", "--format", fmt,
         "--out", str(target))
    if fmt == "xlsx":
        grid = [list(r) for r in openpyxl.load_workbook(target).active.iter_rows(values_only=True)]
        header = grid[1]
        body = grid[2:4]
    else:
        table = docx.Document(str(target)).tables[0]
        header = [c.text for c in table.rows[0].cells]
        body = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert tuple(header) == CSV_COLUMNS
    assert [r[0] for r in body] == ["cs_goals", "stress"]


def test_csv_out_file(tmp_path: Path) -> None:
    """--out writes the CSV to a file instead of standard output."""
    target = tmp_path / "out.csv"
    out, err = _run("--data", str(REDCAP), *WAVES, "--items", "cs_goals", "--out", str(target))
    assert out == "" and "wrote 1 items" in err
    assert target.read_text().splitlines()[0] == ",".join(CSV_COLUMNS)


OTHER_PRE = ["--pre", "month_9_arm_1", "--post", "month_12_arm_1"]
REPEATS = ["--pre", "baseline_arm_1", "--post", "month_6_arm_1", "--items", "cs_goals"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([*WAVES, "--id", "record_id"], "column 'record_id' not found in"),
        ([*WAVES, "--items", "cs_goals,weight_kg"], "column 'weight_kg' not found in --items"),
        ([*WAVES, "--wave", "event"], "column 'event' not found in"),
        (OTHER_PRE, "wave label 'month_9_arm_1' not found in column 'redcap_event_name'; "
                    "labels present: baseline_arm_1, baseline_arm_2, month_12_arm_1, "
                    "month_12_arm_2, month_6_arm_1"),
        ([*WAVES, "--items", "plans"], "column 'plans', row 2: "),
        (REPEATS, "more than once in wave 'month_6_arm_1' (column 'redcap_event_name', "
                  "rows 3, 4, 5)"),
        ([*WAVES, "--format", "docx"], "--format docx writes a binary file: give --out FILE"),
    ],
)
def test_bad_input_says_what_and_where(args: list[str], message: str) -> None:
    """Missing columns, unknown waves, text in an item, a person twice in a wave (REDCap's
    repeat rows) and a missing --out are named."""
    with pytest.raises(CommandError, match=re.escape(message)):
        _run("--data", str(REDCAP), *args)


def test_text_error_row_is_the_spreadsheet_row() -> None:
    """The row named in an error is the line a spreadsheet shows (header = row 1)."""
    with pytest.raises(CommandError) as caught:
        _run("--data", str(REDCAP), *WAVES, "--items", "plans")
    records = list(csv.reader(REDCAP.open(newline="")))
    row = int(str(caught.value).split("row ")[1].split(":")[0])
    header = records[0]
    assert records[row - 1][header.index("plans")] not in ("", None)
    assert records[row - 1][header.index("redcap_event_name")] == "baseline_arm_1"


def test_missing_file_is_named(tmp_path: Path) -> None:
    """A --data path that does not exist is named."""
    with pytest.raises(CommandError, match="no such file"):
        _run("--data", str(tmp_path / "nope.csv"), *WAVES)


def test_console_command_runs_without_a_database(tmp_path: Path) -> None:
    """`mentora stats prepost` runs as a process with an unreachable database configured."""
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
    code = "import sys; from mentora.cli import main; sys.exit(main(sys.argv))"
    result = subprocess.run(
        [sys.executable, "-c", code, "stats", "prepost", "--data", str(REDCAP), *WAVES,
         "--items", "cs_goals"],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("cs_goals,3,")
    assert np.isfinite(float(result.stdout.splitlines()[1].split(",")[9]))
