"""Export rights in REDCap's tiers: what an export keeps of an instrument and its records.

Pure (no Django). `FULL` keeps everything. `IDENTIFIERS_REMOVED` drops the items tagged as
identifiers (REDCap's `Identifier?` column, Qualtrics' identifier columns) and the survey
identifier (an email) of each record. `DEIDENTIFIED` drops
them and every free-text item (text without validation, notes), replaces record ids with
HMAC-SHA256 under a salt made for this export alone and never stored, drops the data access
group, and can shift each person's dates by a random offset of their
own (the same offset for all of one person's dates, so intervals stay true). `NONE` exports
nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from .model import Instrument, Item, ItemType
from .records import Record

MAX_SHIFT_DAYS = 364  # REDCap shifts dates back by 0 to 364 days
FREE_TEXT = frozenset({ItemType.TEXT, ItemType.NOTES})
DATED = frozenset({ItemType.DATE, ItemType.DATETIME})


class ExportTier(StrEnum):
    NONE = "none"
    DEIDENTIFIED = "deidentified"
    IDENTIFIERS_REMOVED = "identifiers_removed"
    FULL = "full"


def new_salt() -> bytes:
    """A random salt for one export; whoever holds the file cannot recompute the hashed ids."""
    return secrets.token_bytes(32)


def is_free_text(item: Item) -> bool:
    return item.type in FREE_TEXT and not item.validation


def kept(item: Item, tier: ExportTier, record_id: str) -> bool:
    if item.variable == record_id or tier is ExportTier.FULL:
        return True
    if item.identifier:
        return False
    return not (tier is ExportTier.DEIDENTIFIED and is_free_text(item))


@dataclass(frozen=True)
class Pseudonymiser:
    """Hashed ids and per-person date offsets under one export's salt."""

    salt: bytes
    shift_dates: bool = False

    def _digest(self, purpose: str, record_id: str) -> bytes:
        message = f"{purpose}\x00{record_id}".encode()
        return hmac.new(self.salt, message, hashlib.sha256).digest()

    def record_id(self, record_id: str) -> str:
        return self._digest("id", record_id).hex()[:20]

    def offset(self, record_id: str) -> timedelta:
        if not self.shift_dates:
            return timedelta(0)
        draw = int.from_bytes(self._digest("date", record_id)[:4], "big")
        return timedelta(days=-(draw % (MAX_SHIFT_DAYS + 1)))

    def shifted(self, value: str, record_id: str) -> str:
        """A date or date-time value moved by the person's offset; other text as it is."""
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            return value
        return (day + self.offset(record_id)).isoformat() + value[10:]


def apply_tier(
    instrument: Instrument,
    records: Sequence[Record],
    tier: ExportTier,
    pseudonymiser: Pseudonymiser | None = None,
) -> tuple[Instrument, list[Record]]:
    """The instrument and records an export of this tier may hold. A `DEIDENTIFIED` export
    needs a Pseudonymiser (its salt); `NONE` raises ValueError: nothing may be exported."""
    if tier is ExportTier.NONE:
        raise ValueError("this export right exports nothing")
    if tier is ExportTier.FULL:
        return instrument, list(records)
    items = tuple(item for item in instrument.items if kept(item, tier, instrument.record_id))
    reduced = replace(instrument, items=items)
    names = {item.variable for item in items}
    dated = {item.variable for item in items if item.type in DATED}
    if tier is ExportTier.IDENTIFIERS_REMOVED:
        return reduced, [_only(record, names) for record in records]
    if pseudonymiser is None:
        raise ValueError("a de-identified export needs its salt")
    out = []
    for record in records:
        person = record.record_id
        values = {
            variable: (pseudonymiser.shifted(answer, person)
                       if variable in dated and isinstance(answer, str) else answer)
            for variable, answer in record.values.items()
            if variable in names
        }
        stamps = {form: pseudonymiser.shifted(stamp, person)
                  for form, stamp in record.timestamps.items()}
        out.append(replace(
            record, record_id=pseudonymiser.record_id(person), values=values,
            timestamps=stamps, survey_identifier=None,
            data_access_group=None if record.data_access_group is None else "",
        ))
    return reduced, out


def _only(record: Record, names: set[str]) -> Record:
    values = {v: a for v, a in record.values.items() if v in names}
    return replace(record, values=values, survey_identifier=None)
