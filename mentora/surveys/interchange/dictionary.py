"""REDCap data dictionaries: 18 columns in a fixed order, read into an Instrument and back.

Export writes what REDCap's own download writes, byte for byte, with two normalisations REDCap
also makes: rows end with a line feed, and choices are spaced `1, one | 2, two` whatever the
spacing of the file they were read from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from mentora.core.cells import neutralise_text, restore_text

from .choices import (
    ChoiceSyntaxError,
    format_choices,
    format_slider_labels,
    parse_choices,
    parse_slider_labels,
)
from .csvio import read_rows, read_text, write_rows
from .errors import InterchangeError, Problem
from .model import (
    CHOICE_TYPES,
    TEXT_TYPES,
    VARIABLE_NAME,
    Instrument,
    Item,
    ItemType,
    Widget,
    type_for_validation,
)
from .scales import infer_types, inferred_likert

# (header REDCap's web page writes, header its API writes), in REDCap's order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Variable / Field Name", "field_name"),
    ("Form Name", "form_name"),
    ("Section Header", "section_header"),
    ("Field Type", "field_type"),
    ("Field Label", "field_label"),
    ("Choices, Calculations, OR Slider Labels", "select_choices_or_calculations"),
    ("Field Note", "field_note"),
    ("Text Validation Type OR Show Slider Number", "text_validation_type_or_show_slider_number"),
    ("Text Validation Min", "text_validation_min"),
    ("Text Validation Max", "text_validation_max"),
    ("Identifier?", "identifier"),
    ("Branching Logic (Show field only if...)", "branching_logic"),
    ("Required Field?", "required_field"),
    ("Custom Alignment", "custom_alignment"),
    ("Question Number (surveys only)", "question_number"),
    ("Matrix Group Name", "matrix_group_name"),
    ("Matrix Ranking?", "matrix_ranking"),
    ("Field Annotation", "field_annotation"),
)
LONG_HEADERS = tuple(long for long, _ in COLUMNS)
# Older REDCap versions write the first 17 columns: no Field Annotation.
OLDER_COLUMNS = 17
SHORT_HEADERS = tuple(short for _, short in COLUMNS)

FIELD_TYPES: dict[str, ItemType] = {
    "radio": ItemType.SINGLE,
    "dropdown": ItemType.SINGLE,
    "checkbox": ItemType.MULTIPLE,
    "yesno": ItemType.YESNO,
    "truefalse": ItemType.TRUEFALSE,
    "notes": ItemType.NOTES,
    "slider": ItemType.SLIDER,
    "calc": ItemType.CALC,
    "file": ItemType.FILE,
    "descriptive": ItemType.DESCRIPTIVE,
    "sql": ItemType.SQL,
}
ALIGNMENTS = frozenset({"", "LH", "LV", "RH", "RV"})
# REDCap has no Likert type: a Likert item travels as a radio field carrying this action tag
# in its annotation, so that Mentora reads it back as Likert.
LIKERT_TAG = "@MENTORA-LIKERT"


def read_dictionary(
    path: Path, *, name: str = "", title: str = "", version: str = "1"
) -> Instrument:
    return parse_dictionary(
        read_text(path), source=str(path), name=name or path.stem, title=title, version=version
    )


def parse_dictionary(
    text: str,
    *,
    source: str = "<dictionary>",
    name: str = "instrument",
    title: str = "",
    version: str = "1",
) -> Instrument:
    """Read a data dictionary; raise InterchangeError listing every bad cell."""
    rows = read_rows(text, source)
    if not rows:
        raise InterchangeError.single(source, "the file is empty", row=1)
    problems = _check_header(rows[0], source)
    if problems:
        raise InterchangeError(problems)
    if len(rows[0]) == OLDER_COLUMNS:  # REDCap before Field Annotation: none to read
        rows = [[*row, ""] if len(row) == OLDER_COLUMNS else row for row in rows]
    items: list[Item] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        reader = _RowReader(row, number, source)
        item = reader.item()
        if item is not None and item.variable in seen:
            first = seen[item.variable]
            reader.fail(0, f"variable {item.variable!r} is already defined in row {first}")
        elif item is not None:
            seen[item.variable] = number
            items.append(item)
        problems.extend(reader.problems)
    if not problems and not items:
        problems.append(Problem(source, "the dictionary defines no fields", row=2))
    if problems:
        raise InterchangeError(problems)
    # Radio and dropdown fields worded as ordered scales are read as Likert (.scales).
    instrument = Instrument(name=name, title=title, version=version, items=tuple(items))
    return infer_types(instrument)


def _check_header(header: Sequence[str], source: str) -> list[Problem]:
    if len(header) not in (len(COLUMNS), OLDER_COLUMNS):
        found = f"{len(header)} columns"
        message = f"a data dictionary has 18 columns (17 before Field Annotation), found {found}"
        return [Problem(source, message, row=1)]
    problems = []
    for index, cell in enumerate(header):
        wanted = {h.casefold() for h in COLUMNS[index]}
        if cell.strip().casefold() not in wanted:
            expected = f"{LONG_HEADERS[index]!r} or {SHORT_HEADERS[index]!r}"
            message = f"column {index + 1} should be {expected}"
            problems.append(Problem(source, message, row=1, column=cell))
    return problems


class _RowReader:
    """Turns one dictionary row into an Item, noting every bad cell on the way."""

    def __init__(self, row: Sequence[str], number: int, source: str) -> None:
        self.row, self.number, self.source = row, number, source
        self.problems: list[Problem] = []

    def fail(self, index: int | None, message: str) -> None:
        column = None if index is None else LONG_HEADERS[index]
        self.problems.append(Problem(self.source, message, self.number, column))

    def flag(self, index: int) -> bool:
        value = self.row[index].strip()
        if value.lower() not in ("", "y"):
            self.fail(index, f"{value!r} should be 'y' or blank")
        return value.lower() == "y"

    def name(self, index: int, what: str) -> str:
        value = self.row[index].strip()
        if not VARIABLE_NAME.match(value):
            self.fail(index, f"{what} {value!r} must be lower-case letters, digits and _")
        return value

    def item(self) -> Item | None:
        cell = self.row
        if len(cell) != len(COLUMNS):
            self.fail(None, f"has {len(cell)} cells, a data dictionary row has {len(COLUMNS)}")
            return None
        variable = self.name(0, "variable name")
        form = self.name(1, "form name")
        field_type = cell[3].strip()
        if field_type not in FIELD_TYPES and field_type != "text":
            self.fail(3, f"unknown field type {field_type!r}")
            return None
        if cell[13].strip() not in ALIGNMENTS:
            self.fail(13, f"custom alignment {cell[13]!r} should be one of LH, LV, RH, RV")
        item = Item(
            variable=variable,
            form=form,
            type=self._type(field_type, cell[7].strip()),
            label=restore_text(cell[4]),
            section_header=restore_text(cell[2]),
            field_note=restore_text(cell[6]),
            validation=cell[7].strip(),
            validation_min=cell[8].strip(),
            validation_max=cell[9].strip(),
            identifier=self.flag(10),
            branching_logic=cell[11],
            required=self.flag(12),
            custom_alignment=cell[13].strip(),
            question_number=cell[14],
            matrix_group=cell[15].strip(),
            matrix_ranking=self.flag(16),
            annotation=cell[17],
            widget=Widget.DROPDOWN if field_type == "dropdown" else Widget.RADIO,
        )
        return self._with_choices(item, cell[5])

    def _check_checkbox_codes(self, item: Item) -> None:
        if item.type is not ItemType.MULTIPLE:
            return
        columns = [choice.code.lower() for choice in item.choices]
        if len(set(columns)) != len(columns):
            self.fail(5, "checkbox codes must differ in more than letter case")

    def _type(self, field_type: str, validation: str) -> ItemType:
        if field_type == "text":
            return type_for_validation(validation)
        if field_type == "slider" and validation not in ("", "number"):
            self.fail(7, f"a slider takes 'number' or blank here, not {validation!r}")
        return FIELD_TYPES[field_type]

    def _with_choices(self, item: Item, text: str) -> Item:
        try:
            if item.type in CHOICE_TYPES:
                if not text.strip():
                    self.fail(5, f"a {item.type} field needs choices written 'code, label | ...'")
                    return item
                item = replace(item, choices=parse_choices(text))
                self._check_checkbox_codes(item)
            elif item.type is ItemType.SLIDER:
                item = replace(item, slider_labels=parse_slider_labels(text) if text else ())
            else:
                item = replace(item, calculation=text)
        except ChoiceSyntaxError as error:
            self.fail(5, str(error))
        if item.type is ItemType.CALC and not text.strip():
            self.fail(5, "a calc field needs its formula")
        if item.type is ItemType.SINGLE and LIKERT_TAG in item.annotation:
            annotation = item.annotation.replace(" " + LIKERT_TAG, "").replace(LIKERT_TAG, "")
            item = replace(item, type=ItemType.LIKERT, annotation=annotation)
        return item


def dictionary_to_csv(instrument: Instrument, *, short_headers: bool = False) -> str:
    """The instrument as a data dictionary REDCap accepts."""
    header = SHORT_HEADERS if short_headers else LONG_HEADERS
    inferred = inferred_likert(instrument)
    rows = (dictionary_row(item, inferred) for item in instrument.items)
    return write_rows([header, *rows])


def write_dictionary(instrument: Instrument, path: Path, *, short_headers: bool = False) -> None:
    path.write_text(dictionary_to_csv(instrument, short_headers=short_headers), encoding="utf-8")


def dictionary_row(item: Item, inferred: frozenset[str] = frozenset()) -> list[str]:
    """The 18 cells REDCap expects for one item. The texts people wrote (section header, label,
    choice labels, field note) are neutralised as formulas (mentora.core.cells); the code columns
    (validation, min, max, branching logic, calculation, action tags) keep their values, for
    REDCap reads them back. A Likert item carries Mentora's action tag unless its wording
    alone makes an import take it as Likert (`inferred`), so REDCap's own files come back as
    they were."""
    return [
        item.variable,
        item.form,
        neutralise_text(item.section_header),
        redcap_field_type(item),
        neutralise_text(item.label),
        _choices_cell(item),
        neutralise_text(item.field_note),
        item.validation,
        item.validation_min,
        item.validation_max,
        "y" if item.identifier else "",
        item.branching_logic,
        "y" if item.required else "",
        item.custom_alignment,
        item.question_number,
        item.matrix_group,
        "y" if item.matrix_ranking else "",
        _annotation_cell(item, item.variable in inferred),
    ]


def redcap_field_type(item: Item) -> str:
    if item.type in TEXT_TYPES:
        return "text"
    if item.type in (ItemType.SINGLE, ItemType.LIKERT):
        return item.widget.value
    if item.type is ItemType.MULTIPLE:
        return "checkbox"
    return item.type.value


def _choices_cell(item: Item) -> str:
    if item.type in CHOICE_TYPES:
        if not item.choices:
            raise InterchangeError.single(
                f"item {item.variable!r}", f"a {item.type} item has no choices"
            )
        return format_choices(item.choices)
    if item.type is ItemType.SLIDER:
        return format_slider_labels(item.slider_labels)
    return item.calculation


def _annotation_cell(item: Item, inferred: bool = False) -> str:
    if item.type is not ItemType.LIKERT or LIKERT_TAG in item.annotation or inferred:
        return item.annotation
    return f"{item.annotation} {LIKERT_TAG}" if item.annotation else LIKERT_TAG
