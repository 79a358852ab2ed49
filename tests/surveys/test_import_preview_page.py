"""The import page's preview: every item's type (changeable), who each record is, the
warnings; then written as the preview showed. And files as Windows writes them."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from mentora.surveys.models import Item, Respondent, Response, SurveyImport
from tests import factories
from tests.fixtures import REDCAP

PROGRAM = REDCAP / "program"


def _files(dictionary: bytes | None = None, **fields: object) -> dict[str, object]:
    def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
        data = content if content is not None else (PROGRAM / name).read_bytes()
        return SimpleUploadedFile(name, data, content_type="text/csv")

    return {
        "dictionary": upload("dictionary.csv", dictionary),
        "records": upload("data.csv"),
        "events": upload("event.csv"),
        "name": "program-survey",
        **fields,
    }


def _enrol(world) -> None:
    for name in ("Omar Park", "Lena Ruiz"):
        factories.enrol(world.cohort, factories.make_person(name))


def test_the_preview_shows_what_will_be_written_and_the_import_writes_what_it_showed(
    world, login
):
    _enrol(world)
    client = login(world.alice)
    url = f"/cohorts/{world.cohort.pk}/surveys/import/redcap/"
    page = client.post(url, _files(dry_run="on"), follow=True)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Preview of a REDCap import" in html
    assert "would import 10 rows for 5 records" in html
    # A choice for the matrix (its first item) and each single scale; the slider is fixed.
    for variable in ("conf_career", "meet_often", "satisfied"):
        assert f'name="type_{variable}"' in html
    assert 'name="type_conf_network"' not in html and 'name="type_wellbeing"' not in html
    assert "a slider, scored as a number" in html
    assert "ordered codes 1-5 with agreement anchors (matrix confidence)" in html
    assert "record 1: Maya Mentee (maya.mentee@example.edu), by &#x27;email&#x27;" in html
    assert "nobody enrolled in the cohort has visitor@elsewhere.org" in html
    assert "45 is above the maximum 40; kept" in html
    assert not Response.objects.exists() and not Respondent.objects.exists()

    previewed = SurveyImport.objects.get()
    listed = client.get(f"/cohorts/{world.cohort.pk}/surveys/").content.decode()
    assert "Preview, nothing imported yet" in listed
    again = client.post(f"/surveys/imports/{previewed.pk}/confirm/",
                        {"type_conf_career": "single", "type_meet_often": "likert",
                         "type_satisfied": "likert", "match_on": "", "again": ""})
    assert again.status_code == 200
    assert "chosen; read alone it would be likert" in again.content.decode()
    assert not Response.objects.exists()

    done = client.post(f"/surveys/imports/{previewed.pk}/confirm/",
                       {"type_conf_career": "single", "type_meet_often": "likert",
                        "type_satisfied": "likert", "match_on": "", "import": ""}, follow=True)
    assert done.status_code == 200
    assert "imported 10 rows for 5 records" in done.content.decode()
    types = dict(Item.objects.values_list("variable", "type"))
    assert [types[v] for v in ("conf_career", "conf_network", "conf_balance")] == ["single"] * 3
    assert types["meet_often"] == "likert" and types["wellbeing"] == "slider"
    assert Response.objects.count() == 10
    assert Respondent.objects.filter(person__isnull=False).count() == 4
    previewed.refresh_from_db()
    assert previewed.state == SurveyImport.State.DONE
    # Written once: the preview is gone.
    client.post(f"/surveys/imports/{previewed.pk}/confirm/", {"match_on": "", "import": ""})
    assert Response.objects.count() == 10


def test_a_preview_is_reached_only_through_its_cohort(world, login):
    client = login(world.alice)
    client.post(f"/cohorts/{world.cohort.pk}/surveys/import/redcap/", _files(dry_run="on"))
    previewed = SurveyImport.objects.get()
    outsider = login(world.bob)  # coordinates another program
    assert outsider.get(f"/surveys/imports/{previewed.pk}/").status_code == 404
    refused = outsider.post(f"/surveys/imports/{previewed.pk}/confirm/", {"match_on": ""})
    assert refused.status_code == 404
    assert not Response.objects.exists()


def test_a_windows_1252_dictionary_is_read_and_said_never_a_server_error(world, login):
    """Excel on Windows saves "CSV" in Windows-1252: an accented label and a curly quote."""
    text = (PROGRAM / "dictionary.csv").read_text(encoding="utf-8")
    text = text.replace("Your email address", "Votre adresse e-mail (l’école)")
    client = login(world.alice)
    page = client.post(f"/cohorts/{world.cohort.pk}/surveys/import/redcap/",
                       _files(text.encode("cp1252")), follow=True)
    assert page.status_code == 200
    html = page.content.decode()
    assert "read as Windows-1252" in html
    assert Item.objects.get(variable="email").label == "Votre adresse e-mail (l’école)"
