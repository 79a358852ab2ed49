"""REDCap and Qualtrics interchange: a pure core (no Django) on plain dataclasses.

Read a REDCap data dictionary into an `Instrument`, a raw records export into `Record`s, and
write both back byte for byte; decide branching logic; read Qualtrics CSV exports.
"""

from .dictionary import (
    dictionary_to_csv,
    parse_dictionary,
    read_dictionary,
    redcap_field_type,
    write_dictionary,
)
from .errors import InterchangeError, LabelExportError, LogicError, Problem
from .events import (
    Arm,
    Event,
    arms_to_csv,
    events_to_csv,
    parse_arms,
    parse_events,
    read_arms,
    read_events,
)
from .labels import label_export_signs
from .logic import check_logic, evaluate, is_shown, parse_logic
from .model import Choice, Form, Instrument, Item, ItemType, Section, Widget
from .qualtrics import IdentifierPolicy, QualtricsImport, parse_qualtrics, read_qualtrics
from .records import (
    Answer,
    FormStatus,
    RawLayout,
    Record,
    RecordSet,
    record_set_to_csv,
    records_to_csv,
)
from .records_import import parse_records, read_records
from .values import value_problem

__all__ = [
    "Answer",
    "Arm",
    "Choice",
    "Event",
    "Form",
    "FormStatus",
    "IdentifierPolicy",
    "Instrument",
    "InterchangeError",
    "Item",
    "ItemType",
    "LabelExportError",
    "LogicError",
    "Problem",
    "QualtricsImport",
    "RawLayout",
    "Record",
    "RecordSet",
    "Section",
    "Widget",
    "arms_to_csv",
    "check_logic",
    "dictionary_to_csv",
    "evaluate",
    "events_to_csv",
    "is_shown",
    "label_export_signs",
    "parse_arms",
    "parse_dictionary",
    "parse_events",
    "parse_logic",
    "parse_qualtrics",
    "parse_records",
    "read_arms",
    "read_dictionary",
    "read_events",
    "read_qualtrics",
    "read_records",
    "record_set_to_csv",
    "records_to_csv",
    "redcap_field_type",
    "value_problem",
    "write_dictionary",
]
