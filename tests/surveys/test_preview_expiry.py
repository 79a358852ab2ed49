"""A REDCap preview nobody imports does not keep the project's records: its files are deleted
PREVIEWS_KEEP_DAYS after the upload by an hourly schedule, and its page says so."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.module_loading import import_string

from mentora.jobs.schedules import SCHEDULES
from mentora.surveys.models import Response, SurveyImport, SurveyImportFile
from tests.surveys.test_import_preview_page import _files


def _preview(client, world, days_ago: int) -> SurveyImport:
    url = f"/cohorts/{world.cohort.pk}/surveys/import/redcap/"
    assert client.post(url, _files(dry_run="on")).status_code in (200, 302)
    previewed = SurveyImport.objects.latest("pk")
    SurveyImport.objects.filter(pk=previewed.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return previewed


def _run_schedule() -> str:
    (schedule,) = [r for r in SCHEDULES if r.name == "Previews nobody imported"]
    assert schedule.minutes == 60
    return import_string(schedule.func)()


def test_a_preview_left_for_a_week_loses_its_files_and_says_so(world, login, settings):
    settings.PREVIEWS_KEEP_DAYS = 7
    client = login(world.alice)
    old = _preview(client, world, days_ago=8)
    recent = _preview(client, world, days_ago=2)
    assert SurveyImportFile.objects.filter(survey_import=old).exists()

    assert _run_schedule() == "deleted the files of 1 preview nobody imported"
    assert not SurveyImportFile.objects.filter(survey_import=old).exists()
    assert SurveyImportFile.objects.filter(survey_import=recent).exists()
    old.refresh_from_db()
    assert old.state == SurveyImport.State.FAILED

    page = client.get(f"/surveys/imports/{old.pk}/").content.decode()
    assert "the files were deleted 7 days after their upload" in page
    assert "Upload them again" in page
    # Importing it now writes nothing and says why, never a server error.
    done = client.post(
        f"/surveys/imports/{old.pk}/confirm/", {"match_on": "", "import": ""}, follow=True
    )
    assert done.status_code in (200, 400)
    assert not Response.objects.exists()
    # A second run finds nothing more to delete; the recent one imports as it would have.
    assert _run_schedule() == "deleted the files of 0 previews nobody imported"


def test_an_import_asked_for_is_not_a_preview_any_more(world, login, settings):
    settings.PREVIEWS_KEEP_DAYS = 7
    client = login(world.alice)
    asked = _preview(client, world, days_ago=8)
    SurveyImport.objects.filter(pk=asked.pk).update(options={**asked.options, "preview": False})
    _run_schedule()
    assert SurveyImportFile.objects.filter(survey_import=asked).exists()
