"""`mentora report --cohort C --out DIR` (issue 12, item 9): the report page's tables as DOCX
and XLSX, and prepost.csv with the page's own figures, one row per instrument and item."""

from __future__ import annotations

import csv
import io
import math

import docx
import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from mentora.programs.models import Cohort

COLUMNS = ["instrument", "pre", "post", "item", "n", "pre_mean", "pre_sd", "post_mean",
           "post_sd", "diff", "ci_low", "ci_high", "t", "df", "p", "p_ama", "dz", "wilcoxon_p"]


def test_the_report_command_writes_the_pages_tables_and_figures(demo, client, tmp_path, capsys):
    cohort = Cohort.objects.select_related("program").get(program__slug="gim-faculty-career")
    call_command("report", "--cohort", f"{cohort.program.slug}/{cohort.academic_year}",
                 "--out", str(tmp_path / "out"))
    said = capsys.readouterr().out
    assert "prepost.csv" in said
    with (tmp_path / "out" / "prepost.csv").open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert rows and list(rows[0]) == COLUMNS
    assert f" {len(rows)} pre/post items of 1 instrument." in said  # one survey, not "1 ...s"

    client.force_login(get_user_model().objects.get(username="coordinator@demo.mentora.test"))
    page = client.get(reverse("evaluation_report", args=[cohort.pk]))
    shown = [(c, r) for c in page.context["report"].comparisons for r in c.rows if r.n > 0]
    assert len(rows) == len(shown)
    for row, (comparison, figures) in zip(rows, shown, strict=True):
        assert (row["instrument"], row["pre"], row["post"], row["item"]) == (
            comparison.instrument, comparison.pre, comparison.post, figures.item)
        assert int(row["n"]) == figures.n and int(row["df"]) == figures.df
        for name in ("pre_mean", "pre_sd", "post_mean", "post_sd", "diff", "ci_low", "ci_high",
                     "t", "p", "dz"):
            value = getattr(figures, name)
            assert (row[name] == "") if math.isnan(value) else float(row[name]) == value
        assert row["p_ama"] == figures.p_ama
    assert any(row["wilcoxon_p"] for row in rows)  # the page leaves it out; the file has it

    document = docx.Document(str(tmp_path / "out" / "tables.docx"))
    titles = [p.text for p in document.paragraphs if p.text.startswith("Table ")]
    assert titles[0].startswith("Table 1 Changes in Career management self-efficacy")
    book = openpyxl.load_workbook(tmp_path / "out" / "tables.xlsx")
    assert len(book.sheetnames) == len(titles)
    download = client.get(reverse("evaluation_download", args=[cohort.pk, "xlsx"]))
    assert openpyxl.load_workbook(io.BytesIO(download.content)).sheetnames == book.sheetnames


def test_an_unknown_cohort_and_an_out_that_is_a_file_are_explained(demo, tmp_path):
    with pytest.raises(CommandError, match="No cohort"):
        call_command("report", "--cohort", "nope/2020", "--out", str(tmp_path))
    cohort = Cohort.objects.first()
    assert cohort is not None
    (tmp_path / "file").write_text("x")
    with pytest.raises(CommandError, match="not a folder"):
        call_command("report", "--cohort", str(cohort.pk), "--out", str(tmp_path / "file"))
