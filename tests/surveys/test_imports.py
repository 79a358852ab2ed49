"""Imports in bulk, and large imports on the job queue (run in process under tests, `sync`).

A coordinator uploads a file larger than SURVEY_IMPORT_QUEUE_ROWS: the page hands it to a job
and shows the job, then what was imported or every bad cell; nothing is half-written, and a
second delivery of the job imports nothing again.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentora.jobs.models import Job
from mentora.jobs.queue import run_job
from mentora.surveys import bulk, imports
from mentora.surveys.interchange.csvio import read_rows, write_rows
from mentora.surveys.models import (
    Answer,
    Instrument,
    Respondent,
    Response,
    SurveyImport,
    SurveyImportFile,
    Wave,
)
from mentora.surveys.qualtrics_import import do_import_qualtrics
from mentora.surveys.redcap import do_import_redcap, export_redcap
from tests.fixtures import QUALTRICS, REDCAP

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
LONGITUDINAL = REDCAP / "longitudinal"


@pytest.fixture
def queue_above_two(settings):
    """Any file of more than two rows is large."""
    settings.SURVEY_IMPORT_QUEUE_ROWS = 2


def _upload(path: Path, text: str | None = None):
    content = path.read_bytes() if text is None else text.encode()
    return SimpleUploadedFile(path.name, content, content_type="text/csv")


def _longitudinal(records: str | None = None) -> dict:
    return {
        "dictionary": _upload(LONGITUDINAL / "dictionary.csv"),
        "records": _upload(LONGITUDINAL / "data.csv", records),
        "events": _upload(LONGITUDINAL / "event.csv"),
        "name": "longitudinal",
    }


def _data_rows() -> int:
    return len(read_rows((LONGITUDINAL / "data.csv").read_text(encoding="utf-8"))) - 1


def _post_redcap(client, cohort, files):
    return client.post(f"/cohorts/{cohort.pk}/surveys/import/redcap/", files)


def test_a_large_redcap_import_runs_as_a_job_and_its_page_shows_what_it_imported(
    world, login, queue_above_two
):
    client = login(world.alice)
    sent = _post_redcap(client, world.cohort, _longitudinal())
    survey_import = SurveyImport.objects.get()
    assert sent.status_code == 302 and sent.url == f"/surveys/imports/{survey_import.pk}/"
    job = survey_import.job
    assert (job.kind, job.state, job.owner) == ("surveys.import", Job.State.DONE, world.alice)

    page = client.get(sent.url)
    assert page.status_code == 200
    assert b"Imported" in page.content
    assert f"imported {_data_rows()} rows".encode() in page.content
    assert Response.objects.count() == _data_rows()
    # What went in is the file, cell for cell; the uploaded files are not kept.
    exported = export_redcap(world.cohort).records
    assert exported == (LONGITUDINAL / "data.csv").read_text(encoding="utf-8")
    assert not SurveyImportFile.objects.exists()
    # The cohort's page lists it.
    listed = client.get(f"/cohorts/{world.cohort.pk}/surveys/")
    assert f'href="/surveys/imports/{survey_import.pk}/"'.encode() in listed.content


def test_a_bad_file_in_the_large_path_writes_nothing_and_names_the_bad_cell(
    world, login, queue_above_two
):
    rows = read_rows((LONGITUDINAL / "data.csv").read_text(encoding="utf-8"))
    rows[3][rows[0].index("meeting_topic")] = "forty"
    instruments = Instrument.objects.count()
    client = login(world.alice)
    sent = _post_redcap(client, world.cohort, _longitudinal(write_rows(rows)))
    page = client.get(sent.url)
    assert page.status_code == 200
    assert b"Nothing was imported" in page.content
    assert b"data.csv, row 4, column &#x27;meeting_topic&#x27;" in page.content
    assert b"forty" in page.content
    assert SurveyImport.objects.get().state == SurveyImport.State.FAILED
    assert not Response.objects.exists() and not Wave.objects.exists()
    assert not Respondent.objects.exists() and Instrument.objects.count() == instruments


def test_a_second_delivery_of_a_done_import_imports_nothing_again(world, login, queue_above_two):
    _post_redcap(login(world.alice), world.cohort, _longitudinal())
    survey_import = SurveyImport.objects.get()
    job = survey_import.job
    assert run_job(job.pk) == "nothing to do"
    # The worker died after the import committed, before the queue heard: delivered again.
    long_ago = timezone.now() - timedelta(hours=2)
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, started_at=long_ago, updated_at=long_ago
    )
    assert run_job(job.pk) == survey_import.summary
    assert imports.run_import_job(job, survey_import.pk) == survey_import.summary
    assert Response.objects.count() == _data_rows()
    events = len(read_rows((LONGITUDINAL / "event.csv").read_text(encoding="utf-8"))) - 1
    assert Wave.objects.count() == events  # one wave per event of the project, once


def test_an_import_whose_job_fails_says_so_and_writes_nothing(
    world, login, queue_above_two, monkeypatch
):
    def out_of_memory(*args, **kwargs):
        raise MemoryError("the worker ran out of memory")

    monkeypatch.setattr(imports, "write", out_of_memory)
    client = login(world.alice)
    sent = _post_redcap(client, world.cohort, _longitudinal())
    page = client.get(sent.url)
    assert b"Nothing was imported" in page.content
    assert b"The import stopped before it finished" in page.content
    assert SurveyImport.objects.get().job.state == Job.State.FAILED
    assert not Response.objects.exists() and not SurveyImportFile.objects.exists()


def test_small_files_are_imported_during_the_request(world, login):
    sent = _post_redcap(login(world.alice), world.cohort, _longitudinal())
    assert sent.url == f"/cohorts/{world.cohort.pk}/surveys/"
    assert not SurveyImport.objects.exists() and not Job.objects.exists()
    assert Response.objects.count() == _data_rows()


def test_a_large_qualtrics_export_runs_as_a_job(world, login, queue_above_two):
    client = login(world.alice)
    sent = client.post(
        f"/cohorts/{world.cohort.pk}/surveys/import/qualtrics/",
        {
            "export": _upload(QUALTRICS / "qualtrics_export.csv"),
            "label": "Pilot",
            "name": "pilot",
            "identifiers": "drop",
            "anonymous": "on",
        },
    )
    page = client.get(sent.url)
    assert b"Imported 3 responses" in page.content
    wave = Wave.objects.get()
    assert wave.anonymous and wave.responses.count() == 3
    assert not wave.responses.exclude(respondent=None).exists()


def test_another_program_s_coordinator_cannot_see_an_import(world, login, queue_above_two):
    _post_redcap(login(world.alice), world.cohort, _longitudinal())
    survey_import = SurveyImport.objects.get()
    assert login(world.bob).get(f"/surveys/imports/{survey_import.pk}/").status_code == 404


def test_a_file_that_is_not_text_is_refused_with_a_message(world, login):
    """(A Latin-1 or UTF-16 file is read: tests/security/test_bad_input.py.)"""
    files = _longitudinal()
    files["records"] = SimpleUploadedFile("data.xlsx", b"PK\x03\x04" + bytes(200))
    page = _post_redcap(login(world.alice), world.cohort, files)
    assert page.status_code == 400
    assert b"data.xlsx: is not a text file (a zipped file, such as an Excel" in page.content


def _survey_project(records: int) -> tuple[str, str]:
    """A two-form project of `records` records: a choice, a checkbox and a note."""
    dictionary = (REDCAP / "survey" / "dictionary.csv").read_text(encoding="utf-8").splitlines()
    lines = [
        dictionary[0],
        'record_id,first,,text,"Record ID",,,,,,,,,,,,,',
        'mood,first,,radio,Mood,"1, Low | 2, High",,,,,,,,,,,,',
        'topics,second,,checkbox,Topics,"1, Career | 2, Research",,,,,,,,,,,,',
        'note,second,,notes,Note,,,,,,,,,,,,,',
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["record_id", "mood", "first_complete", "topics___1", "topics___2", "note"]
    writer.writerow([*header, "second_complete"])
    for number in range(records):
        writer.writerow([f"R{number}", str(1 + number % 2), "2", "1", str(number % 2),
                         f"note {number}, with a comma", "1"])
    return "\n".join(lines) + "\n", out.getvalue()


def _queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


def test_a_redcap_import_runs_as_many_queries_for_many_rows_as_for_few(world):
    few = _survey_project(3)
    many = _survey_project(60)
    counted = [
        _queries(lambda p=project, n=name: do_import_redcap(world.cohort, *p, NOW, name=n))
        for project, name in ((few, "few"), (many, "many"))
    ]
    assert counted[0] == counted[1]
    assert Response.objects.filter(wave__instrument__name="many").count() == 60
    answer = Answer.objects.get(response__record_id="R7", item__variable="topics")
    assert answer.value == ["1", "2"]
    assert Answer.objects.get(response__record_id="R7", item__variable="note").value == (
        "note 7, with a comma"
    )


def test_a_qualtrics_import_runs_as_many_queries_for_many_rows_as_for_few(world):
    rows = read_rows((QUALTRICS / "qualtrics_export.csv").read_text(encoding="utf-8"))
    header, body = rows[:3], rows[3:]
    column = header[0].index("ResponseId")

    def export(copies: int) -> str:
        made = []
        for copy in range(copies):
            for row in body:
                changed = list(row)
                changed[column] = f"{row[column]}_{copy}"
                made.append(changed)
        return write_rows([*header, *made])

    counted = [
        _queries(
            lambda c=copies: do_import_qualtrics(
                world.cohort, export(c), NOW, identifiers="drop", label=f"x{c}", name=f"q{c}",
                anonymous=False,
            )
        )
        for copies in (1, 15)
    ]
    assert counted[0] == counted[1]
    identified = Wave.objects.get(label="x15").responses.exclude(respondent=None)
    assert identified.count() == 15 * len(body)


def test_an_error_while_writing_leaves_nothing_half_written(world, monkeypatch):
    real_insert = bulk.RowWriter.insert

    def insert(self, rows):
        if "answer" in self._table:
            raise RuntimeError("the disk is full")
        return real_insert(self, rows)

    monkeypatch.setattr(bulk.RowWriter, "insert", insert)
    instruments = Instrument.objects.count()
    with pytest.raises(RuntimeError):
        do_import_redcap(world.cohort, *_survey_project(10), NOW, name="full")
    assert not Response.objects.exists() and not Respondent.objects.exists()
    assert not Wave.objects.exists() and Instrument.objects.count() == instruments


def test_the_page_follows_the_job_until_a_worker_has_run_it(
    world, login, queue_above_two, settings
):
    """With a real queue the job waits for a worker; the page shows its progress meanwhile."""
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": False}
    client = login(world.alice)
    sent = _post_redcap(client, world.cohort, _longitudinal())
    survey_import = SurveyImport.objects.get()
    waiting = client.get(sent.url)
    assert f'data-job-url="/jobs/{survey_import.job_id}/"'.encode() in waiting.content
    assert b"Waiting for a worker" in waiting.content
    assert not Response.objects.exists()
    assert SurveyImportFile.objects.filter(survey_import=survey_import).count() == 3

    run_job(survey_import.job_id)  # what `mentora worker` does with the task
    done = client.get(sent.url)
    assert b"data-job-url" not in done.content
    assert f"imported {_data_rows()} rows".encode() in done.content
    assert Response.objects.count() == _data_rows()


def test_answers_go_with_their_wave_and_keep_their_items(world):
    """Answers' keys are checked by Django, not by database constraints (models.Answer): a
    deleted wave takes its answers along, and an answered item cannot be deleted."""
    from django.db.models import ProtectedError

    do_import_redcap(world.cohort, *_survey_project(5), NOW, name="kept")
    do_import_redcap(world.cohort, *_survey_project(4), NOW, name="gone")
    Wave.objects.get(instrument__name="gone").delete()
    assert set(Answer.objects.values_list("response__wave__instrument__name", flat=True)) == {
        "kept"
    }
    assert Answer.objects.count() == 5 * 3  # mood, topics and note of 5 records
    item = Answer.objects.filter(item__variable="mood").first().item
    with pytest.raises(ProtectedError):
        item.delete()
    orphans = Answer.objects.exclude(response__in=Response.objects.all())
    assert not orphans.exists()
