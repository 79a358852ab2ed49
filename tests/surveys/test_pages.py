"""The coordinator's survey pages: waves, invitations, imports with clear errors, exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentora.audit.models import AuditEvent
from mentora.surveys.actions import do_create_wave, do_send_invitations
from mentora.surveys.library import LIBRARY
from mentora.surveys.models import Instrument, Response, Wave
from tests.fixtures import QUALTRICS, REDCAP


def _upload(path: Path, name: str | None = None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/csv")


def test_a_coordinator_creates_a_wave_and_invites_the_mentees(world, login):
    client = login(world.alice)
    page = client.get(f"/cohorts/{world.cohort.pk}/surveys/")
    assert page.status_code == 200 and b"Clerkship mentoring survey" in page.content
    survey = Instrument.objects.get(name="clerkship_survey")
    created = client.post(
        f"/cohorts/{world.cohort.pk}/surveys/waves/",
        {
            "instrument": survey.pk,
            "label": "Post",
            "time_point": "end_of_clerkship",
            "opens_on": "2026-01-01",
            "closes_on": "2099-01-01",
        },
    )
    wave = Wave.objects.get()
    assert created.url == f"/surveys/waves/{wave.pk}/"
    client.post(f"/surveys/waves/{wave.pk}/invite/", {"role": "mentee"})
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.maya.email, world.nina.email])
    rates = client.get(f"/cohorts/{world.cohort.pk}/surveys/rates/")
    assert b"0% (0 of 2)" in rates.content


def test_a_wave_that_closes_before_it_opens_is_refused(world, login):
    client = login(world.alice)
    survey = Instrument.objects.get(name="clerkship_survey")
    page = client.post(
        f"/cohorts/{world.cohort.pk}/surveys/waves/",
        {
            "instrument": survey.pk,
            "label": "Post",
            "time_point": "other",
            "opens_on": "2026-05-01",
            "closes_on": "2026-04-01",
        },
    )
    assert page.status_code == 400 and b"close on or after" in page.content


@pytest.mark.parametrize("project", ["longitudinal", "survey"])
def test_import_and_download_through_the_pages(world, login, project):
    client = login(world.alice)
    folder = REDCAP / project
    files = {
        "dictionary": _upload(folder / "dictionary.csv"),
        "records": _upload(folder / "data.csv"),
        "name": project.replace("-", "_"),
    }
    if (folder / "event.csv").exists():
        files["events"] = _upload(folder / "event.csv")
    done = client.post(f"/cohorts/{world.cohort.pk}/surveys/import/redcap/", files, follow=True)
    assert b"imported" in done.content
    name = project.replace("-", "_")
    events = f"/cohorts/{world.cohort.pk}/surveys/export/{name}/events.csv"
    assert (events in done.content.decode()) == (project == "longitudinal")
    # The file comes back byte for byte to a coordinator a site admin gave the full right.
    from mentora.programs.models import ProgramCoordinator

    ProgramCoordinator.objects.filter(user=world.alice).update(export_right="full")
    records = client.get(f"/cohorts/{world.cohort.pk}/surveys/export/{name}/records.csv")
    assert records["Content-Type"].startswith("text/csv")
    assert records.content.decode() == (folder / "data.csv").read_text(encoding="utf-8")


def test_a_bad_import_page_lists_every_problem_and_imports_nothing(world, login, tmp_path):
    bad = tmp_path / "data.csv"
    text = (REDCAP / "survey" / "data.csv").read_text()
    bad.write_text(text.replace(",3,C,1,", ",3,Z,1,", 1))  # no track Z
    page = login(world.alice).post(
        f"/cohorts/{world.cohort.pk}/surveys/import/redcap/",
        {
            "dictionary": _upload(REDCAP / "survey" / "dictionary.csv"),
            "records": _upload(bad),
            "name": "s",
        },
    )
    assert page.status_code == 400
    assert b"Nothing was imported" in page.content
    assert b"data.csv, row 2, column &#x27;track&#x27;" in page.content
    assert not Response.objects.exists()


def test_qualtrics_import_through_the_page(world, login):
    page = login(world.alice).post(
        f"/cohorts/{world.cohort.pk}/surveys/import/qualtrics/",
        {
            "export": _upload(QUALTRICS / "qualtrics_export.csv"),
            "label": "Pilot",
            "name": "pilot",
            "identifiers": "drop",
            "anonymous": "on",
        },
        follow=True,
    )
    assert b"dropped" in page.content
    assert Wave.objects.get().anonymous


def test_library_dictionaries_download_for_coordinators_only(world, login):
    client = login(world.alice)
    survey = Instrument.objects.get(name="faculty_career_survey")
    download = client.get(f"/surveys/instruments/{survey.pk}/dictionary.csv")
    assert download.content.startswith(b'"Variable / Field Name"')
    assert (
        login(world.maya).get(f"/surveys/instruments/{survey.pk}/dictionary.csv").status_code == 404
    )


def test_the_library_is_there_after_migrate_and_the_command_loads_nothing_new(db, capsys):
    """The test database is built by `migrate`, which loads the seed instruments."""
    library = Instrument.objects.filter(in_library=True)
    assert sorted(library.values_list("name", flat=True)) == sorted(LIBRARY)
    call_command("survey_library")
    assert "clerkship_survey: version 1" in capsys.readouterr().out
    assert library.count() == len(LIBRARY)


def test_reading_the_survey_pages_writes_nothing(world, login):
    now = timezone.now()
    survey = Instrument.objects.get(name="clerkship_survey")
    wave = do_create_wave(world.cohort, survey, "Post", date(2026, 1, 1), date(2099, 1, 1), now)
    do_send_invitations(wave, now)
    client = login(world.alice)
    pages = [
        f"/cohorts/{world.cohort.pk}/surveys/",
        f"/cohorts/{world.cohort.pk}/surveys/rates/",
        f"/surveys/waves/{wave.pk}/",
        f"/surveys/instruments/{survey.pk}/dictionary.csv",
        f"/cohorts/{world.cohort.pk}/surveys/export/clerkship_survey/records.csv",
    ]
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE", "REPLACE"}
        ]
        # Only the audit trail is written: a download of records is logged (issue 11).
        assert [w for w in writes if not w.startswith('INSERT INTO "audit_auditevent"')] == [], url
    exported = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT)
    assert [(e.actor_id, e.object_label, e.note) for e in exported] == [
        (world.alice.pk, str(world.cohort), "survey clerkship_survey records, tier deidentified")
    ]
