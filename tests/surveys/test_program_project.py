"""A REDCap project as a program keeps one, through to the cohort report (issue 12, done when).

tests/fixtures/redcap/program: numbered records, an email field, a matrix of radio agreement
scales, frequency and satisfaction radios, a slider, a yes/no, hours with a range, two events
(pre and post). Enrolled, imported, and the report's pre/post table holds every scored item
with its paired figures.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mentora.evaluation.reports.surveys import comparisons
from mentora.evaluation.sources import load_cohort
from mentora.surveys.models import Answer, Item, Respondent, Response
from tests import factories
from tests.fixtures import REDCAP

PROGRAM = REDCAP / "program"
SCORED = ["conf_career", "conf_network", "conf_balance", "meet_often", "satisfied", "wellbeing"]


def _redcap(cohort, *options: str, records=PROGRAM / "data.csv") -> str:
    out = StringIO()
    call_command(
        "redcap", "import",
        "--dictionary", str(PROGRAM / "dictionary.csv"),
        "--records", str(records),
        "--events", str(PROGRAM / "event.csv"),
        "--cohort", str(cohort.pk),
        *(() if "--into" in options else ("--name", "program-survey")),
        *options,
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def enrolled(world):
    """Maya and Nina are enrolled already; Omar and Lena join them. Record 5 is a visitor."""
    for name in ("Omar Park", "Lena Ruiz"):
        factories.enrol(world.cohort, factories.make_person(name))
    return world


def test_the_dry_run_shows_every_type_who_is_linked_and_the_warnings_and_writes_nothing(enrolled):
    shown = _redcap(enrolled.cohort, "--dry-run")
    assert "would import 10 rows for 5 records into 2 waves" in shown
    lines = {line.split()[0]: line for line in shown.splitlines() if line.startswith("  ")}
    # A matrix group decides together: its first item carries the choice.
    assert "likert [or single]: ordered codes 1-5 with agreement anchors (matrix confidence)" in (
        lines["conf_career"]
    )
    for variable in ("conf_network", "conf_balance"):
        assert "likert: ordered codes 1-5 with agreement anchors (matrix confidence)" in (
            lines[variable]
        )
    assert "likert [or single]: ordered codes 1-5 with frequency anchors" in lines["meet_often"]
    assert "satisfaction anchors" in lines["satisfied"]
    assert "slider: a slider, scored as a number" in lines["wellbeing"]
    assert lines["had_mentor"].split()[1] == "yesno"
    assert "Linked 4 of 5 records to people enrolled in the cohort (matched on email)" in shown
    assert "record 1: Maya Mentee (maya.mentee@example.edu), by 'email'" in shown
    assert "record 4: Lena Ruiz (lena.ruiz@example.edu)" in shown  # her email at post only
    assert "record 5: not linked, nobody enrolled in the cohort has visitor@elsewhere.org" in shown
    assert "1 value kept with a warning:" in shown
    assert "row 7, column 'hours': 45 is above the maximum 40; kept" in shown
    assert not Response.objects.exists() and not Respondent.objects.exists()


def test_imported_then_reported_every_scored_item_has_its_paired_figures(enrolled):
    _redcap(enrolled.cohort)
    linked = dict(Respondent.objects.values_list("record_id", "person__full_name"))
    assert linked == {"1": "Maya Mentee", "2": "Nina Other", "3": "Omar Park",
                      "4": "Lena Ruiz", "5": None}
    types = dict(Item.objects.values_list("variable", "type"))
    assert [types[v] for v in SCORED] == ["likert"] * 5 + ["slider"]
    [comparison] = comparisons(load_cohort(enrolled.cohort))
    assert (comparison.pre, comparison.post, comparison.respondents) == ("Pre", "Post", 5)
    rows = {row.item: row for row in comparison.rows}
    assert list(rows) == SCORED
    assert all(row.n == 5 for row in rows.values())
    career = rows["conf_career"]  # 2,3,1,3,2 then 4,4,3,5,3
    assert (career.pre_mean, career.post_mean, career.diff) == pytest.approx((2.2, 3.8, 1.6))
    wellbeing = rows["wellbeing"]  # 40,35,20,50,30 then 70,55,60,80,45
    assert (wellbeing.pre_mean, wellbeing.post_mean) == pytest.approx((35.0, 62.0))
    assert career.p < 0.05 and career.df == 4
    # The manuscript table has a row for every item.
    table_text = repr(comparison.tables)
    for variable in SCORED:
        assert comparison.labels[variable] in table_text


def test_the_coordinator_may_write_an_item_as_single_choice_instead(enrolled):
    shown = _redcap(enrolled.cohort, "--type", "conf_career=single", "--type", "satisfied=single")
    assert "imported 10 rows" in shown
    types = dict(Item.objects.values_list("variable", "type"))
    # The matrix follows its first item; the satisfaction item alone.
    assert [types[v] for v in SCORED] == ["single"] * 3 + ["likert", "single", "slider"]
    [comparison] = comparisons(load_cohort(enrolled.cohort))
    assert [row.item for row in comparison.rows] == ["meet_often", "wellbeing"]


def test_a_type_an_item_cannot_take_or_a_field_that_is_not_there_writes_nothing(enrolled):
    with pytest.raises(CommandError, match="'had_mentor' can be yesno, not 'likert'"):
        _redcap(enrolled.cohort, "--type", "had_mentor=likert")
    with pytest.raises(CommandError, match="match on 'mail': no such field"):
        _redcap(enrolled.cohort, "--match-on", "mail")
    assert not Response.objects.exists()


def test_records_are_linked_by_a_field_the_coordinator_names(enrolled, tmp_path):
    """A project whose email field has no validation: --match-on names it."""
    dictionary = (PROGRAM / "dictionary.csv").read_text(encoding="utf-8")
    plain = tmp_path / "dictionary.csv"
    unvalidated = dictionary.replace('address",,,email,', 'address",,,,')
    plain.write_text(unvalidated, encoding="utf-8")
    out = StringIO()
    arguments = ["redcap", "import", "--dictionary", str(plain),
                 "--records", str(PROGRAM / "data.csv"), "--events", str(PROGRAM / "event.csv"),
                 "--cohort", str(enrolled.cohort.pk), "--dry-run"]
    call_command(*arguments, stdout=out)
    assert "Linked 0 of 5 records" in out.getvalue()
    assert "record 1: not linked, no email in the record id" in out.getvalue()
    out = StringIO()
    call_command(*arguments, "--match-on", "email", stdout=out)
    assert "Linked 4 of 5 records to people enrolled in the cohort (matched on email)" in (
        out.getvalue()
    )


def test_a_person_who_answered_in_mentora_keeps_one_respondent_and_the_answers_pair(enrolled):
    """Maya answered a wave in Mentora (respondent p<id>): her imported record joins it."""
    world = enrolled
    mentora = Respondent.objects.create(cohort=world.cohort, record_id=f"p{world.maya.pk}",
                                        person=world.maya)
    shown = _redcap(world.cohort)
    assert f"with their answers as 'p{world.maya.pk}'" in shown
    assert Respondent.objects.filter(person=world.maya).get() == mentora
    assert set(Response.objects.filter(record_id="1").values_list("respondent", flat=True)) == {
        mentora.pk
    }
    assert not Respondent.objects.filter(record_id="1").exists()


def test_a_choice_of_type_stands_when_the_project_is_imported_again(enrolled):
    _redcap(enrolled.cohort, "--type", "satisfied=single")
    out = StringIO()
    call_command("redcap", "import", "--dictionary", str(PROGRAM / "dictionary.csv"),
                 "--records", str(PROGRAM / "data.csv"), "--events", str(PROGRAM / "event.csv"),
                 "--cohort", str(enrolled.cohort.pk), "--into", "program-survey", "--dry-run",
                 stdout=out)
    [line] = [line for line in out.getvalue().splitlines() if line.startswith("  satisfied ")]
    assert line.split(None, 1)[1].startswith("single [or likert]: chosen; read alone it would be")
    assert "would update 0" in out.getvalue()  # the same file: nothing changes


def _answers() -> dict[tuple[str, str, str], tuple[int, object]]:
    """Every stored answer by (record, wave, variable): its id and value."""
    return {
        (record, wave, variable): (pk, value)
        for pk, record, wave, variable, value in Answer.objects.values_list(
            "pk", "response__respondent__record_id", "response__wave__label", "item__variable",
            "value",
        )
    }


def test_the_program_imported_again_changes_nothing_and_a_changed_value_updates_one_answer(
    enrolled, tmp_path
):
    """The issue's done-when on the program's own project: the same export again leaves every
    response and answer as it was (same ids), and a new export where Maya's pre answer to
    conf_career went from 2 to 5 updates that one answer, which the report then reads."""
    _redcap(enrolled.cohort)
    responses = sorted(Response.objects.values_list("pk", flat=True))
    before = _answers()
    assert "updated 0" in _redcap(enrolled.cohort, "--into", "program-survey")
    assert sorted(Response.objects.values_list("pk", flat=True)) == responses
    assert _answers() == before

    changed = tmp_path / "data.csv"
    text = (PROGRAM / "data.csv").read_text()
    old_row = "1,pre_arm_1,maya.mentee@example.edu,2,3,2,"
    assert old_row in text
    changed.write_text(text.replace(old_row, "1,pre_arm_1,maya.mentee@example.edu,5,3,2,"))
    _redcap(enrolled.cohort, "--into", "program-survey", records=changed)
    after = _answers()
    assert sorted(Response.objects.values_list("pk", flat=True)) == responses
    differ = {key for key in before if after.get(key) != before[key]}
    assert differ == {("1", "Pre", "conf_career")}
    assert after[("1", "Pre", "conf_career")][0] == before[("1", "Pre", "conf_career")][0]
    [comparison] = comparisons(load_cohort(enrolled.cohort))
    career = {row.item: row for row in comparison.rows}["conf_career"]  # 5,3,1,3,2 now
    assert career.pre_mean == pytest.approx(2.8)
