"""The import page: a new project named after its file, or one of the cohort's updated in
place, with the preview's counts before anything is written, and a project's tables back."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mentora.surveys.interchange.csvio import read_rows, write_rows
from mentora.surveys.models import Answer, Response, SurveyImport, SurveyProject
from tests.fixtures import REDCAP

LONGITUDINAL = REDCAP / "longitudinal"
TABLES = {"arms": "arm.csv", "mapping": "mapping.csv", "groups": "groups.csv",
          "repeating": "repeating.csv"}


def _upload(path: Path, text: str | None = None) -> SimpleUploadedFile:
    content = path.read_bytes() if text is None else text.encode()
    return SimpleUploadedFile(path.name, content, content_type="text/csv")


def _files(records: str | None = None, **fields: object) -> dict[str, object]:
    return {
        "dictionary": _upload(LONGITUDINAL / "dictionary.csv"),
        "records": _upload(LONGITUDINAL / "data.csv", records),
        "events": _upload(LONGITUDINAL / "event.csv"),
        **fields,
    }


def _post(client, cohort, files):
    return client.post(f"/cohorts/{cohort.pk}/surveys/import/redcap/", files, follow=True)


def _messages(page) -> list[str]:
    return [str(message) for message in page.context["messages"]]


def test_the_page_updates_a_project_in_place_after_a_preview(world, login):
    client = login(world.alice)
    tables = {part: _upload(LONGITUDINAL / name) for part, name in TABLES.items()}
    first = _post(client, world.cohort, _files(**tables))
    assert SurveyProject.objects.get().name == "dictionary"
    assert "added 14" in _messages(first)[0]
    # The cohort page offers the project to import into, and its tables to download.
    page = client.get(f"/cohorts/{world.cohort.pk}/surveys/")
    assert b'<option value="dictionary">dictionary</option>' in page.content
    for part, name in TABLES.items():
        url = f"/cohorts/{world.cohort.pk}/surveys/export/dictionary/{part}.csv"
        assert url.encode() in page.content
        assert client.get(url).content == (LONGITUDINAL / name).read_bytes()

    rows = read_rows((LONGITUDINAL / "data.csv").read_text(encoding="utf-8"))
    rows[1][rows[0].index("stress")] = "12"
    changed = write_rows(rows)
    answers = dict(Answer.objects.values_list("pk", "value"))
    preview = _post(client, world.cohort, _files(changed, into="dictionary", dry_run="on"))
    assert "would add 0, would update 1, would leave 13 unchanged" in _messages(preview)[0]
    assert dict(Answer.objects.values_list("pk", "value")) == answers

    done = _post(client, world.cohort, _files(changed, into="dictionary"))
    assert "added 0, updated 1, left 13 unchanged" in _messages(done)[0]
    after = dict(Answer.objects.values_list("pk", "value"))
    assert [pk for pk in answers if answers[pk] != after[pk]] == [
        Answer.objects.get(item__variable="stress", response__record_id="101",
                           response__wave__event_name="baseline_arm_1").pk]
    assert Response.objects.count() == 14 and SurveyProject.objects.count() == 1


def test_a_second_project_of_the_same_file_name_gets_its_own_name(world, login):
    client = login(world.alice)
    _post(client, world.cohort, _files())
    _post(client, world.cohort, _files())
    assert sorted(SurveyProject.objects.values_list("name", flat=True)) == [
        "dictionary", "dictionary-2"]


def test_a_name_and_a_project_to_import_into_are_not_both_taken(world, login):
    client = login(world.alice)
    _post(client, world.cohort, _files())
    page = _post(client, world.cohort, _files(into="dictionary", name="other"))
    assert page.status_code == 400
    assert b"leave it blank to import into an existing one" in page.content
    assert not SurveyImport.objects.exists() and Response.objects.count() == 14


def test_another_cohort_s_project_cannot_be_chosen(world, login):
    from mentora.surveys.redcap import do_import_redcap

    text = {name: (LONGITUDINAL / f"{name}.csv").read_text(encoding="utf-8")
            for name in ("dictionary", "data", "event")}
    do_import_redcap(world.faculty_cohort, text["dictionary"], text["data"], timezone.now(),
                     events=text["event"], name="dictionary")
    page = _post(login(world.alice), world.cohort, _files(into="dictionary"))
    assert page.status_code == 400
    assert b"Select a valid choice" in page.content
    assert Response.objects.filter(wave__cohort=world.cohort).count() == 0


def test_a_large_import_into_a_project_runs_as_a_job_and_updates_in_place(
    world, login, settings
):
    client = login(world.alice)
    _post(client, world.cohort, _files())
    responses = list(Response.objects.order_by("pk").values_list("pk", flat=True))
    settings.SURVEY_IMPORT_QUEUE_ROWS = 2
    tables = {part: _upload(LONGITUDINAL / name) for part, name in TABLES.items()}
    _post(client, world.cohort, _files(into="dictionary", **tables))
    queued = SurveyImport.objects.get()
    assert queued.state == SurveyImport.State.DONE, queued.problems
    assert "added 0, updated 0, left 14 unchanged" in queued.summary
    assert list(Response.objects.order_by("pk").values_list("pk", flat=True)) == responses
    assert SurveyProject.objects.get().arms["rows"][1]["name"] == "Waiting list"


def test_a_qualtrics_export_is_imported_into_its_project_from_the_page(world, login):
    from tests.fixtures import QUALTRICS

    client = login(world.alice)
    url = f"/cohorts/{world.cohort.pk}/surveys/import/qualtrics/"

    def send(**fields: object):
        export = _upload(QUALTRICS / "qualtrics_export.csv")
        return client.post(url, {"export": export, "identifiers": "drop", **fields}, follow=True)

    send(label="Pilot", anonymous="on")
    assert SurveyProject.objects.get(kind="qualtrics").name == "qualtrics_export"
    responses = list(Response.objects.order_by("pk").values_list("pk", flat=True))
    page = send(into="qualtrics_export", anonymous="on")
    assert "added 0, updated 0, left 3 unchanged" in _messages(page)[0]
    assert list(Response.objects.order_by("pk").values_list("pk", flat=True)) == responses
