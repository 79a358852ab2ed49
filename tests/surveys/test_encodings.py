"""REDCap and Qualtrics files read through the one text reader: a file read as Windows-1252
says so on the page and on the command line; a file that is not text is a message there, never
a traceback."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from mentora.surveys.models import Answer, Wave
from tests.fixtures import QUALTRICS, REDCAP

SURVEY = REDCAP / "survey"


def _cp1252_records() -> bytes:
    text = (SURVEY / "data.csv").read_text(encoding="utf-8")
    return text.replace("Maya Mentee", "Maëlle Mentée").encode("cp1252")


def test_the_page_says_a_records_file_was_read_as_windows_1252(world, login):
    client = login(world.alice)
    response = client.post(
        reverse("survey_import_redcap", args=[world.cohort.pk]),
        {
            "dictionary": SimpleUploadedFile("dictionary.csv", (SURVEY / "dictionary.csv")
                                             .read_bytes()),
            "records": SimpleUploadedFile("data.csv", _cp1252_records()),
            "name": "survey",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "data.csv: read as Windows-1252" in page
    assert "Maëlle Mentée" in list(Answer.objects.values_list("value", flat=True))


def test_the_command_line_says_a_records_file_was_read_as_windows_1252(world, tmp_path, capsys):
    records = tmp_path / "data.csv"
    records.write_bytes(_cp1252_records())
    call_command("redcap", "import", "--dictionary", str(SURVEY / "dictionary.csv"),
                 "--records", str(records), "--cohort", str(world.cohort.pk), "--dry-run")
    captured = capsys.readouterr()
    assert f"warning: {records}: read as Windows-1252" in captured.err
    assert "would import 3 rows" in captured.out


@pytest.mark.parametrize("content", [b"PK\x03\x04" + bytes(64), b"a,b\n\x00\x01\x02garbage"])
def test_a_file_that_is_not_text_is_a_message_on_the_command_line(world, tmp_path, content):
    export = tmp_path / "export.csv"
    export.write_bytes(content)
    with pytest.raises(CommandError, match=r"export\.csv: is not a text file"):
        call_command("qualtrics", "import", "--file", str(export), "--cohort",
                     str(world.cohort.pk), "--wave", "Pilot", "--identifiers", "drop")
    assert not Wave.objects.exists()


def test_a_qualtrics_export_in_utf16_says_nothing_on_the_command_line(world, tmp_path, capsys):
    export = tmp_path / "export.csv"
    export.write_bytes((QUALTRICS / "qualtrics_export.csv").read_text(encoding="utf-8-sig")
                       .encode("utf-16"))
    call_command("qualtrics", "import", "--file", str(export), "--cohort", str(world.cohort.pk),
                 "--wave", "Pilot", "--identifiers", "drop")
    assert "warning" not in capsys.readouterr().err
    assert Wave.objects.filter(label="Pilot").exists()
