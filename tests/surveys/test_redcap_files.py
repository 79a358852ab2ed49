"""REDCap files as real projects and older versions write them: wide projects exported on
SQLite, Windows-1252 dictionaries and the 17 columns before Field Annotation, on the command
line."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

from django.core.management import call_command

from mentora.surveys.interchange.csvio import read_rows, write_rows
from mentora.surveys.interchange.dictionary import LONG_HEADERS
from mentora.surveys.models import Answer, Item
from mentora.surveys.redcap import do_import_redcap, export_redcap
from tests.fixtures import REDCAP

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
PROGRAM = REDCAP / "program"
FIELDS = 1_200


def test_a_project_of_1200_fields_is_imported_and_exported_cell_for_cell(world):
    """A prefetch of a thousand fields' answers was too deep a statement for SQLite
    ("Expression tree is too large")."""
    fields = [f"q{n}" for n in range(FIELDS)]
    dictionary = [list(LONG_HEADERS), ["record_id", "wide", "", "text", "Record ID", *[""] * 13]]
    dictionary += [[v, "wide", "", "text", f"Question {v}", *[""] * 13] for v in fields]
    records = [["record_id", *fields, "wide_complete"],
               ["1", *(f"a{n}" for n in range(FIELDS)), "2"],
               ["2", *(f"b{n}" for n in range(FIELDS)), "2"]]
    do_import_redcap(world.cohort, write_rows(dictionary), write_rows(records), NOW, name="wide")
    assert Answer.objects.count() == 2 * FIELDS
    exported = export_redcap(world.cohort)
    assert read_rows(exported.records) == records
    assert read_rows(exported.dictionary) == dictionary


def _command(*arguments: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("redcap", "import", *arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_windows_1252_dictionary_is_read_on_the_command_line_with_a_warning(world, tmp_path):
    text = (PROGRAM / "dictionary.csv").read_text(encoding="utf-8")
    text = text.replace("Your email address", "Adresse e-mail de l’élève")
    dictionary = tmp_path / "dictionary.csv"
    dictionary.write_bytes(text.encode("cp1252"))
    out, err = _command("--dictionary", str(dictionary), "--records", str(PROGRAM / "data.csv"),
                        "--events", str(PROGRAM / "event.csv"), "--cohort", str(world.cohort.pk))
    assert "read as Windows-1252" in err and str(dictionary) in err
    assert "imported 10 rows" in out
    assert Item.objects.get(variable="email").label == "Adresse e-mail de l’élève"


def test_a_17_column_dictionary_of_an_older_redcap_is_imported(world, tmp_path):
    rows = read_rows((PROGRAM / "dictionary.csv").read_text(encoding="utf-8"))
    dictionary = tmp_path / "dictionary.csv"
    dictionary.write_text(write_rows([row[:17] for row in rows]), encoding="utf-8")
    out, _ = _command("--dictionary", str(dictionary), "--records", str(PROGRAM / "data.csv"),
                      "--events", str(PROGRAM / "event.csv"), "--cohort", str(world.cohort.pk))
    assert "imported 10 rows" in out
    assert Item.objects.get(variable="conf_career").type == "likert"
