"""Scholarly entries read through the one text reader: a spreadsheet or an export saved in
Windows-1252 is read with a warning on the page, and a workbook is read as a CSV is."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentora.evaluation.models import ScholarlyEntry

ENTRIES = [["email", "kind", "year", "title"],
           ["maya.mentee@example.edu", "publication", 2025, "Éducation médicale – “a study”"]]


def _post(client, world, name: str, data: dict) -> str:
    response = client.post(reverse(name, args=[world.cohort.pk]), data, follow=True)
    return str(response.content.decode())


def test_a_csv_in_windows_1252_is_read_and_the_page_says_so(world, login):
    text = "\n".join(",".join(str(c) for c in row) for row in ENTRIES) + "\n"
    page = _post(login(world.alice), world, "evaluation_csv_import",
                 {"entries": SimpleUploadedFile("entries.csv", text.encode("cp1252"))})
    assert "entries.csv: read as Windows-1252" in page
    assert ScholarlyEntry.objects.get(person=world.maya).title == ENTRIES[1][3]


def test_a_workbook_of_entries_is_read_with_its_numbers(world, login):
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in ENTRIES:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    page = _post(login(world.alice), world, "evaluation_csv_import",
                 {"entries": SimpleUploadedFile("entries.xlsx", buffer.getvalue())})
    assert "read as" not in page
    entry = ScholarlyEntry.objects.get(person=world.maya)
    assert (entry.year, entry.title) == (2025, ENTRIES[1][3])


def test_a_bibliography_in_windows_1252_is_read_and_the_page_says_so(world, login):
    ris = "TY  - JOUR\nTI  - Évaluer le mentorat\nPY  - 2025\nER  -\n"
    page = _post(login(world.alice), world, "evaluation_bibliography",
                 {"person": world.maya.pk,
                  "export": SimpleUploadedFile("export.ris", ris.encode("cp1252"))})
    assert "export.ris: read as Windows-1252" in page
    assert ScholarlyEntry.objects.get(person=world.maya).title == "Évaluer le mentorat"
