"""Export tiers: a canary in free text and in an identifier field, through each tier."""

from __future__ import annotations

import pytest

from mentora.surveys import interchange as ix
from mentora.surveys.interchange.csvio import write_rows
from mentora.surveys.interchange.records import Record
from mentora.surveys.interchange.tiers import (
    ExportTier,
    Pseudonymiser,
    apply_tier,
    new_salt,
)
from tests.surveys.pure.test_formulas import HEADER

FREE_CANARY = "CANARY-free-text-7f3a"
ID_CANARY = "canary.person@example.org"


def _instrument() -> ix.Instrument:
    blank = [""] * 13
    rows = [
        HEADER,
        ["record_id", "survey", "", "text", "Record ID", *blank],
        ["email", "survey", "", "text", "Email", "", "", "email", "", "", "y", *[""] * 7],
        ["seen_on", "survey", "", "text", "Seen on", "", "", "date_ymd", *[""] * 10],
        ["score", "survey", "", "text", "Score", "", "", "integer", *[""] * 10],
        ["comment", "survey", "", "notes", "Comment", *blank],
    ]
    return ix.parse_dictionary(write_rows(rows))


def _records() -> list[Record]:
    return [
        Record("maya", {"email": ID_CANARY, "seen_on": "2026-03-10", "score": "4",
                        "comment": FREE_CANARY}, survey_identifier=ID_CANARY),
        Record("nina", {"email": "nina@example.org", "seen_on": "2026-03-12", "score": "2"}),
    ]


def _csv(tier: ExportTier, shift: bool = False) -> tuple[str, str]:
    instrument, records = apply_tier(_instrument(), _records(), tier,
                                     Pseudonymiser(new_salt(), shift_dates=shift))
    return ix.dictionary_to_csv(instrument), ix.records_to_csv(instrument, records)


def test_full_keeps_everything() -> None:
    _, records = _csv(ExportTier.FULL)
    assert FREE_CANARY in records and ID_CANARY in records and "maya" in records


def test_identifiers_removed_drops_tagged_identifiers_but_keeps_free_text() -> None:
    dictionary, records = _csv(ExportTier.IDENTIFIERS_REMOVED)
    assert ID_CANARY not in records and "email" not in dictionary
    assert FREE_CANARY in records and "2026-03-10" in records


def test_deidentified_hashes_ids_drops_free_text_and_identifiers() -> None:
    dictionary, records = _csv(ExportTier.DEIDENTIFIED)
    for canary in (FREE_CANARY, ID_CANARY, "maya", "nina"):
        assert canary not in records
    assert "comment" not in dictionary and "email" not in dictionary
    assert "score" in dictionary and "2026-03-10" in records  # dates kept unless shifted
    # The salt is new for each export: the same person gets another id next time.
    assert _csv(ExportTier.DEIDENTIFIED)[1].splitlines()[1] != records.splitlines()[1]


def test_deidentified_dates_shift_by_one_offset_per_person() -> None:
    pseudonymiser = Pseudonymiser(b"k" * 32, shift_dates=True)
    _, records = apply_tier(_instrument(), _records(), ExportTier.DEIDENTIFIED,
                                     pseudonymiser)
    shifted = [r.values["seen_on"] for r in records]
    from datetime import date

    assert shifted == [
        (date(2026, 3, 10) + pseudonymiser.offset("maya")).isoformat(),
        (date(2026, 3, 12) + pseudonymiser.offset("nina")).isoformat(),
    ]
    assert pseudonymiser.offset("maya") != pseudonymiser.offset("nina")
    assert pseudonymiser.offset("maya").days in range(-364, 1)
    assert pseudonymiser.shifted("2026-03-10 08:30", "maya").endswith(" 08:30")


def test_no_right_exports_nothing() -> None:
    with pytest.raises(ValueError, match="nothing"):
        apply_tier(_instrument(), _records(), ExportTier.NONE)
