"""A mentor's dossier (issue 14, item 7): from the command line and on the mentor's own page
(every read audited), as DOCX read back here; mentees' achievements only as large aggregates."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document

from mentora.audit.models import AuditEvent
from mentora.feedback import dossier as dossier_module
from mentora.feedback.actions import do_record_mini_cex
from mentora.mentorships.actions import MeetingDetails, do_log_meeting, do_set_goal
from mentora.mentorships.actions.goals import do_set_goal_status
from mentora.mentorships.models import Goal
from mentora.people.ladder import Stage
from tests import factories
from tests.feedback.conftest import NOW
from tests.personas import account, mentee, mentor


def _text(data: bytes) -> str:
    document = Document(BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _rows(data: bytes) -> list[list[str]]:
    table = Document(BytesIO(data)).tables[1]
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture
def active_mark(world, mini_cex_fields):
    """Mark held two meetings (45 and 60 minutes) and observed Maya once."""
    for minutes, pairs in ((45, [world.mark_maya]), (60, [world.mark_maya, world.mark_nina])):
        do_log_meeting(pairs, MeetingDetails(on=date(2026, 10, 1), duration_minutes=minutes),
                       world.mark, NOW)
    do_record_mini_cex(world.mark_maya, world.mark, NOW, **mini_cex_fields)
    return world.mark


def test_the_command_writes_the_dossier(world, active_mark, tmp_path, capsys):
    out = tmp_path / "dossier.docx"
    call_command("dossier", "--person", active_mark.email.upper(), "--out", str(out))
    data = out.read_bytes()
    text = _text(data)
    assert "Mentoring dossier: Mark Mentor" in text
    assert _rows(data) == [["Program", "Year", "Mentees", "Meetings held", "Hours"],
                           ["Clerkship", world.cohort.academic_year, "2", "2", "1.8"]]
    assert "1 mini-CEX observations recorded" in text
    assert "No training recorded." in text
    assert "Fewer than 5 mentees" in text and " of 2" not in text
    assert "Wrote" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="export", object_type="people.person",
                                     object_id=str(active_mark.pk)).exists()


def test_the_command_names_what_is_wrong(world, tmp_path):
    with pytest.raises(CommandError, match="nobody in Mentora has this email"):
        call_command("dossier", "--person", "who@example.edu", "--out", str(tmp_path / "d.docx"))
    with pytest.raises(CommandError, match="a folder"):
        call_command("dossier", "--person", world.mark.email, "--out", str(tmp_path))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("dossier", "--person", world.mark.email,
                     "--out", str(tmp_path / "no" / "d.docx"))


def test_the_mentor_opens_and_downloads_their_own_dossier_and_both_are_logged(
    world, client, active_mark
):
    client.force_login(account(mentor(world)))
    page = client.get(reverse("dossier"))
    assert page.status_code == 200
    assert "Mentoring dossier: Mark Mentor" in page.content.decode()
    download = client.get(reverse("dossier_download"))
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('filename="mentoring-dossier.docx"')
    assert "Clerkship" in _text(download.content)
    events = AuditEvent.objects.filter(object_type="people.person",
                                       object_id=str(active_mark.pk), actor=world.mark.user)
    assert set(events.values_list("action", flat=True)) == {"read", "export"}


def test_the_dossier_is_only_ever_ones_own(world, client, active_mark):
    client.force_login(account(mentee(world)))
    page = client.get(reverse("dossier")).content.decode()
    assert "Mark Mentor" not in page and "No mentees yet" in page
    assert "Clerkship" not in _text(client.get(reverse("dossier_download")).content)
    client.logout()
    assert client.get(reverse("dossier_download"))["Location"].startswith(reverse("login"))
    client.force_login(world.olga)  # a site admin with no person: nobody's dossier
    assert client.get(reverse("dossier")).status_code == 404


def test_what_mentees_achieved_shows_once_there_are_enough_of_them(world, active_mark):
    goal = do_set_goal(world.mark_maya, world.maya, NOW, specific="Five reductions")
    do_set_goal_status(goal, Goal.Status.ACHIEVED, NOW.date())
    assert dossier_module.dossier_of(active_mark).achieved == []
    for i in range(3):
        learner = factories.make_person(f"Learner {i}", Stage.MS3)
        factories.enrol(world.cohort, learner)
        factories.pair(world.cohort, active_mark, learner)
    found = dossier_module.dossier_of(active_mark)
    assert found.mentees == 5 and not found.hidden_reason
    shown = dict(found.achieved)
    # one mentee of five achieved a goal: a count below 5, hidden
    assert shown["Mentees who achieved at least one goal"].startswith("fewer than")
    assert shown["Goals achieved, all mentees"] == "1"


def test_training_a_later_part_records_is_listed(world, active_mark):
    def reader(person):
        return [(date(2026, 9, 1), "Mentor training, part 1")] if person == active_mark else []

    dossier_module.read_training_with(reader)
    try:
        text = _text(dossier_module.dossier_docx(dossier_module.dossier_of(active_mark),
                                                 NOW.date() + timedelta(days=1)))
    finally:
        dossier_module._training.remove(reader)
    assert "2026-09-01: Mentor training, part 1" in text and "No training recorded" not in text
