"""Ordered scales (Likert) told from a REDCap or Qualtrics choice list, and the types an import
writes.

REDCap has no Likert type: an agreement scale is a radio or dropdown field. An import proposes
Likert for a choice list whose codes are ordered whole numbers (1, 2, 3 ... or 0, 1, 2 ...,
each one more than the last) and whose end anchors are worded as a scale (agreement,
frequency, satisfaction, rating, confidence, importance, likelihood, how much). A matrix group
shares one choice list, so its items take one type together; a list of numbers alone (`1, 1 |
2, 2 ...`) is a scale when its matrix group's header is worded as one. Yes/no and true/false
are never Likert, nor a list of two choices. Sliders stay sliders: the report scores them as
numbers.

`propose_types` says, for every item that stores data, the type an import writes, why, and
what else the coordinator may choose; `with_types` applies the coordinator's choices.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from .errors import InterchangeError, Problem
from .model import Choice, Instrument, Item, ItemType

# Words that mark a label as a scale's anchor, by the kind of scale.
ANCHORS: Mapping[str, tuple[str, ...]] = {
    "agreement": ("agree", "disagree", "agreement", "disagreement"),
    "frequency": (
        "never", "rarely", "seldom", "sometimes", "occasionally", "often", "frequently",
        "usually", "always", "most of the time", "all of the time", "none of the time",
    ),
    "satisfaction": ("satisfied", "dissatisfied", "unsatisfied", "satisfaction"),
    "rating": (
        "poor", "fair", "good", "excellent", "average", "bad", "terrible", "worst", "best",
        "lowest", "highest", "outstanding", "unacceptable", "superior",
    ),
    "confidence": ("confident", "unconfident", "confidence"),
    "importance": ("important", "unimportant", "importance"),
    "likelihood": ("likely", "unlikely"),
    "difficulty": ("easy", "difficult"),
    "helpfulness": ("helpful", "unhelpful"),
    "prepared": ("prepared", "unprepared"),
    "how much": (
        "not at all", "slightly", "somewhat", "moderately", "extremely", "completely",
        "a little", "a lot", "a great deal", "very much", "quite a bit", "not very",
    ),
}
_WORDS = {
    kind: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    for kind, words in ANCHORS.items()
}
_YES_NO = frozenset({"yes", "no", "true", "false", "y", "n"})
_INTEGER = re.compile(r"-?[0-9]{1,6}\Z")
# A scale has 3 to 11 points (0-10 ratings included).
FEWEST, MOST = 3, 11
# The types a choice item may be written as: an ordered scale, or unordered choices.
CHOICE_OPTIONS = (ItemType.LIKERT, ItemType.SINGLE)


@dataclass(frozen=True)
class Proposal:
    """The type an import writes for one item, why, and the types the coordinator may pick."""

    variable: str
    type: ItemType
    reason: str
    options: tuple[ItemType, ...]
    group: str = ""  # the matrix group that decides with it

    @property
    def changeable(self) -> bool:
        return len(self.options) > 1


def anchor_kind(label: str) -> str | None:
    """The kind of scale a label's wording belongs to (agreement, frequency ...), or None."""
    for kind, pattern in _WORDS.items():
        if pattern.search(label):
            return kind
    return None


def ordered_codes(choices: Sequence[Choice]) -> bool:
    """Whole-number codes, each one more than the one before."""
    if not all(_INTEGER.match(choice.code) for choice in choices):
        return False
    codes = [int(choice.code) for choice in choices]
    return all(b == a + 1 for a, b in pairwise(codes))


def _is_yes_no(choices: Sequence[Choice]) -> bool:
    return all(choice.label.strip().lower().rstrip(".") in _YES_NO for choice in choices)


def scale_reason(choices: Sequence[Choice], header: str = "") -> tuple[bool, str]:
    """Whether a choice list is an ordered scale, and why (for the preview)."""
    if _is_yes_no(choices):
        return False, "yes/no choices are never a scale"
    if not FEWEST <= len(choices) <= MOST:
        return False, f"{len(choices)} choices; a scale has {FEWEST} to {MOST}"
    if not ordered_codes(choices):
        return False, "the codes are not ordered whole numbers"
    first, last = anchor_kind(choices[0].label), anchor_kind(choices[-1].label)
    span = f"{choices[0].code}-{choices[-1].code}"
    if first and last:
        kind = first if first == last else f"{first}/{last}"
        return True, f"ordered codes {span} with {kind} anchors"
    header_kind = anchor_kind(header)
    if header_kind and all(_INTEGER.match(c.label.strip()) for c in choices):
        return True, f"ordered codes {span} under a {header_kind} heading"
    return False, "the end choices are not worded as a scale (agree, never, satisfied ...)"


def _groups(instrument: Instrument) -> dict[str, list[Item]]:
    """Items of a matrix group sharing one choice list decide together, keyed by the group."""
    groups: dict[str, list[Item]] = {}
    for item in instrument.items:
        if item.matrix_group and item.type in CHOICE_OPTIONS:
            groups.setdefault(item.matrix_group, []).append(item)
    return {
        name: items
        for name, items in groups.items()
        if len({item.choices for item in items}) == 1
    }


def _group_header(items: Sequence[Item]) -> str:
    return " ".join(item.section_header for item in items if item.section_header)


def propose_types(instrument: Instrument) -> tuple[Proposal, ...]:
    """The type each item that stores data would be written as (the record id excepted)."""
    groups = _groups(instrument)
    group_of = {item.variable: name for name, items in groups.items() for item in items}
    decided: dict[str, tuple[bool, str]] = {
        name: scale_reason(items[0].choices, _group_header(items))
        for name, items in groups.items()
    }
    proposals = []
    for item in instrument.items[1:]:
        if item.stores_data:
            group = group_of.get(item.variable, "")
            proposals.append(_proposal(item, group, decided.get(group)))
    return tuple(proposals)


def _proposal(item: Item, group: str, decided: tuple[bool, str] | None) -> Proposal:
    if item.type is ItemType.SLIDER:
        return Proposal(item.variable, item.type, "a slider, scored as a number", (item.type,))
    if item.type not in CHOICE_OPTIONS:
        return Proposal(item.variable, item.type, "", (item.type,))
    numeric = ordered_codes(item.choices) and not _is_yes_no(item.choices)
    options = CHOICE_OPTIONS if numeric or item.type is ItemType.LIKERT else (ItemType.SINGLE,)
    if item.type is ItemType.LIKERT:
        return Proposal(item.variable, item.type, "marked Likert", options, group)
    likert, reason = decided or scale_reason(item.choices, item.section_header)
    if group:
        reason = f"{reason} (matrix {group})"
    return Proposal(
        item.variable, ItemType.LIKERT if likert else ItemType.SINGLE, reason, options, group
    )


def _as_single(instrument: Instrument) -> Instrument:
    return replace(
        instrument,
        items=tuple(
            replace(item, type=ItemType.SINGLE) if item.type is ItemType.LIKERT else item
            for item in instrument.items
        ),
    )


def inferred_likert(instrument: Instrument) -> frozenset[str]:
    """The variables an import would take as Likert on their own wording, whatever their type
    now: an export writes these without Mentora's action tag, as REDCap wrote them."""
    proposals = propose_types(_as_single(instrument))
    return frozenset(p.variable for p in proposals if p.type is ItemType.LIKERT)


def explain(instrument: Instrument) -> tuple[Proposal, ...]:
    """Each item's type as it is now, with why: the wording's, or a choice made against it."""
    found = []
    for proposal in propose_types(_as_single(instrument)):
        now = instrument.item(proposal.variable).type
        if now is not proposal.type:
            reason = f"chosen; read alone it would be {proposal.type.value}: {proposal.reason}"
            options = tuple(dict.fromkeys((*proposal.options, now)))
            proposal = replace(proposal, type=now, reason=reason, options=options)
        found.append(proposal)
    return tuple(found)


def with_types(
    instrument: Instrument, types: Mapping[str, str], *, source: str = "types"
) -> Instrument:
    """The instrument with the types chosen (variable -> type; a matrix group's items follow
    their group's choice, the others keep theirs); InterchangeError for a type an item cannot
    take."""
    proposals = {p.variable: p for p in propose_types(instrument)}
    chosen = dict(types)
    problems = []
    for variable, wanted in types.items():
        proposal = proposals.get(variable)
        if proposal is None:
            problems.append(Problem(source, f"{variable!r} is not an item of the instrument"))
            continue
        if wanted not in {option.value for option in proposal.options}:
            allowed = " or ".join(o.value for o in proposal.options)
            message = f"{variable!r} can be {allowed}, not {wanted!r}"
            problems.append(Problem(source, message))
            continue
        for other in proposals.values():
            if proposal.group and other.group == proposal.group and other.variable not in types:
                chosen[other.variable] = wanted
    if problems:
        raise InterchangeError(problems)
    final = {v: ItemType(kind) for v, kind in chosen.items()}
    return _typed(instrument, final)


def infer_types(instrument: Instrument) -> Instrument:
    """The instrument with every item of the type its wording proposes."""
    return _typed(instrument, {p.variable: p.type for p in propose_types(instrument)})


def _typed(instrument: Instrument, final: Mapping[str, ItemType]) -> Instrument:
    return replace(
        instrument,
        items=tuple(
            replace(item, type=final[item.variable]) if item.variable in final else item
            for item in instrument.items
        ),
    )
