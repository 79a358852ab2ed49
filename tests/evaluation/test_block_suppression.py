"""The report's table by rotation block follows the report's small-cell rules, as the equity
breakdowns do: groups below the threshold (11 for publication, 5 otherwise) are an asterisk on the
page and in the DOCX, XLSX and CSV, and so is any cell the blocks' total would give them away
by; a block large enough stays visible."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import docx
import openpyxl
import pytest
import time_machine
from django.urls import reverse

from mentora.evaluation.reports.blocks import BlockCounts, suppressed
from mentora.evaluation.section_tables import block_cells
from mentora.people.ladder import Stage
from mentora.programs.actions import do_withdraw
from mentora.programs.blocks import do_assign_block, do_save_block
from mentora.programs.models import Enrolment
from tests import factories

pytestmark = pytest.mark.usefixtures("_november")

BLOCKS = (
    ("Block 1", date(2026, 7, 1), date(2026, 9, 22)),
    ("Block 2", date(2026, 9, 23), date(2026, 12, 15)),
    ("Block 3", date(2026, 12, 16), date(2027, 3, 9)),
    ("Block 4", date(2027, 3, 10), date(2027, 6, 1)),
)
HIDDEN_ROW = ("*",) * 6
# Block 1: twelve mentees, all matched: large enough for publication.
BLOCK_1 = (
    "12",
    "12 of 12 (100%; 95% CI 76-100%)",
    "0 of 12 (0%; 95% CI 0-24%)",
    "0 of 12 (0%; 95% CI 0-24%)",
    "0 of 12 (0%; 95% CI 0-24%)",
    "0",
)
# Block 3 (Nina, matched, and six more) for the coordinator.
BLOCK_3_INTERNAL = ("7", "*", "*", "*", "0 of 7 (0%; 95% CI 0-35%)", "*")


@pytest.fixture
def _november():
    with time_machine.travel("2026-11-20 10:00 -05:00", tick=False):
        yield


def _cohort_in_blocks(world) -> None:
    """Block 1: twelve mentees, all matched. Block 2: Maya (matched) and one who withdrew.
    Block 3: Nina (matched) and six more. Block 4: six mentees, none matched. 27 in all."""
    new = [factories.make_person(f"Student {i}", Stage.MS3) for i in range(25)]
    for person in new:
        factories.enrol(world.cohort, person)
    for person in new[:12]:
        factories.pair(world.cohort, world.mark, person)
    do_withdraw(Enrolment.objects.get(person=new[12]), date(2026, 10, 1), "moved away")
    people = (new[:12], [world.maya, new[12]], [world.nina, *new[13:19]], new[19:])
    for (name, starts_on, ends_on), members in zip(BLOCKS, people, strict=True):
        block = do_save_block(world.cohort, name, starts_on, ends_on)
        ids = Enrolment.objects.filter(cohort=world.cohort, person__in=members)
        do_assign_block(world.cohort, ids.values_list("pk", flat=True), block)


def _page_rows(client, world, query: str) -> tuple[str, dict[str, tuple[str, ...]]]:
    """The page, and its block table: each block's cells after its name, as printed."""
    url = reverse("evaluation_report", args=[world.cohort.pk]) + query
    page = client.get(url).content.decode()
    table = page[page.index('<h3 id="blocks">') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r'<tr><th scope="row">(Block \d) \(.*?\)</th>(.*?)</tr>', table)
    return page, {name: tuple(re.findall(r"<td[^>]*>(.*?)</td>", cells)) for name, cells in rows}


def _downloads(client, world, query: str) -> list[list[tuple[str, ...]]]:
    """The block table (after the engagement summary) from the DOCX, the XLSX and its CSV, each
    as text rows; the DOCX's notes as rows of one."""
    url = reverse("evaluation_download", args=[world.cohort.pk, "xlsx"]) + query
    book = openpyxl.load_workbook(io.BytesIO(client.get(url).content))
    position = next(
        i for i, s in enumerate(book.worksheets) if "Rotation Block" in str(s["A1"].value)
    )
    sheet = [
        tuple("" if v is None else str(v) for v in values if v is not None)
        for values in book.worksheets[position].iter_rows(values_only=True)
    ]
    url = reverse("evaluation_download", args=[world.cohort.pk, "docx"]) + query
    document = docx.Document(io.BytesIO(client.get(url).content))
    word = [tuple(c.text for c in row.cells) for row in document.tables[position].rows]
    word += [(p.text,) for p in document.paragraphs]
    url = reverse("evaluation_csv", args=[world.cohort.pk, position + 1]) + query
    text = client.get(url).content.decode()
    return [word, sheet, [tuple(row) for row in csv.reader(io.StringIO(text))]]


def _blocks_in(rows: list[tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Each block's cells after its name and dates."""
    return {row[0]: row[2:8] for row in rows if row and re.fullmatch(r"Block \d", row[0])}


@pytest.mark.parametrize(
    ("query", "threshold", "block_3"),
    [
        # For publication: Blocks 2, 3 and 4 have fewer than 11 mentees. Block 1's 12 stay:
        # the total less 12 is the three hidden blocks together.
        ("?publication=on", 11, HIDDEN_ROW),
        # The coordinator's view, as the equity breakdowns: the always-on minimum of 5. Block 3's
        # seven mentees show but not its one matched mentee, nor what is of her (her meetings);
        # Block 4's six go with Block 2's two, which the total less the others would give away.
        ("", 5, BLOCK_3_INTERNAL),
    ],
)
def test_small_blocks_and_what_gives_them_away_are_hidden_on_the_page_and_in_downloads(
    world, login, query: str, threshold: int, block_3: tuple[str, ...]
):
    _cohort_in_blocks(world)
    client = login(world.alice)
    page, on_page = _page_rows(client, world, query)
    assert on_page == {
        "Block 1": BLOCK_1,
        "Block 2": HIDDEN_ROW,
        "Block 3": block_3,
        "Block 4": HIDDEN_ROW,
    }
    note = f"uppressed: fewer than {threshold} people, or a cell that would let a suppressed one"
    assert f"* s{note}" in page
    for rows in _downloads(client, world, query):
        assert _blocks_in(rows) == on_page
        text = "\n".join(" | ".join(row) for row in rows)
        assert f"*S{note}" in text
        assert "n = 27 mentees" in text
        assert " of 2 " not in text and " of 6 " not in text


def test_a_hidden_matched_count_is_not_given_away_by_what_is_of_the_matched():
    """Block 1's 18 matched are hidden as the complement of Block 2's 3 (the cohort's matched
    mentees are in the engagement table); its Met columns, whose denominator they are, and its
    meetings go with them, instead of printing '15 of 18'."""
    d = date(2026, 7, 1)
    found = suppressed(
        [
            BlockCounts("Block 1", d, d, 20, 18, 15, 12, 0, 40),
            BlockCounts("Block 2", d, d, 20, 3, 3, 0, 0, 5),
            BlockCounts("Block 3", d, d, 20, 12, 6, 6, 0, 30),
        ],
        threshold=5,
    )
    cells = {b.name: block_cells(b) for b in found.rows}
    assert cells["Block 1"] == ("20", "*", "*", "*", "0 of 20 (0%; 95% CI 0-16%)", "*")
    assert cells["Block 3"][:2] == ("20", "12 of 20 (60%; 95% CI 39-78%)")
    assert cells["Block 3"][5] == "30"
    assert not any("of 18" in cell or "of 3 " in cell for row in cells.values() for cell in row)
