"""`mentora stats prepost --data` reads its file through the one text reader: Windows-1252
with a warning, UTF-16 as it comes, a file that is not text refused with a message."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError

from tests.evaluation.test_cli import REDCAP, WAVES, _run

ACCENTED = REDCAP.read_text(encoding="utf-8").replace("joined", "joined_é")


@pytest.mark.parametrize(("encoding", "warned"), [("cp1252", True), ("utf-16", False)])
def test_a_data_file_in_another_encoding_gives_the_same_figures(tmp_path: Path, encoding: str,
                                                                warned: bool) -> None:
    data = tmp_path / "data.csv"
    data.write_bytes(ACCENTED.encode(encoding))
    (tmp_path / "utf8.csv").write_text(ACCENTED, encoding="utf-8")
    out, err = _run("--data", str(data), *WAVES)
    same, _ = _run("--data", str(tmp_path / "utf8.csv"), *WAVES)
    assert out == same and out.count("\n") > 5
    assert ("read as Windows-1252" in err) == warned
    assert "joined_é" in err  # named as written among the skipped columns


def test_a_data_file_that_is_not_text_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_bytes(b"record_id,a\n1,\x00\x00\x00\x01\n")
    with pytest.raises(CommandError, match=r"data\.csv: is not a text file \(it holds zero"):
        _run("--data", str(data), *WAVES)
