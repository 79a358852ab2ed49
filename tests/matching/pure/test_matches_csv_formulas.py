"""matches.csv: ids, tiers and explanations from people's files cannot run as formulas."""

from __future__ import annotations

import csv
import io

from mentora.matching.engine import io_csv
from mentora.matching.engine.result import MatchResult, Pair


def test_matches_csv_quotes_typed_text_and_keeps_numbers() -> None:
    pairs = [
        Pair('=HYPERLINK("http://evil.example","x")', "@SUM(1)", 0.5, slot="+senior",
             explanation="-2 as text"),
        Pair("-2", "+1", -0.25, slot="=tier", explanation="shares goals"),
    ]
    result = MatchResult("optimal", pairs, 0.25, "OPTIMAL", "test")
    handle = io.StringIO()
    io_csv.write_matches(handle, result, slot_column="tier", explain=True)
    rows = list(csv.reader(io.StringIO(handle.getvalue())))
    assert rows[1] == ["'=HYPERLINK(\"http://evil.example\",\"x\")", "'@SUM(1)", "0.5000",
                       "'+senior", "'-2 as text"]
    assert rows[2] == ["-2", "+1", "-0.2500", "'=tier", "shares goals"]
