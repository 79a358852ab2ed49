"""REDCap data dictionaries: import every column, export what REDCap accepts, lose nothing."""

from dataclasses import replace

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
from tests.fixtures import PROJECTS, REDCAP
from tests.outside import OUTSIDE_PROJECTS, OUTSIDE_REDCAP, outside, outside_param

CHOICES = 5  # the "Choices, Calculations, OR Slider Labels" column
# The dictionaries of tests/fixtures, then the five real REDCap projects (skip where absent).
DICTIONARIES = [pytest.param(REDCAP / p / "dictionary.csv", id=p) for p in PROJECTS] + [
    outside_param(OUTSIDE_REDCAP / p / "dictionary.csv", id=f"outside-{p}")
    for p in OUTSIDE_PROJECTS
]


@outside
def test_every_outside_redcap_project_is_covered():
    """The round-trip tables below run on all five real REDCap projects."""
    found = sorted(p.name for p in OUTSIDE_REDCAP.iterdir() if (p / "dictionary.csv").exists())
    assert found == list(OUTSIDE_PROJECTS)


@pytest.mark.parametrize("path", [p for p in DICTIONARIES if p.id != "outside-checkboxes-1"])
def test_export_writes_the_fixture_byte_for_byte(path):
    """Importing then exporting a dictionary gives back the very bytes REDCap wrote."""
    assert dictionary_to_csv(read_dictionary(path)) == path.read_text(encoding="utf-8")


def test_export_spaces_choices_as_redcap_does():
    """A dictionary written `1, one|2, two` is exported `1, one | 2, two`, REDCap's own
    spacing. That is the only difference: the choices read back are the same pairs."""
    spaced = (REDCAP / "survey" / "dictionary.csv").read_text(encoding="utf-8")
    original = spaced.replace(" | ", "|")
    exported = dictionary_to_csv(parse_dictionary(original, name="dictionary"))
    assert exported != original
    assert exported == spaced


@outside
def test_export_spaces_the_choices_of_a_real_dictionary():
    """checkboxes-1 writes `1, one|2, two`: the export differs from it only in that spacing."""
    path = OUTSIDE_REDCAP / "checkboxes-1" / "dictionary.csv"
    original = path.read_text(encoding="utf-8")
    exported = dictionary_to_csv(read_dictionary(path))
    assert exported != original
    assert exported == original.replace("|", " | ")


@pytest.mark.parametrize("path", DICTIONARIES)
def test_round_trip_keeps_every_cell(path):
    """Cell for cell, the exported dictionary holds what the fixture holds."""
    original = read_rows(path.read_text(encoding="utf-8"))
    exported = read_rows(dictionary_to_csv(read_dictionary(path)))
    assert len(exported) == len(original)
    for before, after in zip(original, exported, strict=True):
        before[CHOICES] = " | ".join(part.strip() for part in before[CHOICES].split("|"))
        after[CHOICES] = " | ".join(part.strip() for part in after[CHOICES].split("|"))
        assert after == before


@pytest.mark.parametrize("path", DICTIONARIES)
def test_import_export_import_gives_the_same_instrument(path):
    """A dictionary read back from its own export is equal, item for item."""
    instrument = read_dictionary(path)
    again = parse_dictionary(dictionary_to_csv(instrument), name=instrument.name)
    assert again == instrument
    assert again.items == instrument.items


AGREE = tuple(
    Choice(str(code), label)
    for code, label in enumerate(
        ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"],
        start=1,
    )
)


@pytest.mark.parametrize(
    ("project", "variable", "attribute", "expected"),
    [
        ("survey", "record_id", "type", ItemType.TEXT),
        ("survey", "email", "validation", "email"),
        ("survey", "email", "section_header", "Please tell us about yourself."),
        ("survey", "email", "identifier", True),
        ("survey", "email", "required", True),
        ("survey", "stage", "identifier", False),
        ("survey", "start_date", "type", ItemType.DATE),
        ("survey", "start_date", "field_note", "YYYY-MM-DD"),
        ("survey", "start_date", "validation_min", "2020-01-01"),
        ("survey", "stage", "widget", Widget.DROPDOWN),
        ("survey", "stage", "required", True),
        ("survey", "track", "widget", Widget.RADIO),
        ("survey", "track", "custom_alignment", "LH"),
        (
            "survey",
            "track",
            "choices",
            (
                Choice("C", "Clinical"),
                Choice("R", "Research, basic or translational"),
                Choice("E", "Education"),
            ),
        ),
        ("survey", "prior_mentor", "type", ItemType.YESNO),
        ("survey", "prior_years", "type", ItemType.INTEGER),
        ("survey", "prior_years", "validation_min", "0"),
        ("survey", "prior_years", "validation_max", "20"),
        ("survey", "prior_years", "branching_logic", "[prior_mentor] = '1'"),
        ("survey", "goals", "type", ItemType.MULTIPLE),
        (
            "survey",
            "goals",
            "choices",
            (
                Choice("A", "Career advice"),
                Choice("B", "Research skills"),
                Choice("C", "Wellbeing"),
                Choice("D", "People to know"),
            ),
        ),
        ("survey", "consent", "type", ItemType.TRUEFALSE),
        ("survey", "consent", "section_header", "Consent"),
        ("survey", "check_in_intro", "type", ItemType.DESCRIPTIVE),
        ("survey", "met_mentor", "custom_alignment", "RH"),
        ("survey", "met_mentor", "question_number", "1"),
        ("survey", "helpful", "choices", AGREE),
        ("survey", "helpful", "matrix_group", "agreement"),
        ("survey", "listened", "matrix_group", "agreement"),
        ("survey", "wellbeing", "type", ItemType.SLIDER),
        ("survey", "wellbeing", "slider_labels", ("Struggling", "Steady", "Thriving")),
        ("survey", "wellbeing", "validation", "number"),
        ("survey", "hours_month", "type", ItemType.NUMBER),
        ("survey", "hours_month", "validation_max", "80"),
        ("survey", "sleep", "type", ItemType.NUMBER),
        ("survey", "sleep", "validation", "number_1dp_comma_decimal"),
        ("survey", "agreement_score", "type", ItemType.CALC),
        ("survey", "agreement_score", "calculation", "[helpful] + [listened]"),
        ("survey", "agreement_score", "annotation", "@HIDDEN-SURVEY"),
        ("survey", "comments", "type", ItemType.NOTES),
        ("survey", "last_meeting", "type", ItemType.DATETIME),
        ("survey", "usual_time", "type", ItemType.TIME),
        ("survey", "call_length", "validation", "time_mm_ss"),
        ("survey", "agreement_file", "type", ItemType.FILE),
        ("survey", "coordinator_sign", "validation", "signature"),
        ("survey", "mentor_name", "type", ItemType.SQL),
        (
            "survey",
            "mentor_name",
            "calculation",
            "select value from redcap_data where field_name = 'mentor_list'",
        ),
        (
            "longitudinal",
            "specialty",
            "choices",
            (
                Choice("im", "Internal medicine"),
                Choice("peds", "Pediatrics"),
                Choice("surg", "Surgery"),
                Choice("em", "Emergency medicine"),
                Choice("undecided", "Not decided yet"),
            ),
        ),
        ("longitudinal", "from_peers", "type", ItemType.MULTIPLE),
        ("longitudinal", "from_peers", "matrix_group", "support"),
        ("longitudinal", "care_hours", "validation_max", "168"),
        ("longitudinal", "monthly_research", "calculation", "round([hours_research]*4.3,0)"),
        ("longitudinal", "want_rematch", "branching_logic", "[baseline_arm_1][role] = '1'"),
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
    instrument = read_dictionary(REDCAP / "survey" / "dictionary.csv")
    sections = [(s.form, s.header, s.variables[0]) for s in instrument.sections()]
    assert sections == [
        ("intake", "", "record_id"),
        ("intake", "Please tell us about yourself.", "email"),
        ("intake", "Consent", "consent"),
        ("mentoring_check_in", "", "check_in_intro"),
        ("mentoring_check_in", "How much do you agree?", "helpful"),
        ("program_office", "For the program office", "office_note"),
    ]
    assert instrument.form_names == ("intake", "mentoring_check_in", "program_office")


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
    instrument = read_dictionary(REDCAP / "survey" / "dictionary.csv")
    yes_no, true_false = instrument.item("met_mentor"), instrument.item("consent")
    assert [(c.code, c.label) for c in yes_no.answer_choices] == [("1", "Yes"), ("0", "No")]
    assert yes_no.choice_label("0") == "No"
    assert true_false.choice_label("1") == "True"


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
