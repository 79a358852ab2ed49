"""Table 4 in seed 002's layout: themes by valence, n (%) of each role's respondents, exemplar
quotes, small roles suppressed; the page and its DOCX, XLSX and CSV, read back."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
from django.urls import reverse
from django.utils import timezone
from docx import Document

from mentora.qualitative.actions import (
    do_adjudicate,
    do_apply_code,
    do_create_code,
    do_draw_sample,
    do_mark_coded,
)
from mentora.qualitative.models import Source
from mentora.qualitative.themes import table_4
from tests.qualitative.conftest import Qda, sign_in


def _coded(qda: Qda) -> dict[str, Source]:
    now = timezone.now()
    time_ = do_create_code(qda.project, "Time", now, definition="Time to meet, or its lack")
    do_create_code(qda.project, "Resources and tools", now)
    sources = {s.text.split()[0]: s for s in Source.objects.filter(project=qda.project)}
    maya, nina, anon = sources["My"], sources["Too"], sources["Great"]
    do_apply_code(maya, time_, qda.fay, now, valence="positive",
                  start=0, end=maya.text.index(" 😀"))
    do_apply_code(nina, time_, qda.fay, now, valence="negative")
    do_apply_code(anon, time_, qda.fay, now, valence="positive")
    return sources


def _rows(table: Any) -> dict[str, tuple[Any, ...]]:
    return {row.cells[0]: row.cells for row in table.rows if not row.section}


def test_cells_count_respondents_by_role_and_suppress_small_roles(qda: Qda) -> None:
    _coded(qda)
    table = table_4(qda.project, threshold=2)
    assert table.title.startswith("Table 4 Narrative comments by theme")
    assert table.header[:3] == ("Theme", "Mentee comments (n = 2), n (%)", "Examples")
    assert "Comments (role unknown) (n = 1), n (%)" in table.header
    sections = [row.cells[0] for row in table.rows if row.section]
    assert sections[0] == "Theme A: Resources and tools"
    assert sections[1] == "Theme B: Time. Time to meet, or its lack"
    positives = [row.cells for row in table.rows if row.cells[0] == "Positives"][1]
    assert positives[1:3] == ("1 (50%)", "“My mentor made time every week”")
    assert positives[3:] == ("—", "")  # one anonymous respondent: no count, no quote
    assert "Great program" not in str(table)


def test_a_rejected_adjudication_takes_the_coding_out(qda: Qda) -> None:
    sources = _coded(qda)
    now = timezone.now()
    nina = sources["Too"]
    sample = do_draw_sample(qda.project, 25, [qda.eve, qda.fay], now, seed=1)
    sample.sources.set([nina])
    do_mark_coded(nina, qda.eve, now)
    time_ = qda.project.codes.get(name="Time")
    do_adjudicate(nina, time_, False, qda.eve, now)
    negatives = [row.cells for row in table_4(qda.project, threshold=2).rows
                 if row.cells[0] == "Negatives"][1]
    assert negatives[1] == "0 (0%)"


def test_the_page_and_its_files_read_back(client: Any, qda: Qda, settings: Any) -> None:
    settings.SUPPRESS_FREE_TEXT_BELOW = 2
    _coded(qda)
    sign_in(client, qda.world.alice)
    url = reverse("qda_table", args=[qda.project.pk])
    page = client.get(url).content.decode()
    assert "Theme B: Time" in page and "1 (50%)" in page
    docx_bytes = client.get(url + "?download=docx").content
    document = Document(io.BytesIO(docx_bytes))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "1 (50%)" in cells and "“Too little protected time; the checklist was useful.”" in cells
    book = openpyxl.load_workbook(io.BytesIO(client.get(url + "?download=xlsx").content))
    values = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c]
    assert "Theme B: Time. Time to meet, or its lack" in values
    rows = list(csv.reader(io.StringIO(client.get(url + "?download=csv").content.decode())))
    assert rows[0][:2] == ["Theme", "Mentee comments (n = 2), n (%)"]
    assert ["Negatives", "1 (50%)", "“Too little protected time; the checklist was useful.”",
            "—", ""] in rows


def test_long_and_wide_data_and_frequencies_by_wave(client: Any, qda: Qda, settings: Any) -> None:
    settings.SUPPRESS_FREE_TEXT_BELOW = 2
    sources = _coded(qda)
    sign_in(client, qda.world.alice)
    url = reverse("qda_table", args=[qda.project.pk])
    long = list(csv.DictReader(io.StringIO(client.get(url + "?download=long").content.decode())))
    assert len(long) == 3 and {row["code"] for row in long} == {"Time"}
    maya = next(row for row in long if row["source"] == str(sources["My"].pk))
    assert (maya["role"], maya["wave"], maya["valence"], maya["start"]) == (
        "mentee", "Baseline", "positive", "0")
    assert "My mentor" not in client.get(url + "?download=long").content.decode()  # no words
    wide = list(csv.reader(io.StringIO(client.get(url + "?download=wide").content.decode())))
    assert wide[0] == ["respondent", "role", "cohort", "wave", "group", "Resources and tools",
                       "Time"]
    assert sorted(row[-2:] for row in wide[1:]) == [["0", "1"]] * 3
    page = client.get(url).content.decode()
    assert "Baseline (n = 3)" in page
