"""The cohort report's downloads carry its engagement section, as the page shows it: the
engagement summary, participation by month and by weeks since each person's start (seed 000's
decline over the year), the topics discussed and the perceptions of the program, each a table
of the DOCX, of the XLSX and a CSV of its own, opened by its button on the page."""

from __future__ import annotations

import csv
import html
import io
import re

import docx
import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from mentora.programs.models import Cohort

MONTHS = "Mentees Meeting Their Mentors by Month"
WEEKS = "Mentees Meeting Their Mentors by Weeks Since Their Own Start"
NEW_TABLES = (
    "Mentee Engagement",
    MONTHS,
    WEEKS,
    "Topics Most Discussed in Mentoring Meetings",
    "Perceptions of the Program",
)

Rows = list[tuple[str, ...]]


@pytest.fixture
def clerkship(demo, client) -> Cohort:
    """Seed 000's clerkship in the session's demo, its coordinator signed in."""
    client.force_login(get_user_model().objects.get(username="coordinator@demo.mentora.test"))
    return Cohort.objects.get(program__slug="im-clerkship-near-peer")


def _text(cell: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<br>", "; ", cell))).strip()


def _page_table(page: str, after: str) -> Rows:
    """The first table after `after` on the page: each body row's cells as the reader sees
    them (a cell's lines joined by "; ")."""
    table = page[page.index(after) :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return [
        tuple(_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S))
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def _docx(client, cohort) -> dict[str, tuple[str, Rows]]:
    """Each table of the DOCX by its title without its number: its number ("Table 4") and its
    rows as text, a heading row (one cell across the table) as one cell."""
    url = reverse("evaluation_download", args=[cohort.pk, "docx"])
    document = docx.Document(io.BytesIO(client.get(url).content))
    titles = [p.text for p in document.paragraphs if p.text.startswith("Table ")]
    assert len(titles) == len(document.tables)
    found = {}
    for title, table in zip(titles, document.tables, strict=True):
        rows = [tuple(c.text for c in row.cells) for row in table.rows]
        rows = [row[:1] if len(set(row)) == 1 else row for row in rows]
        number, name = " ".join(title.split()[:2]), title.split(" ", 2)[2]
        found[name] = (number, rows)
    return found


def _xlsx(client, cohort) -> dict[str, Rows]:
    """Each sheet by its table's title (without its number): its rows as the cells print."""
    url = reverse("evaluation_download", args=[cohort.pk, "xlsx"])
    book = openpyxl.load_workbook(io.BytesIO(client.get(url).content))
    sheets = {}
    for sheet in book.worksheets:
        rows = [
            tuple("" if v is None else str(v) for v in values)
            for values in sheet.iter_rows(values_only=True)
        ]
        sheets[rows[0][0].split(" ", 2)[2]] = [tuple(c for c in r if c) for r in rows]
    return sheets


def test_the_downloads_carry_participation_by_month_as_the_page_shows_it(clerkship, client):
    page = client.get(reverse("evaluation_report", args=[clerkship.pk]))
    text = page.content.decode()
    shown = _page_table(text, "Data table: participation by month")
    months = page.context["report"].engagement.months
    assert len(shown) == len(months) >= 12 and shown[0][0] == "January 2026"
    assert [int(row[2]) for row in shown] == [m.meetings for m in months]
    # The month not ended yet is marked as the page marks it, never a fall.
    assert months[-1].in_progress and shown[-1][1].endswith(" so far: in progress")

    _, word = _docx(client, clerkship)[MONTHS]
    assert word[0] == ("Month", "Mentees Meeting", "Meetings Held")
    assert word[1:] == shown
    sheet = _xlsx(client, clerkship)[MONTHS]
    assert sheet[1] == ("Month", "Mentees Meeting", "Meetings Held")
    assert sheet[2 : 2 + len(shown)] == shown
    last = months[-1].month.strftime("%B %Y")
    assert (f"{last} has not ended: its figures are in progress, not a fall.",) in sheet


def test_the_engagement_summary_weeks_and_topics_print_the_pages_figures(clerkship, client):
    text = client.get(reverse("evaluation_report", args=[clerkship.pk])).content.decode()
    word = {name: rows for name, (_, rows) in _docx(client, clerkship).items()}
    summary = _page_table(text, 'aria-labelledby="engagement"')
    # Every figure of the page's engagement table; its last row only points to the attendance
    # section below it.
    assert summary[-1][0] == "Event attendance"
    assert word["Mentee Engagement"][1:] == summary[:-1]
    assert any(row[0].startswith("Mentees meeting, second half") for row in summary)
    weeks = _page_table(text, "Data table: participation by weeks since start")
    assert any(row[3].endswith("so far: in progress") for row in weeks)
    assert word[WEEKS][1:] == weeks
    topics = _page_table(text, 'aria-labelledby="topics"')
    assert word["Topics Most Discussed in Mentoring Meetings"][1:] == topics


def test_the_perceptions_table_prints_each_share_the_page_lists(clerkship, client):
    page = client.get(reverse("evaluation_report", args=[clerkship.pk]))
    report = page.context["report"]
    _, rows = _docx(client, clerkship)["Perceptions of the Program"]
    for agreement in report.agreements:
        heading = f"{agreement.label} ({agreement.wave}): {agreement.answer}"
        at = rows.index((heading,))
        for offset, found in enumerate(agreement.by_role, start=1):
            count = f"{found.count} of {found.n} ({100 * found.share:.0f}%"
            assert rows[at + offset][0] == found.group
            assert rows[at + offset][1].startswith(count)
            assert f"{found.group}: {rows[at + offset][1]}" in html.unescape(
                page.content.decode()
            )


def test_a_cell_the_page_suppresses_is_an_asterisk_and_the_new_tables_hide_nothing_more(
    clerkship, client
):
    text = client.get(reverse("evaluation_report", args=[clerkship.pk])).content.decode()
    blocks = _page_table(text, '<h3 id="blocks">')
    hidden = [row for row in blocks if "*" in row]
    assert hidden  # seed 000's small blocks: cells hidden on the page
    sheets = _xlsx(client, clerkship)
    in_file = {r[0]: r for r in sheets["Mentee Participation by Rotation Block"][2:] if r}
    for row in hidden:
        name = row[0].split(" (")[0]
        assert [c == "*" for c in in_file[name][2:8]] == [c == "*" for c in row[1:]]
    # The page hides none of the engagement figures: the file prints each one.
    for title in NEW_TABLES:
        assert not any("*" in cell for row in sheets[title][2:] for cell in row), title


def test_each_new_tables_csv_button_opens_that_table(clerkship, client):
    text = client.get(reverse("evaluation_report", args=[clerkship.pk])).content.decode()
    buttons = {
        name: html.unescape(href)
        for href, name in re.findall(r'href="([^"]*table-\d+\.csv[^"]*)">(Table \d+) \(CSV\)', text)
    }
    tables = _docx(client, clerkship)
    for title in NEW_TABLES:
        number, table = tables[title]
        response = client.get(buttons[number])
        assert response.status_code == 200
        rows = [tuple(r) for r in csv.reader(io.StringIO(response.content.decode()))]
        opened = [tuple(c for c in r if c) for r in rows[: len(table)]]
        assert opened == table, title
