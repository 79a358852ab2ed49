"""Bad input ends in a clear message, never a server error (issue 11, finding 5 and the SQLite
part of finding 6).

Each test below is one kind of bad input the probe found: files in Latin-1, UTF-16 or binary;
CSV the csv module refused (CR-only rows, a CR in a cell, a cell over 131,072 characters);
"²" read by isdigit() then int(); short rows in REDCap files; values longer than their column;
NUL and Word's control characters; a meeting on 9999-12-31; uploads without a size limit; and
SQLite's "database is locked" under two writers. tests/security/test_fuzz.py then throws random
input at every upload and form.
"""

from __future__ import annotations

import contextlib
import io
import threading
import time
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from django import forms
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection, connections, transaction
from django.test import RequestFactory
from django.test.client import ClientHandler
from django.urls import reverse
from django.utils import timezone

from mentora.core.forms import CleanInput, UploadField
from mentora.evaluation.models import ScholarlyEntry
from mentora.evaluation.stats import ManuscriptTable, TableRow
from mentora.evaluation.stats.tables_export import write_docx, write_xlsx
from mentora.matching.models import MatchRequest
from mentora.mentorships.actions import do_start_plan
from mentora.mentorships.calendar import do_new_feed
from mentora.mentorships.models import Meeting
from mentora.people.models import Person
from mentora.surveys.models import Answer, Respondent, Response
from tests.conftest import World
from tests.fixtures import QUALTRICS, REDCAP

SURVEY = REDCAP / "survey"
LONGITUDINAL = REDCAP / "longitudinal"
ENROL_HEADER = "name,email,career_stage,role,capacity,department\n"


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def _redcap(client: Any, world: World, **files: SimpleUploadedFile) -> Any:
    data: dict[str, Any] = {
        "dictionary": _file("dictionary.csv", (SURVEY / "dictionary.csv").read_bytes()),
        "records": _file("data.csv", (SURVEY / "data.csv").read_bytes()),
        "name": "survey",
        **files,
    }
    return client.post(reverse("survey_import_redcap", args=[world.cohort.pk]), data)


def _enrol(client: Any, world: World, content: bytes, name: str = "people.csv") -> Any:
    url = reverse("cohort_upload", args=[world.cohort.pk])
    return client.post(url, {"participants": _file(name, content)})


def _page(response: Any) -> str:
    return str(response.content.decode())


# Files in any encoding a spreadsheet or survey tool writes; binary files refused by name


def test_a_redcap_dictionary_in_utf16_and_records_in_windows_1252_import(world, login):
    """Excel on Windows saves "CSV" in Windows-1252 and "Unicode text" in UTF-16."""
    records = (SURVEY / "data.csv").read_text(encoding="utf-8").replace(
        "Maya Mentee", "Maëlle Mentée"
    )
    response = _redcap(
        login(world.alice),
        world,
        dictionary=_file("dictionary.csv", (SURVEY / "dictionary.csv").read_bytes().decode()
                         .encode("utf-16")),
        records=_file("data.csv", records.encode("cp1252")),
    )
    assert response.status_code == 302, _page(response)
    names = Answer.objects.filter(item__variable="full_name").values_list("value", flat=True)
    assert "Maëlle Mentée" in set(names)


def test_a_qualtrics_export_in_utf16_imports(world, login):
    text = (QUALTRICS / "qualtrics_export.csv").read_text(encoding="utf-8-sig")
    url = reverse("survey_import_qualtrics", args=[world.cohort.pk])
    response = login(world.alice).post(url, {
        "export": _file("export.csv", text.replace("Scheduling", "Café").encode("utf-16")),
        "label": "Spring", "name": "spring", "identifiers": "drop", "anonymous": "on",
    })
    assert response.status_code == 302, _page(response)
    assert "Café" in set(Answer.objects.values_list("value", flat=True))


def test_an_enrolment_spreadsheet_in_windows_1252_enrols_with_its_accents(world, login):
    content = (ENROL_HEADER + "José Müller,jose@example.edu,MS2,mentee,,Pédiatrie\n")
    response = _enrol(login(world.alice), world, content.encode("cp1252"))
    assert response.status_code == 302, _page(response)
    person = Person.objects.get(email="jose@example.edu")
    assert (person.full_name, person.department) == ("José Müller", "Pédiatrie")


def test_an_enrolment_spreadsheet_in_utf16_without_a_byte_order_mark_enrols(world, login):
    """Told by its zero bytes, even with letters beyond Latin-1 ("Ā" puts one on the other side)."""
    content = ENROL_HEADER + "Āda Ōno,ada@example.edu,MS2,mentee,,Kraków\n"
    response = _enrol(login(world.alice), world, content.encode("utf-16-le"))
    assert response.status_code == 302, _page(response)
    assert Person.objects.get(email="ada@example.edu").full_name == "Āda Ōno"


@pytest.mark.parametrize(("content", "what"), [
    (b"PK\x03\x04" + bytes(300), "a zipped file, such as an Excel workbook (.xlsx)"),
    (b"\xd0\xcf\x11\xe0" + bytes(300), "an Excel 97-2003 workbook (.xls)"),
    (b"%PDF-1.7\n" + bytes(range(256)), "a PDF"),
    (b"name,email\n\x00\x01\x02\x03garbage", "it holds zero bytes"),
])
def test_a_file_that_is_not_text_is_refused_by_name(world, login, content, what):
    client = login(world.alice)
    enrol = _enrol(client, world, content, "people.xlsx")
    redcap = _redcap(client, world, records=_file("data.xlsx", content))
    for response in (enrol, redcap):
        assert response.status_code == 400
        # The enrolment reads workbooks (issue 13, item 9): a zip that is not one says so.
        if response is enrol and content.startswith(b"PK"):
            assert "is not an Excel workbook that can be read" in _page(response)
        else:
            assert f"is not a text file ({what}" in _page(response)
    assert "data.xlsx: is not a text file" in _page(redcap)


# CSV the csv module refused


def test_an_enrolment_spreadsheet_with_cr_only_line_endings_enrols(world, login):
    """Excel for Mac (before 2016) ends rows with a lone carriage return."""
    rows = ["Ann Lee,ann@example.edu,MS1,mentee,,", "Bo Chen,bo@example.edu,MS2,mentee,,"]
    content = ENROL_HEADER.replace("\n", "\r") + "\r".join(rows) + "\r"
    response = _enrol(login(world.alice), world, content.encode())
    assert response.status_code == 302, _page(response)
    assert set(Person.objects.filter(email__in=["ann@example.edu", "bo@example.edu"])
               .values_list("full_name", flat=True)) == {"Ann Lee", "Bo Chen"}


def test_a_carriage_return_inside_an_unquoted_cell_stays_in_its_cell(world, login):
    url = reverse("evaluation_csv_import", args=[world.cohort.pk])
    content = ("email,kind,year,title\n"
               f"{world.maya.email},publication,2026,Near-peer\rmentoring in surgery\n")
    response = login(world.alice).post(url, {"entries": _file("entries.csv", content.encode())})
    assert response.status_code == 302, _page(response)
    assert ScholarlyEntry.objects.get().title == "Near-peer\rmentoring in surgery"


def test_a_cell_over_131072_characters_is_named_by_row_and_column(world, login):
    content = ENROL_HEADER + f"Ann Lee,ann@example.edu,MS1,mentee,,{'x' * 140_000}\n"
    response = _enrol(login(world.alice), world, content.encode())
    assert response.status_code == 400
    assert ("Row 2, column <code>department</code>: a cell of 140,000 characters; a cell may "
            "hold 131,072 at most") in _page(response)
    records = (SURVEY / "data.csv").read_text(encoding="utf-8").replace(
        "Lunch meetings", "y" * 140_000)
    redcap = _redcap(login(world.alice), world, records=_file("data.csv", records.encode()))
    assert redcap.status_code == 400
    assert "data.csv, row 2, column &#x27;comments&#x27;: a cell of 140," in _page(redcap)


# isdigit() then int()


def test_a_superscript_two_is_not_a_number(world, login):
    client = login(world.alice)
    content = ENROL_HEADER + "Ann Lee,ann@example.edu,PGY2,mentor,²,\n"
    enrol = _enrol(client, world, content.encode())
    assert enrol.status_code == 400
    assert "Row 2, column <code>capacity</code>: &#x27;²&#x27; is not a whole" in _page(enrol)
    report = client.get(reverse("evaluation_report", args=[world.cohort.pk]),
                        {"min_meetings": "²"})
    assert report.status_code in (200, 400)
    assert "a whole number from 1 to 52" in _page(report)
    item = login(world.mark).post(reverse("add_action_item", args=[world.mark_maya.pk]),
                                  {"text": "Read", "owner": str(world.maya.pk), "goal": "²"})
    assert item.status_code == 302


def test_an_arm_number_of_five_thousand_digits_is_refused_by_name(world, login):
    events = (LONGITUDINAL / "event.csv").read_text(encoding="utf-8").splitlines()
    cells = events[1].split(",")
    cells[1] = "9" * 5000
    events[1] = ",".join(cells)
    response = _redcap(
        login(world.alice), world,
        dictionary=_file("dictionary.csv", (LONGITUDINAL / "dictionary.csv").read_bytes()),
        records=_file("data.csv", (LONGITUDINAL / "data.csv").read_bytes()),
        events=_file("event.csv", ("\n".join(events) + "\n").encode()),
    )
    assert response.status_code == 400
    assert "event.csv, row 2, column &#x27;arm_num&#x27;: &#x27;9999" in _page(response)


# Short rows in REDCap files


def test_short_rows_in_redcap_records_and_events_are_named_by_row(world, login):
    client = login(world.alice)
    records = (LONGITUDINAL / "data.csv").read_text(encoding="utf-8").splitlines()
    records[2] = records[2].split(",")[0]  # only the record id: no event, no answers
    response = _redcap(
        client, world,
        dictionary=_file("dictionary.csv", (LONGITUDINAL / "dictionary.csv").read_bytes()),
        records=_file("data.csv", ("\n".join(records) + "\n").encode()),
        events=_file("event.csv", (LONGITUDINAL / "event.csv").read_bytes()),
    )
    assert response.status_code == 400
    assert "data.csv, row 3: has 1 cells, the header has" in _page(response)
    events = (LONGITUDINAL / "event.csv").read_text(encoding="utf-8").splitlines()
    events[1] = events[1].split(",")[0]
    response = _redcap(
        client, world,
        dictionary=_file("dictionary.csv", (LONGITUDINAL / "dictionary.csv").read_bytes()),
        records=_file("data.csv", (LONGITUDINAL / "data.csv").read_bytes()),
        events=_file("event.csv", ("\n".join(events) + "\n").encode()),
    )
    assert response.status_code == 400
    assert "event.csv, row 2: has 1 cells, the header has" in _page(response)


# Values longer than their column (PostgreSQL refuses them; SQLite stored them silently)


def test_a_record_id_longer_than_its_column_is_named_and_nothing_is_written(world, login):
    text = (SURVEY / "data.csv").read_text(encoding="utf-8")
    records = text.replace("\n1,", "\n" + "7" * 150 + ",")
    response = _redcap(login(world.alice), world, records=_file("data.csv", records.encode()))
    assert response.status_code == 400
    assert "is 150 characters long; at most 100 fit" in _page(response)
    assert not Response.objects.exists() and not Respondent.objects.exists()


def test_enrolment_and_intake_values_longer_than_their_column_are_refused(world, login):
    long_email = f"{'a' * 250}@example.edu"
    content = ENROL_HEADER + f"Ann Lee,{long_email},MS1,mentee,,{'D' * 201}\n"
    response = _enrol(login(world.alice), world, content.encode())
    assert response.status_code == 400
    page = _page(response)
    assert "<code>email</code>: is 262 characters long; at most 254 fit" in page
    assert "<code>department</code>: is 201 characters long; at most 200 fit" in page
    world.cohort.intake_open = True
    world.cohort.save(update_fields=["intake_open"])
    intake = login(world.alice).post(reverse("intake", args=[world.cohort.pk]), {
        "full_name": "Ann Lee", "email": long_email, "career_stage": "3",
        "career_interests": "x" * 130, "opinion_clerkship": "3", "opinion_career": "3",
        "specialty_confidence": "3",
    })
    assert intake.status_code == 200
    assert "Ensure this value has at most 254 characters" in _page(intake)
    assert "Keep each interest to 120 characters" in _page(intake)
    assert not Person.objects.filter(email=long_email).exists()


def test_a_decline_reason_longer_than_its_column_is_refused(world, login):
    world.clerkship.allows_self_selection = True
    world.clerkship.save(update_fields=["allows_self_selection"])
    asked = MatchRequest.objects.create(cohort=world.cohort, mentee=world.nina, mentor=world.mark,
                                        side="mentee", rank=1, created_at=timezone.now())
    url = reverse("match_request_action", args=[asked.pk])
    response = login(world.mark).post(url, {"action": "decline", "reason": "r" * 400},
                                      follow=True)
    assert "in 300 characters at most" in _page(response)
    assert MatchRequest.objects.get(pk=asked.pk).status == MatchRequest.Status.OPEN


# NUL and the control characters Word pastes


def test_control_characters_pasted_into_a_form_are_cleaned_before_they_are_stored(
    world, login
):
    url = reverse("log_meeting", args=[world.mark_maya.pk])
    response = login(world.mark).post(url, {
        "mentorships": [world.mark_maya.pk], "on": timezone.localdate().isoformat(),
        "duration_minutes": "30", "mode": "in_person",
        "goal": "Plan A\x0bPlan B\x00\x1f", "private_note": "\x07bell",
    })
    assert response.status_code == 302, _page(response)
    meeting = Meeting.objects.get()
    assert meeting.goal == "Plan A\nPlan B"


def test_a_survey_answer_with_nul_and_control_characters_is_stored_clean(world, login):
    from mentora.surveys.actions import do_create_wave, do_send_invitations
    from mentora.surveys.library import ensure_library
    from mentora.surveys.links import token_for

    instrument = ensure_library(timezone.now())["clerkship_survey"]
    wave = do_create_wave(world.cohort, instrument, "Baseline", date(2026, 7, 1),
                          date(2099, 12, 31), timezone.now())
    do_send_invitations(wave, timezone.now())
    invitation = wave.invitations.first()
    notes = instrument.items.filter(type="notes").first() or instrument.items.filter(
        type="text").first()
    assert notes is not None
    token = token_for(invitation.nonce)
    response = login(world.alice).post(reverse("survey_respond", args=[token]),
                                       {notes.variable: "fine\x00 thanks\x0bbye"})
    assert response.status_code in (200, 302), _page(response)
    stored = Answer.objects.get(item__variable=notes.variable).value
    assert stored == "fine thanks\nbye"


def test_a_plan_holding_control_characters_still_downloads_as_word(world, login):
    """Text saved before forms cleaned it: the DOCX writer cleans what it writes."""
    plan = do_start_plan(world.maya, world.cohort, "lunch", timezone.now())
    key = plan.template.sections[0][0]
    plan.answers = {key: "Surgery\x0bthen research\x1f"}  # (PostgreSQL never held a NUL)
    plan.save(update_fields=["answers"])
    response = login(world.maya).get(reverse("plan_export", args=[plan.pk, "docx"]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "Surgery\nthen research" in text


def test_the_report_writers_clean_control_characters_from_imported_labels(tmp_path: Path):
    table = ManuscriptTable(
        title="Table 1\x0b Perceptions",
        header=("Item\x1f", "n"),
        rows=(TableRow(("I felt\x0bheard", 12)), TableRow(("-3\x00", -3))),
        footnotes=("Note\x07",),
    )
    write_xlsx([table], tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[0]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert values[:6] == ["Table 1\n Perceptions", "Item", "n", "I felt\nheard", 12, "-3"]
    write_docx([table], tmp_path / "t.docx")
    cells = [c.text for t in docx.Document(str(tmp_path / "t.docx")).tables
             for row in t.rows for c in row.cells]
    assert "I felt\nheard" in cells


# Dates out of any sane range


def test_a_meeting_on_9999_12_31_is_refused_and_never_breaks_the_calendar(world, login):
    client = login(world.mark)
    response = client.post(reverse("schedule_meeting", args=[world.mark_maya.pk]), {
        "mentorships": [world.mark_maya.pk], "on": "9999-12-31", "duration_minutes": "30",
        "mode": "in_person",
    })
    assert response.status_code == 200
    assert "Enter a date between 1900 and 2100." in _page(response)
    assert not Meeting.objects.exists()
    # One already stored (before forms refused it) leaves the feeds working.
    meeting = Meeting.objects.create(mentor=world.mark, on=date.max, logged_by=world.mark,
                                     created_at=timezone.now())
    meeting.mentorships.set([world.mark_maya])
    feed = do_new_feed(world.maya, timezone.now())
    assert login(world.maya).get(reverse("calendar_feed", args=[feed.token])).status_code == 200
    assert client.get(reverse("meeting_ics", args=[meeting.pk])).status_code == 200


# Uploads have a size limit


UPLOAD_VIEWS = [
    ("survey_import_redcap", "records", {"name": "survey"}),
    ("survey_import_qualtrics", "export",
     {"label": "Spring", "name": "spring", "identifiers": "drop"}),
    ("cohort_upload", "participants", {}),
    ("evaluation_csv_import", "entries", {}),
    ("evaluation_bibliography", "export", {}),
]


@pytest.mark.parametrize(("name", "field", "data"), UPLOAD_VIEWS)
def test_every_upload_has_a_size_limit_with_a_message(world, login, settings, name, field, data):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = _file("big.csv", b"a,b\n" + b"1,2\n" * 300_000)  # 1.2 MB
    data = {**data, field: big, "person": world.maya.pk}
    if name == "survey_import_redcap":
        data["dictionary"] = _file("dictionary.csv", (SURVEY / "dictionary.csv").read_bytes())
    response = login(world.alice).post(reverse(name, args=[world.cohort.pk]), data)
    assert response.status_code in (200, 400)
    assert "This file is 1.1 MB; files of at most 1 MB are accepted." in _page(response)


def test_a_50_mb_upload_is_refused_without_being_read(world, login, settings):
    """The request is built first; only the server's handling of it is measured."""
    client = login(world.alice)
    request = RequestFactory().post(
        reverse("cohort_upload", args=[world.cohort.pk]),
        {"participants": _file("people.csv", b"x" * (50 * 1024 * 1024))},
    )
    environ = dict(request.environ)
    environ["HTTP_COOKIE"] = f"{settings.SESSION_COOKIE_NAME}={client.session.session_key}"
    tracemalloc.start()
    try:
        response = ClientHandler(enforce_csrf_checks=False)(environ)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    assert "This file is 50.0 MB; files of at most 20 MB are accepted." in _page(response)
    assert peak < 20 * 1024 * 1024, f"handling it took {peak / 2**20:.0f} MB"
    assert settings.UPLOAD_MAX_BYTES == 20 * 1024 * 1024  # the default: UPLOAD_MAX_MB=20


# Every form derives from the shared clean step; every file field has the size limit


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def test_every_form_of_mentora_has_the_shared_clean_step_and_every_upload_its_limit():
    import importlib
    import pkgutil

    import mentora

    for module in pkgutil.walk_packages(mentora.__path__, "mentora."):
        if ".migrations" not in module.name and not module.name.endswith("wsgi"):
            importlib.import_module(module.name)
    ours = {form for form in _subclasses(forms.BaseForm)
            if form.__module__.startswith("mentora.") and not form.__module__.startswith(
                "mentora.core.forms")}
    assert len(ours) > 30
    assert not [form for form in ours if not issubclass(form, CleanInput)]
    plain_files = [
        (form.__name__, name) for form in ours for name, field in form.base_fields.items()
        if isinstance(field, forms.FileField) and not isinstance(field, UploadField)
    ]
    assert not plain_files


# SQLite: concurrent writers wait for each other instead of failing with "database is locked"


@pytest.fixture
def two_connections(tmp_path, django_db_blocker):
    """A second alias on a throwaway SQLite file, with the project's own settings."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite settings; PostgreSQL locks rows instead")
    alias = "race"
    connections.settings[alias] = {
        **django_settings.DATABASES["default"], "NAME": str(tmp_path / "race.sqlite3"),
        "TEST": {"NAME": str(tmp_path / "race.sqlite3")},
    }
    with django_db_blocker.unblock():
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE tally (who TEXT, seen INTEGER)")
        connections[alias].close()
        yield alias
    del connections.settings[alias]


def test_two_threads_writing_to_sqlite_both_succeed(two_connections):
    """Each reads, then writes after the other has read: with deferred transactions one of
    them failed at once with "database is locked" (a deadlock no timeout waits out)."""
    alias, errors, both_read = two_connections, [], threading.Barrier(2, timeout=5)

    def write(who: str) -> None:
        try:
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM tally")
                seen = cursor.fetchone()[0]
                with contextlib.suppress(threading.BrokenBarrierError):
                    both_read.wait(timeout=0.5)  # IMMEDIATE: the second waits at BEGIN
                time.sleep(0.1)
                cursor.execute("INSERT INTO tally VALUES (%s, %s)", [who, seen])
        except OperationalError as error:
            errors.append(str(error))
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=write, args=(who,)) for who in ("ann", "bo")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT who, seen FROM tally ORDER BY seen")
        rows = cursor.fetchall()
    connections[alias].close()
    assert sorted(seen for _, seen in rows) == [0, 1]  # the second saw the first's write


def test_a_write_that_waited_its_whole_timeout_gets_a_busy_page(world, login, monkeypatch):
    def locked(*args: object, **kwargs: object) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr("mentora.programs.views.do_start_next_year", locked)
    response = login(world.alice).post(
        reverse("cohort_next_year", args=[world.cohort.pk]), {"confirm": "yes"}
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "what you sent was not saved" in _page(response)
