"""The command line for data managers: redcap import/export, qualtrics import, reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from mentora.surveys.actions import do_create_wave, do_send_invitations
from mentora.surveys.interchange.csvio import read_rows
from mentora.surveys.library import ensure_library
from mentora.surveys.models import Response, Wave
from tests.fixtures import QUALTRICS, REDCAP


def _cohort_arg(cohort) -> str:
    return f"{cohort.program.slug}/{cohort.academic_year}"


def test_redcap_import_then_export_on_the_command_line(world, tmp_path, capsys):
    folder = REDCAP / "longitudinal"
    call_command(
        "redcap",
        "import",
        "--dictionary",
        str(folder / "dictionary.csv"),
        "--records",
        str(folder / "data.csv"),
        "--events",
        str(folder / "event.csv"),
        "--cohort",
        _cohort_arg(world.cohort),
    )
    assert "14 rows" in capsys.readouterr().out
    out_dict, out_records = tmp_path / "d.csv", tmp_path / "r.csv"
    call_command(
        "redcap",
        "export",
        "--cohort",
        str(world.cohort.pk),
        "--dictionary",
        str(out_dict),
        "--records",
        str(out_records),
    )
    assert read_rows(out_records.read_text()) == read_rows((folder / "data.csv").read_text())
    assert len(read_rows(out_dict.read_text())) == len(
        read_rows((folder / "dictionary.csv").read_text())
    )


def test_dry_run_reports_and_writes_nothing(world, capsys):
    folder = REDCAP / "survey"
    call_command(
        "redcap",
        "import",
        "--dictionary",
        str(folder / "dictionary.csv"),
        "--records",
        str(folder / "data.csv"),
        "--cohort",
        str(world.cohort.pk),
        "--dry-run",
    )
    assert "would import 3 rows" in capsys.readouterr().out
    assert not Wave.objects.exists()


def test_a_bad_file_fails_naming_row_and_column(world, tmp_path):
    bad = tmp_path / "data.csv"
    text = (REDCAP / "longitudinal" / "data.csv").read_text()
    bad.write_text(text.replace("2025-07-01,1,im,", "2025-07-01,7,im,"))  # no role 7
    with pytest.raises(CommandError) as caught:
        call_command(
            "redcap",
            "import",
            "--dictionary",
            str(REDCAP / "longitudinal" / "dictionary.csv"),
            "--records",
            str(bad),
            "--cohort",
            str(world.cohort.pk),
        )
    assert "row 2" in str(caught.value) and "'role'" in str(caught.value)
    assert not Response.objects.exists()


def test_an_unknown_cohort_is_explained(db):
    with pytest.raises(CommandError, match="program slug"):
        call_command(
            "redcap", "export", "--cohort", "nope/2020", "--dictionary", "x", "--records", "y"
        )


@pytest.mark.parametrize("policy", ["drop", "keep"])
def test_qualtrics_import_on_the_command_line(world, policy, capsys):
    call_command(
        "qualtrics",
        "import",
        "--file",
        str(QUALTRICS / "qualtrics_export.csv"),
        "--cohort",
        str(world.cohort.pk),
        "--wave",
        "Pilot",
        "--identifiers",
        policy,
        *(["--identified"] if policy == "keep" else []),
    )
    out = capsys.readouterr().out
    assert ("dropped" in out) == (policy == "drop")
    assert ("sensitive" in out) == (policy == "keep")


def test_send_survey_reminders_sends_what_is_due(world, capsys):
    now = timezone.now()
    library = ensure_library(now)
    today = timezone.localdate(now)
    wave = do_create_wave(
        world.cohort,
        library["clerkship_survey"],
        "Post",
        today - timedelta(days=10),
        today + timedelta(days=10),
        now,
    )
    do_send_invitations(wave, now - timedelta(days=8))
    mail.outbox.clear()
    call_command("send_survey_reminders")
    assert "Sent 2 reminders" in capsys.readouterr().out
    assert len(mail.outbox) == 2
    call_command("send_survey_reminders")
    assert "Sent 0 reminders" in capsys.readouterr().out
