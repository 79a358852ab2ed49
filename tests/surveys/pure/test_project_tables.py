"""A REDCap project's other tables (arms, mapping, groups, repeating) and the re-import plan."""

from __future__ import annotations

import pytest

from mentora.surveys import interchange as ix
from mentora.surveys.interchange.csvio import read_rows
from mentora.surveys.interchange.project import (
    ARMS,
    GROUPS,
    MAPPING,
    REPEATING,
    TABLES,
    check_metadata,
    parse_metadata,
    table_to_csv,
)
from mentora.surveys.interchange.reimport import Stored, plan
from tests.fixtures import REDCAP
from tests.outside import OUTSIDE_REDCAP, outside

LONGITUDINAL = REDCAP / "longitudinal"
FILES = {"arms": "arm.csv", "mapping": "mapping.csv", "groups": "groups.csv",
         "repeating": "repeating.csv"}


def _texts(folder=LONGITUDINAL) -> dict[str, str]:
    return {part: (folder / name).read_text(encoding="utf-8") for part, name in FILES.items()
            if (folder / name).exists()}


def _project():
    instrument = ix.read_dictionary(LONGITUDINAL / "dictionary.csv")
    return instrument, ix.read_events(LONGITUDINAL / "event.csv")


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.part)
def test_each_table_is_written_back_as_it_came(table):
    text = _texts()[table.part]
    metadata = parse_metadata({table.part: text})
    assert table_to_csv(table, metadata.rows(table), metadata.columns[table.part]) == text


@outside
def test_a_real_arms_file_comes_back_cell_for_cell():
    text = (OUTSIDE_REDCAP / "longitudinal" / "arm.csv").read_text(encoding="utf-8")
    metadata = parse_metadata({"arms": text})
    assert read_rows(table_to_csv(ARMS, metadata.arms, metadata.columns["arms"])) == read_rows(text)


def test_the_tables_of_the_longitudinal_project_fit_it():
    instrument, events = _project()
    assert check_metadata(parse_metadata(_texts()), instrument, events) == []


def test_a_table_naming_what_the_project_has_not_is_told_by_row_and_column():
    instrument, events = _project()
    texts = {
        "mapping": "arm_num,unique_event_name,form\n3,baseline_arm_1,diary\n",
        "repeating": "event_name,form_name,custom_form_label\nweek_9_arm_1,meeting,\n",
        "groups": "data_access_group_name,unique_group_name\nNorth,north\n",
    }
    sources = {"mapping": "mapping.csv", "repeating": "repeating.csv", "groups": "groups.csv"}
    found = [str(p) for p in check_metadata(
        parse_metadata(texts, sources=sources), instrument, events, {"south"}, sources=sources)]
    assert found == [
        "mapping.csv, row 2, column 'arm_num': '3' is not an arm of the project",
        "mapping.csv, row 2, column 'form': 'diary' is not a form of the dictionary",
        "repeating.csv, row 2, column 'event_name': 'week_9_arm_1' is not an event of the project",
        "groups.csv, row 1, column 'unique_group_name': the records' data access group 'south' "
        "is not in this list",
    ]


def test_a_table_missing_a_column_is_refused_naming_it():
    with pytest.raises(ix.InterchangeError) as caught:
        parse_metadata({"mapping": "arm_num,form\n1,profile\n"}, sources={"mapping": "m.csv"})
    assert "m.csv, row 1: missing columns ['unique_event_name']" in str(caught.value)


def test_a_classic_project_s_repeating_table_has_no_event_column():
    metadata = parse_metadata({"repeating": "form_name,custom_form_label\nmeeting,\n"})
    assert metadata.repeating == ({"form_name": "meeting", "custom_form_label": ""},)
    assert table_to_csv(REPEATING, metadata.repeating, metadata.columns["repeating"]) == (
        "form_name,custom_form_label\nmeeting,\n")
    assert table_to_csv(GROUPS, [{"data_access_group_name": "N", "unique_group_name": "n"}]) == (
        "data_access_group_name,unique_group_name\nN,n\n")
    assert MAPPING.part == "mapping"


def _record(record_id: str, value: str, **fields) -> ix.Record:
    return ix.Record(record_id=record_id, values={"q": value}, **fields)


def test_the_plan_adds_updates_and_leaves_by_key():
    held = {
        ("1", None, None, None): Stored(11, _record("1", "a")),
        ("2", None, None, None): Stored(12, _record("2", "b")),
        ("3", None, None, None): Stored(13, _record("3", "c"), answered_in_mentora=True),
        ("9", None, None, None): Stored(19, _record("9", "z")),
    }
    records = [_record("1", "a"), _record("2", "B"), _record("3", "x"), _record("4", "d")]
    result = plan(held, records, {11: 0, 12: 1})
    assert [r.record_id for _, r in result.added] == ["4"]
    assert [(pk, r.values["q"]) for pk, _, r in result.updated] == [(12, "B")]
    assert (result.unchanged, result.kept, result.absent, result.moved) == (1, 1, 1, [])
    assert result.summary(dry_run=True) == (
        "would add 1, would update 1, would leave 1 unchanged rows; 1 answered in Mentora kept "
        "as they are; 1 not in the file kept")


def test_a_form_status_or_group_alone_is_a_change():
    held = {("1", None, None, None): Stored(1, _record("1", "a"))}
    done = _record("1", "a", completion={"f": ix.FormStatus.COMPLETE})
    grouped = _record("1", "a", data_access_group="north")
    assert len(plan(held, [done]).updated) == 1
    assert len(plan(held, [grouped]).updated) == 1
