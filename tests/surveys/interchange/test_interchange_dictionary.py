"""REDCap data dictionaries: import every column, export what REDCap accepts, lose nothing."""

from dataclasses import replace
from pathlib import Path

import pytest

from mentora.surveys.interchange import (
    Choice,
    Instrument,
    InterchangeError,
    Item,
    ItemType,
    Widget,
    dictionary_to_csv,
    parse_dictionary,
    read_dictionary,
)
from mentora.surveys.interchange.csvio import read_rows
from mentora.surveys.interchange.dictionary import LONG_HEADERS

FIXTURES = Path(__file__).resolve().parents[3] / ".." / "shared" / "fixtures"
REDCAP = FIXTURES / "redcap"
PROJECTS = sorted(path.name for path in REDCAP.iterdir() if (path / "dictionary.csv").exists())
CHOICES = 5  # the "Choices, Calculations, OR Slider Labels" column


def test_every_redcap_fixture_project_is_covered():
    """The round-trip tables below run on all five REDCap projects shipped as fixtures."""
    assert PROJECTS == [
        "checkboxes-1",
        "longitudinal",
        "repeating-instruments",
        "survey",
        "validation-types-1",
    ]


@pytest.mark.parametrize("project", [p for p in PROJECTS if p != "checkboxes-1"])
def test_export_writes_the_fixture_byte_for_byte(project):
    """Importing then exporting a dictionary gives back the very bytes REDCap wrote."""
    path = REDCAP / project / "dictionary.csv"
    assert dictionary_to_csv(read_dictionary(path)) == path.read_text(encoding="utf-8")


def test_export_spaces_choices_as_redcap_does():
    """checkboxes-1 writes `1, one|2, two`; the export writes `1, one | 2, two`, REDCap's own
    spacing. That is the only difference: the choices read back are the same pairs."""
    path = REDCAP / "checkboxes-1" / "dictionary.csv"
    original = path.read_text(encoding="utf-8")
    exported = dictionary_to_csv(read_dictionary(path))
    assert exported != original
    assert exported == original.replace("|", " | ")


@pytest.mark.parametrize("project", PROJECTS)
def test_round_trip_keeps_every_cell(project):
    """Cell for cell, the exported dictionary holds what the fixture holds."""
    path = REDCAP / project / "dictionary.csv"
    original = read_rows(path.read_text(encoding="utf-8"))
    exported = read_rows(dictionary_to_csv(read_dictionary(path)))
    assert len(exported) == len(original)
    for before, after in zip(original, exported, strict=True):
        before[CHOICES] = " | ".join(part.strip() for part in before[CHOICES].split("|"))
        after[CHOICES] = " | ".join(part.strip() for part in after[CHOICES].split("|"))
        assert after == before


@pytest.mark.parametrize("project", PROJECTS)
def test_import_export_import_gives_the_same_instrument(project):
    """A dictionary read back from its own export is equal, item for item."""
    instrument = read_dictionary(REDCAP / project / "dictionary.csv")
    again = parse_dictionary(dictionary_to_csv(instrument), name=instrument.name)
    assert again == instrument
    assert again.items == instrument.items


@pytest.mark.parametrize(
    ("project", "variable", "attribute", "expected"),
    [
        ("longitudinal", "study_id", "type", ItemType.TEXT),
        ("longitudinal", "date_enrolled", "type", ItemType.DATE),
        ("longitudinal", "date_enrolled", "field_note", "YYYY-MM-DD"),
        ("longitudinal", "date_enrolled", "section_header", "Consent Information"),
        ("longitudinal", "first_name", "identifier", True),
        ("longitudinal", "age", "identifier", False),
        ("longitudinal", "ethnicity", "custom_alignment", "LH"),
        ("longitudinal", "race", "widget", Widget.DROPDOWN),
        ("longitudinal", "sex", "choices", (Choice("0", "Female"), Choice("1", "Male"))),
        ("longitudinal", "given_birth", "type", ItemType.YESNO),
        ("longitudinal", "given_birth", "branching_logic", '[sex] = "0"'),
        ("longitudinal", "num_children", "validation_min", "0"),
        ("longitudinal", "gym", "type", ItemType.MULTIPLE),
        ("longitudinal", "gym", "matrix_group", "weekly_schedule"),
        (
            "longitudinal",
            "specify_mood",
            "slider_labels",
            ("Very sad", "Indifferent", "Very happy"),
        ),
        ("longitudinal", "height", "type", ItemType.NUMBER),
        ("longitudinal", "height", "validation_min", "130"),
        ("longitudinal", "height", "validation_max", "215"),
        ("longitudinal", "weight", "type", ItemType.INTEGER),
        ("longitudinal", "bmi", "calculation", "round(([weight]*10000)/(([height])^(2)),1)"),
        ("longitudinal", "comments", "type", ItemType.NOTES),
        ("checkboxes-1", "check_two", "choices", tuple(Choice(c, c.upper()) for c in "abcde")),
        ("survey", "has_diabetes", "type", ItemType.TRUEFALSE),
        ("validation-types-1", "f_descriptive", "type", ItemType.DESCRIPTIVE),
        ("validation-types-1", "f_signature", "validation", "signature"),
        ("validation-types-1", "f_slider", "slider_labels", ("-1", "50", "101")),
        ("validation-types-1", "f_sql", "calculation", "SELECT 1 as one;"),
        ("validation-types-1", "v_datetime_seconds_ymd", "type", ItemType.DATETIME),
        ("validation-types-1", "v_time_mm_ss", "type", ItemType.TIME),
        ("validation-types-1", "v_number_2dp_comma_decimal", "type", ItemType.NUMBER),
        ("validation-types-1", "v_email", "validation", "email"),
    ],
)
def test_import_reads_each_column(project, variable, attribute, expected):
    """Every dictionary column lands on the item attribute that holds it."""
    item = read_dictionary(REDCAP / project / "dictionary.csv").item(variable)
    assert getattr(item, attribute) == expected


def _dictionary(*rows: str) -> str:
    header = ",".join(f'"{h}"' for h in LONG_HEADERS)
    return "\n".join([header, *rows]) + "\n"


def test_choice_labels_keep_their_commas_and_codes_need_not_be_numbers():
    """Choices split on `|` then on the first comma only."""
    text = _dictionary(
        "record_id,f,,text,ID,,,,,,,,,,,,,",
        'often,f,,radio,"How often?","y, Yes, often | n, No, never | 9, Not sure",,,,,,,,,,,,',
    )
    item = parse_dictionary(text).item("often")
    assert item.choices == (
        Choice("y", "Yes, often"),
        Choice("n", "No, never"),
        Choice("9", "Not sure"),
    )


def test_short_api_headers_are_accepted():
    """The API's headers (field_name, form_name...) read the same as the web page's."""
    instrument = read_dictionary(REDCAP / "longitudinal" / "dictionary.csv")
    short = dictionary_to_csv(instrument, short_headers=True)
    assert short.startswith("field_name,form_name,section_header,field_type,")
    assert parse_dictionary(short, name=instrument.name) == instrument


def test_sections_follow_section_headers():
    """A section header opens a new section inside its form."""
    instrument = read_dictionary(REDCAP / "longitudinal" / "dictionary.csv")
    headers = [s.header for s in instrument.sections() if s.form == "demographics"]
    assert headers == [
        "",
        "Consent Information",
        "Contact Information",
        "Please provide the patient's weekly schedule for the activities below.",
        "Other information",
        "General Comments",
    ]
    assert instrument.form_names[:3] == ("demographics", "contact_info", "baseline_data")


def test_mentora_likert_items_survive_a_trip_through_redcap():
    """REDCap has no Likert type: it travels as a radio field tagged in its annotation."""
    agree = (Choice("1", "Strongly disagree"), Choice("2", "Disagree"), Choice("3", "Agree"))
    instrument = Instrument(
        name="career",
        items=(
            Item("record_id", "baseline", ItemType.TEXT, label="Record ID"),
            Item("cse_1", "baseline", ItemType.LIKERT, label="I can plan my career", choices=agree),
            Item("notes", "baseline", ItemType.NOTES, label="Comments", required=True),
            Item("n_mentors", "baseline", ItemType.INTEGER, label="Mentors", validation_min="0"),
        ),
    )
    exported = dictionary_to_csv(instrument)
    assert 'cse_1,baseline,,radio,"I can plan my career","1, Strongly disagree | 2,' in exported
    assert "n_mentors,baseline,,text,Mentors,,,integer,0," in exported
    assert parse_dictionary(exported, name="career") == instrument


def test_yes_no_items_offer_their_implicit_choices():
    """yesno and truefalse carry no choices in the dictionary but are answered 1 or 0."""
    item = read_dictionary(REDCAP / "survey" / "dictionary.csv").item("pmq3")
    assert [(c.code, c.label) for c in item.answer_choices] == [("1", "Yes"), ("0", "No")]
    assert item.choice_label("0") == "No"


GOOD_ROW = 'q1,f,,radio,"Q one","1, Yes | 0, No",,,,,,,,,,,,'


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        ('q1,f,,ranking,"Q one",,,,,,,,,,,,,', "Field Type", "unknown field type 'ranking'"),
        ('q1,f,,radio,"Q one",,,,,,,,,,,,,', "Choices, Calculations, OR Slider Labels", "needs"),
        (
            'q1,f,,radio,"Q one","Yes | No",,,,,,,,,,,,',
            "Choices, Calculations, OR Slider Labels",
            "'Yes' is not written as 'code, label'",
        ),
        (
            'q1,f,,radio,"Q one","1, Yes | 1, No",,,,,,,,,,,,',
            "Choices, Calculations, OR Slider Labels",
            "appears twice",
        ),
        ('q1,f,,text,"Q one",,,,,,x,,,,,,,', "Identifier?", "'x' should be 'y' or blank"),
        ('"Q 1",f,,text,"Q one",,,,,,,,,,,,,', "Variable / Field Name", "lower-case"),
        ('q1,f,,calc,"Q one",,,,,,,,,,,,,', "Choices, Calculations, OR Slider Labels", "formula"),
        ('q1,f,,text,"Q one",,,,,,,,,XX,,,,', "Custom Alignment", "LH, LV, RH, RV"),
        (
            'q1,f,,slider,"Q one",,,date_ymd,,,,,,,,,,',
            "Text Validation Type OR Show Slider Number",
            "slider",
        ),
        ('q1,f,,text,"Q one"', None, "has 5 cells"),
        (GOOD_ROW, "Variable / Field Name", "already defined in row 3"),
    ],
)
def test_bad_dictionary_rows_are_named_by_file_row_and_column(tmp_path, row, column, fragment):
    """A bad cell is reported with the file, its row as a spreadsheet shows it, and its column."""
    path = tmp_path / "bad_dictionary.csv"
    path.write_text(_dictionary("record_id,f,,text,ID,,,,,,,,,,,,,", GOOD_ROW, row))
    with pytest.raises(InterchangeError) as raised:
        read_dictionary(path)
    problem = raised.value.problems[0]
    assert (problem.source, problem.row, problem.column) == (str(path), 4, column)
    assert fragment in problem.message
    assert f"{path}, row 4" in str(raised.value)


def test_a_wrong_header_names_the_column():
    """A header that is not REDCap's names the column it expected."""
    text = _dictionary("record_id,f,,text,ID,,,,,,,,,,,,,").replace('"Field Label"', '"Label"')
    with pytest.raises(InterchangeError) as raised:
        parse_dictionary(text, source="dict.csv")
    problem = raised.value.problems[0]
    assert (problem.row, problem.column) == (1, "Label")
    assert "'Field Label'" in problem.message


def test_export_refuses_a_choice_item_without_choices():
    """An instrument REDCap would reject is not written."""
    instrument = Instrument(
        "x", (Item("record_id", "f", ItemType.TEXT), Item("q", "f", ItemType.SINGLE))
    )
    with pytest.raises(InterchangeError, match="'q'"):
        dictionary_to_csv(instrument)
    fixed = replace(instrument.items[1], choices=(Choice("1", "One"),))
    assert 'q,f,,radio,,"1, One"' in dictionary_to_csv(
        replace(instrument, items=(instrument.items[0], fixed))
    )
