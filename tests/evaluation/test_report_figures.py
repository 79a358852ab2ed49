"""The cohort report's Word download draws the figures the page draws beside its tables: mentees
meeting by month (seed 000's decline over the year) after the participation-by-month table, and
the share meeting by four-week period since each one's start after its table, each with a
numbered caption and alternative text; the bars are the tables' own figures, and a month not
ended is drawn apart, labelled "in progress"."""

from __future__ import annotations

import io
import subprocess
import sys

import docx
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from docx.oxml.ns import qn

from mentora.evaluation.engagement_figures import month_bars, week_bars
from mentora.evaluation.exports import all_tables
from mentora.evaluation.pure.figures import Bar, alt_text, bar_figure
from mentora.programs.models import Cohort

MONTHS = "Mentees Meeting Their Mentors by Month"
WEEKS = "Mentees Meeting Their Mentors by Weeks Since Their Own Start"


@pytest.fixture
def clerkship(demo, client) -> Cohort:
    """Seed 000's clerkship in the session's demo, its coordinator signed in."""
    client.force_login(get_user_model().objects.get(username="coordinator@demo.mentora.test"))
    return Cohort.objects.get(program__slug="im-clerkship-near-peer")


def _report(client, cohort):
    return client.get(reverse("evaluation_report", args=[cohort.pk])).context["report"]


def _body(client, cohort) -> list[tuple[str, str]]:
    """The DOCX's body in order: ("text", a paragraph's text), ("table", its first cell) or
    ("picture", its alternative text)."""
    url = reverse("evaluation_download", args=[cohort.pk, "docx"])
    document = docx.Document(io.BytesIO(client.get(url).content))
    found = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:tbl"):
            found.append(("table", element.xpath("string(.//w:tc)")))
        elif element.tag == qn("w:p"):
            pictures = element.xpath(".//wp:docPr")
            if pictures:
                found += [("picture", p.get("descr", "")) for p in pictures]
            else:
                found.append(("text", element.xpath("string(.)")))
    return found


def _after(body: list[tuple[str, str]], title_ends: str) -> list[tuple[str, str]]:
    """What follows the table titled `title_ends`, up to the next table's title."""
    at = next(i for i, (kind, text) in enumerate(body) if kind == "text"
              and text.startswith("Table ") and text.endswith(title_ends))
    rest = body[at + 2 :]
    end = next((i for i, (kind, text) in enumerate(rest)
                if kind == "text" and text.startswith("Table ")), len(rest))
    return rest[:end]


def _rows(report, title_ends: str) -> list[tuple[str, ...]]:
    table = next(t for t in all_tables(report) if t.title.endswith(title_ends))
    return [tuple(str(c) for c in row.cells) for row in table.rows]


def test_the_docx_draws_each_figure_after_its_table_with_caption_and_alt_text(clerkship, client):
    report = _report(client, clerkship)
    body = _body(client, clerkship)
    months = _after(body, MONTHS)
    captions = [text for kind, text in months if text.startswith("Figure ")]
    assert captions == ["Figure 1 Mentees Meeting Their Mentors by Month"]
    pictures = [text for kind, text in months if kind == "picture"]
    assert len(pictures) == 1
    alt = pictures[0]
    assert alt.startswith("Bar chart of mentees meeting their mentors by month")
    # Every month the table prints, with its figure; the month not ended said to be so.
    for month, meeting, _ in _rows(report, MONTHS):
        count = meeting.removesuffix(" so far: in progress")
        said = f"{month}: {count}" + (" (in progress)" if count != meeting else "")
        assert said in alt
    last = report.engagement.months[-1]
    assert last.in_progress and f"{last.month:%B %Y}: {last.participants} (in progress)" in alt
    assert any("not a fall" in text for kind, text in months if kind == "text")

    weeks = _after(body, WEEKS)
    captions = [text for kind, text in weeks if text.startswith("Figure ")]
    assert captions == [
        "Figure 2 Share of Mentees Meeting Their Mentors by Weeks Since Their Own Start"
    ]
    (alt,) = [text for kind, text in weeks if kind == "picture"]
    assert alt.startswith("Bar chart of the share of mentees meeting their mentors")
    for label, _, _, share in _rows(report, WEEKS):
        assert f"{label}: {share.removesuffix(' so far: in progress')}" in alt
    # No other table is followed by a picture.
    assert sum(kind == "picture" for kind, _ in body) == 2


def test_the_bars_are_the_tables_figures_and_a_month_in_progress_is_drawn_apart(
    clerkship, client
):
    report = _report(client, clerkship)
    e = report.engagement
    rows = _rows(report, MONTHS)
    figure = bar_figure(month_bars(e), ylabel="Mentees meeting", xlabel="Month")
    axes = figure.axes[0]
    bars = axes.patches
    assert [b.get_gid() for b in bars] == [row[0] for row in rows]
    assert [b.get_height() for b in bars] == [
        int(row[1].removesuffix(" so far: in progress")) for row in rows
    ]
    # Seed 000's decline: fewer mentees meeting late in the year than early.
    assert max(b.get_height() for b in bars[:3]) > max(b.get_height() for b in bars[-4:-1])
    # The month in progress is lighter and hatched, with "in progress" written over it; no other.
    apart = [b for b in bars if b.get_hatch()]
    assert [b.get_gid() for b in apart] == [rows[-1][0]]
    assert apart[0].get_facecolor() != bars[0].get_facecolor()
    labels = [t for t in axes.texts if t.get_text() == "in progress"]
    assert len(labels) == 1
    x = apart[0].get_x() + apart[0].get_width() / 2
    assert labels[0].xy == pytest.approx((x, apart[0].get_height()))

    week_rows = _rows(report, WEEKS)
    shares = bar_figure(week_bars(e), ylabel="%", xlabel="Weeks", percent=True).axes[0].patches
    assert [f"{b.get_height():.0f}%" for b in shares] == [
        row[3].removesuffix(" so far: in progress") for row in week_rows if row[3] != "-"
    ]


def test_a_period_nobody_reached_has_no_bar_and_nothing_in_progress_has_no_mark():
    bars = [Bar("Weeks 1-4", "1-4", 50.0), Bar("Weeks 5-8", "5-8", None)]
    axes = bar_figure(bars, ylabel="%", xlabel="Weeks", percent=True).axes[0]
    assert [p.get_height() for p in axes.patches] == [50.0]
    assert not any(p.get_hatch() for p in axes.patches)
    assert [t.get_text() for t in axes.get_xticklabels()] == ["1-4", "5-8"]
    assert axes.get_legend() is None and not axes.texts
    said = alt_text("shares", bars, "%")
    assert said == "Bar chart of shares. Weeks 1-4: 50%; Weeks 5-8: no one."
    with pytest.raises(ValueError, match="no period to draw"):
        bar_figure([], ylabel="", xlabel="")


def test_the_figures_core_imports_no_django():
    code = "import mentora.evaluation.pure.figures, sys; assert 'django' not in sys.modules"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
