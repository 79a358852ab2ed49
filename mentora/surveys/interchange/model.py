"""The instrument model: plain, typed, and rich enough to hold a whole REDCap data dictionary.

Every one of the 18 data-dictionary columns has a home on `Item`, so a dictionary can be read
and written back without loss. Mentora's own item types are coarser than REDCap's field types
plus validation types; `Item.type` is the Mentora view and `Item.validation`/`Item.widget`
keep the REDCap detail.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

# REDCap variable names: lower-case letters, digits and underscores, starting with a letter.
VARIABLE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class ItemType(StrEnum):
    LIKERT = "likert"
    SINGLE = "single"
    MULTIPLE = "multiple"
    YESNO = "yesno"
    TRUEFALSE = "truefalse"
    NUMBER = "number"
    INTEGER = "integer"
    TEXT = "text"
    NOTES = "notes"
    SLIDER = "slider"
    DATE = "date"
    DATETIME = "datetime"
    TIME = "time"
    CALC = "calc"
    FILE = "file"
    DESCRIPTIVE = "descriptive"
    SQL = "sql"


class Widget(StrEnum):
    """How a single-choice (or Likert) item shows its choices."""

    RADIO = "radio"
    DROPDOWN = "dropdown"


CHOICE_TYPES = frozenset({ItemType.LIKERT, ItemType.SINGLE, ItemType.MULTIPLE})
# Types REDCap stores as a "text" field with a validation type.
TEXT_TYPES = frozenset(
    {
        ItemType.TEXT,
        ItemType.NUMBER,
        ItemType.INTEGER,
        ItemType.DATE,
        ItemType.DATETIME,
        ItemType.TIME,
    }
)
# The validation type written when a Mentora item carries none of its own.
DEFAULT_VALIDATION = {
    ItemType.NUMBER: "number",
    ItemType.INTEGER: "integer",
    ItemType.DATE: "date_ymd",
    ItemType.DATETIME: "datetime_ymd",
    ItemType.TIME: "time",
}
IMPLICIT_CHOICES: Mapping[ItemType, tuple[tuple[str, str], ...]] = {
    ItemType.YESNO: (("1", "Yes"), ("0", "No")),
    ItemType.TRUEFALSE: (("1", "True"), ("0", "False")),
}


def type_for_validation(validation: str) -> ItemType:
    """The Mentora type of a REDCap text field with this validation type."""
    if validation == "integer":
        return ItemType.INTEGER
    if validation == "number" or validation.startswith("number_"):
        return ItemType.NUMBER
    if validation.startswith("datetime_"):
        return ItemType.DATETIME
    if validation.startswith("date_"):
        return ItemType.DATE
    if validation == "time" or validation.startswith("time_"):
        return ItemType.TIME
    return ItemType.TEXT


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


@dataclass(frozen=True)
class Item:
    """One question (or descriptive text) of an instrument.

    `calculation` holds the Choices/Calculations cell when it is not a choice list or slider
    labels: a calc formula, a SQL query, or anything else REDCap keeps there.
    `validation` is REDCap's text validation type; on a slider, "number" shows the number.
    """

    variable: str
    form: str
    type: ItemType
    label: str = ""
    section_header: str = ""
    choices: tuple[Choice, ...] = ()
    calculation: str = ""
    slider_labels: tuple[str, ...] = ()
    field_note: str = ""
    validation: str = ""
    validation_min: str = ""
    validation_max: str = ""
    identifier: bool = False
    branching_logic: str = ""
    required: bool = False
    custom_alignment: str = ""
    question_number: str = ""
    matrix_group: str = ""
    matrix_ranking: bool = False
    annotation: str = ""
    widget: Widget = Widget.RADIO

    def __post_init__(self) -> None:
        # A number or date item without a validation type is stored with REDCap's default,
        # so that an item equals itself read back from an export.
        if not self.validation and self.type in DEFAULT_VALIDATION:
            object.__setattr__(self, "validation", DEFAULT_VALIDATION[self.type])

    @property
    def sensitive(self) -> bool:
        """Identifying data (REDCap's Identifier? column): restricted and de-identified."""
        return self.identifier

    @property
    def stores_data(self) -> bool:
        return self.type is not ItemType.DESCRIPTIVE

    @property
    def answer_choices(self) -> tuple[Choice, ...]:
        """The choices a respondent picks from, including the implicit yes/no ones."""
        implicit = IMPLICIT_CHOICES.get(self.type)
        if implicit is not None:
            return tuple(Choice(code, label) for code, label in implicit)
        return self.choices

    def choice_label(self, code: str) -> str | None:
        for choice in self.answer_choices:
            if choice.code == code:
                return choice.label
        return None


@dataclass(frozen=True)
class Form:
    """A REDCap instrument (form) inside a project; Mentora shows it as one page group."""

    name: str
    title: str = ""


@dataclass(frozen=True)
class Section:
    form: str
    header: str
    variables: tuple[str, ...]


def _title_from_name(name: str) -> str:
    return name.replace("_", " ").strip().capitalize()


@dataclass(frozen=True)
class Instrument:
    """A versioned questionnaire: its forms in order and its items in order.

    The first item is the record identifier, as in REDCap. `title` defaults to the name and
    `forms` to the forms the items name, in order of first appearance, titled from their names.
    """

    name: str
    items: tuple[Item, ...]
    title: str = ""
    version: str = "1"
    forms: tuple[Form, ...] = ()
    _by_variable: dict[str, Item] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.title:
            object.__setattr__(self, "title", self.name)
        if not self.forms:
            names = dict.fromkeys(item.form for item in self.items)
            forms = tuple(Form(name, _title_from_name(name)) for name in names)
            object.__setattr__(self, "forms", forms)
        object.__setattr__(self, "_by_variable", {item.variable: item for item in self.items})

    @property
    def record_id(self) -> str:
        return self.items[0].variable

    @property
    def form_names(self) -> tuple[str, ...]:
        return tuple(form.name for form in self.forms)

    def item(self, variable: str) -> Item:
        return self._by_variable[variable]

    def has_item(self, variable: str) -> bool:
        return variable in self._by_variable

    def form_items(self, form: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.form == form)

    def sections(self) -> tuple[Section, ...]:
        """Items grouped as REDCap shows them: a section header opens a new section."""
        sections: list[Section] = []
        for form in self.form_names:
            header, variables = "", list[str]()
            for item in self.form_items(form):
                if item.section_header and variables:
                    sections.append(Section(form, header, tuple(variables)))
                    variables = []
                if item.section_header:
                    header = item.section_header
                variables.append(item.variable)
            if variables:
                sections.append(Section(form, header, tuple(variables)))
        return tuple(sections)
