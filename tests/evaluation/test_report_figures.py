"""The cohort report's Word download draws the figures the page draws beside its tables: the
pre/post forest plot (seed 002) after its Tables 1-2, mentees meeting by month (seed 000's
decline over the year) after the participation-by-month table, and the share meeting by
four-week period since each one's start after its table, numbered in the document's order, each
with a caption and alternative text; the dots, lines and bars are the tables' own figures, and a
month not ended is drawn apart, labelled "in progress"."""

from __future__ import annotations

import io
import subprocess
import sys

import docx
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from docx.oxml.ns import qn

from mentora.core.labels import short_labels
from mentora.evaluation.engagement_figures import month_bars, week_bars
from mentora.evaluation.exports import all_tables, docx_figures
from mentora.evaluation.page import options_for
from mentora.evaluation.prepost_figures import intervals
from mentora.evaluation.pure.figures import Bar, Interval, alt_text, bar_figure, forest_figure
from mentora.evaluation.reports import compute_report
from mentora.evaluation.reports.surveys import paired_waves
from mentora.evaluation.sources import load_cohort
from mentora.evaluation.stats.tables import NOTE_MARKS, diff_ci
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
    # The clerkship's pre/post figure is Figure 1, after its Table 1.
    assert captions == ["Figure 2 Mentees Meeting Their Mentors by Month"]
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
        "Figure 3 Share of Mentees Meeting Their Mentors by Weeks Since Their Own Start"
    ]
    (alt,) = [text for kind, text in weeks if kind == "picture"]
    assert alt.startswith("Bar chart of the share of mentees meeting their mentors")
    for label, _, _, share in _rows(report, WEEKS):
        assert f"{label}: {share.removesuffix(' so far: in progress')}" in alt
    # No other table is followed by a picture.
    assert sum(kind == "picture" for kind, _ in body) == 3


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


def test_a_web_process_loads_matplotlib_only_to_draw_a_figure():
    """The site's URLs (every page's code, the report's among them) load without matplotlib:
    a web process does not pay for it until someone downloads a report as Word."""
    code = (
        "import os, sys, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'mentora.settings'; "
        "django.setup(); import mentora.urls, mentora.evaluation.exports; "
        "assert 'matplotlib' not in sys.modules, 'matplotlib loaded'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def faculty(demo, client) -> Cohort:
    """Seed 002's faculty career cohort in the session's demo, its coordinator signed in."""
    client.force_login(get_user_model().objects.get(username="coordinator@demo.mentora.test"))
    return Cohort.objects.get(program__slug="gim-faculty-career")


def _items(table) -> dict[str, str]:
    """A pre/post table's items (the wording without its footnote mark) and their printed
    mean difference (95% CI), in the table's order."""
    found = {}
    for row in table.rows:
        if not row.section:
            label = str(row.cells[0])
            for mark in NOTE_MARKS:
                label = label.removesuffix(f" {mark}")
            found[label] = str(row.cells[4])
    return found


def _drawn(axes) -> dict[str, str]:
    """Each item the forest plot draws, top to bottom, with its dot and line as the table
    would print them."""
    dots = {line.get_gid(): line.get_xdata()[0] for line in axes.lines
            if line.get_gid() not in (None, "no change") and not line.get_gid().startswith("CI: ")}
    ends = {line.get_gid().removeprefix("CI: "): tuple(line.get_xdata()) for line in axes.lines
            if (line.get_gid() or "").startswith("CI: ")}
    heights = {line.get_gid(): line.get_ydata()[0] for line in axes.lines
               if line.get_gid() in dots}
    assert all(tuple(ends[name]) != () for name in dots)
    return {name: diff_ci(dots[name], *ends[name])
            for name in sorted(dots, key=lambda name: heights[name])}


def test_the_docx_draws_the_pre_post_figure_after_tables_1_and_2_as_figure_1(faculty, client):
    body = _body(client, faculty)
    titles = [text for kind, text in body if kind == "text" and text.startswith("Table ")]
    assert titles[:2] == [
        "Table 1 Changes in Career management self-efficacy from Baseline to 1-year follow-up",
        "Table 2 Changes in Mentoring satisfaction, Job satisfaction, and Burnout from Baseline "
        "to 1-year follow-up",
    ]
    assert not [kind for kind, _ in _after(body, titles[0].removeprefix("Table 1 "))
                if kind == "picture"]
    after = _after(body, titles[1].removeprefix("Table 2 "))
    captions = [text for kind, text in after if text.startswith("Figure ")]
    assert captions == [
        "Figure 1 Mean Difference per Item From Baseline to 1-year follow-up, With 95% CIs"
    ]
    (alt,) = [text for kind, text in after if kind == "picture"]
    assert alt.startswith("Forest plot of the mean difference per item of the Faculty career "
                          "mentoring survey, 1-year follow-up minus Baseline")
    report = _report(client, faculty)
    tables = all_tables(report)
    printed = {**_items(tables[0]), **_items(tables[1])}
    assert len(printed) == 25
    for label, cell in printed.items():
        assert f"{label}: {cell}" in alt
    assert "I am motivated to advance in rank: 0.09 (-0.45 to 0.64)" in alt
    assert any(text.startswith("Note. Faculty career mentoring survey") and "no change" in text
               and text.endswith("Tables 1 and 2's figures.") for kind, text in after)
    # The participation figures follow it, numbered on.
    figures = [text for kind, text in body if kind == "text" and text.startswith("Figure ")]
    assert [f.split(" ")[1] for f in figures] == ["1", "2", "3"]
    assert figures[1].endswith("by Month") and figures[2].endswith("Since Their Own Start")


def test_the_dots_and_lines_are_the_tables_figures_under_the_pages_labels(faculty, client):
    report = _report(client, faculty)
    (comparison,) = report.comparisons
    tables = all_tables(report)
    printed = {**_items(tables[0]), **_items(tables[1])}
    rows = intervals(comparison)
    axes = forest_figure(rows, xlabel="Mean difference").axes[0]
    assert _drawn(axes) == printed  # every item, its dot and CI ends, in the tables' order
    shown = [t.get_text() for t in axes.get_yticklabels()]
    assert shown == short_labels(list(printed))
    assert "I have well-defined annual goals and…" in shown
    (zero,) = [line for line in axes.lines if line.get_gid() == "no change"]
    assert tuple(zero.get_xdata()) == (0, 0) and zero.get_linestyle() == "--"
    low, high = axes.get_xlim()
    assert low < min(r.low or 0 for r in rows) and high > max(r.high or 0 for r in rows)


def test_an_item_nobody_answered_at_baseline_is_in_neither_table_nor_figure(faculty, client):
    options, _ = options_for(faculty, {})
    data = load_cohort(faculty)
    items = data.items
    item = items.loc[items["label"] == "I feel my career is on track", "variable"].item()
    (pre, _), = paired_waves(data.waves).values()
    answers = data.answers
    dropped = (answers["item"] == item) & (answers["wave_id"] == pre["wave_id"])
    assert dropped.any()
    report = compute_report(type(data)(**{**vars(data), "answers": answers[~dropped]}), options)
    tables = all_tables(report)
    printed = {**_items(tables[0]), **_items(tables[1])}
    assert len(printed) == 24 and "I feel my career is on track" not in printed
    (comparison,) = report.comparisons
    assert _drawn(forest_figure(intervals(comparison), xlabel="").axes[0]) == printed
    (figure,) = docx_figures(report)[1]
    assert "I feel my career is on track" not in figure.alt
    assert "I am motivated to advance in rank: 0.09 (-0.45 to 0.64)" in figure.alt


def test_an_item_without_a_ci_is_a_dot_alone_and_no_item_no_figure():
    axes = forest_figure([Interval("One answer", 1.0, None, None),
                          Interval("Two", -0.5, -1.0, 0.25)], xlabel="").axes[0]
    assert [line.get_gid() for line in axes.lines] == ["One answer", "CI: Two", "Two",
                                                       "no change"]
    with pytest.raises(ValueError, match="no item to draw"):
        forest_figure([], xlabel="")
