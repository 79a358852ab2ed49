"""Scholarly entries by hand, by CSV (all-or-nothing, errors by row and column) and from
PubMed, BibTeX and RIS exports attributed to a chosen person; a second import adds nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentora.evaluation.models import ScholarlyEntry

NBIB = """PMID- 31234567
TI  - Near-peer mentoring in the internal medicine clerkship.
DP  - 2024 Mar
PT  - Journal Article

PMID- 31234568
TI  - Coaching residents on the wards.
DP  - 2025
PT  - Journal Article
"""
RIS = """TY  - GRANT
TI  - Mentoring clinician educators
PY  - 2025
ER  -
"""
BIBTEX = """@inproceedings{key1, title={Workshop on feedback}, booktitle={SGIM Annual Meeting},
year={2026}}
"""


def _post(client, cohort, name, data):
    return client.post(reverse(name, args=[cohort.pk]), data)


def test_csv_all_or_nothing_with_row_and_column_errors(world, login):
    """A file with one bad cell writes nothing and names the row and column."""
    client = login(world.alice)
    text = ("email,kind,year,title\nmaya.mentee@example.edu,publication,2025,Paper A\n"
            "nobody@example.edu,publication,2025,Paper B\n"
            "maya.mentee@example.edu,poster,20x5,\n")
    response = _post(client, world.cohort, "evaluation_csv_import",
                     {"entries": SimpleUploadedFile("e.csv", text.encode())})
    page = response.content.decode()
    assert response.status_code == 400
    for error in ("Row 3, column email", "Row 4, column kind", "Row 4, column year",
                  "Row 4, column title"):
        assert error in page
    assert ScholarlyEntry.objects.count() == 0


def test_csv_adds_entries_once(world, login):
    """A good file adds its rows; uploading it again adds nothing."""
    client = login(world.alice)
    text = ("email,kind,year,title\nmaya.mentee@example.edu,publication,2025,Paper A\n"
            "Nina.Other@example.edu,grant,2024,R01 on mentoring\n")
    for _ in range(2):
        _post(client, world.cohort, "evaluation_csv_import",
              {"entries": SimpleUploadedFile("e.csv", text.encode())})
    assert sorted(ScholarlyEntry.objects.values_list("person__full_name", "kind")) == [
        ("Maya Mentee", "publication"), ("Nina Other", "grant")]


@pytest.mark.parametrize(("filename", "text", "kinds"), [
    ("pubmed.nbib", NBIB, ["publication", "publication"]),
    ("export.ris", RIS, ["grant"]),
    ("talks.bib", BIBTEX, ["presentation"]),
])
def test_bibliography_exports_are_attributed_to_the_chosen_person(world, login, filename, text,
                                                                   kinds):
    """Each format's entries land on the chosen person with the kind the file tells."""
    client = login(world.alice)
    _post(client, world.cohort, "evaluation_bibliography",
          {"person": world.maya.pk, "export": SimpleUploadedFile(filename, text.encode())})
    entries = ScholarlyEntry.objects.filter(person=world.maya)
    assert sorted(entries.values_list("kind", flat=True)) == sorted(kinds)


def test_bad_bibliography_says_where(world, login):
    """A file that is no known export is refused with its name; nothing is written."""
    response = _post(login(world.alice), world.cohort, "evaluation_bibliography",
                     {"person": world.maya.pk,
                      "export": SimpleUploadedFile("notes.txt", b"hello world")})
    assert response.status_code == 400
    assert "notes.txt" in response.content.decode()
    assert not ScholarlyEntry.objects.exists()


def test_hand_entry_and_table_3_on_the_report(world, login):
    """An entry added by hand counts in Table 3 for the periods the coordinator chose."""
    client = login(world.alice)
    _post(client, world.cohort, "evaluation_add_entry",
          {"person": world.maya.pk, "kind": "publication", "year": 2027, "title": "Paper"})
    page = client.get(reverse("evaluation_report", args=[world.cohort.pk]),
                      {"period1": "2023-2026", "period2": "2027-2029"}).content.decode()
    assert "Time 1 2023-2026" in page and "Time 2 2027-2029" in page
    assert "Cohort Total (n = 2)" in page  # Maya and Nina, the cohort's mentees


def test_bad_period_is_explained(world, login):
    """A period that is not two years is refused with the field named."""
    response = login(world.alice).get(reverse("evaluation_report", args=[world.cohort.pk]),
                                      {"period1": "2013-2011"})
    assert response.status_code == 400
    assert "Time 1: 2013 comes after 2011" in response.content.decode()
