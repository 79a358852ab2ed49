"""What an import will write, shown before it is written: the type of every item, who each
record is, and the values kept with a warning (the page's preview and `--dry-run`).

The types are the wording's (mentora.surveys.interchange.scales), then those of the
instrument's latest version for the same question (a coordinator's earlier choice stands when
the project is imported again), then the coordinator's choices in the preview; the write takes
the very types the preview showed, since both read them from here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mentora.core.text import plural
from mentora.surveys import interchange as ix
from mentora.surveys.interchange.scales import (
    CHOICE_OPTIONS,
    Proposal,
    explain,
    propose_types,
    with_types,
)
from mentora.surveys.mapping import latest_version
from mentora.surveys.models import ItemType
from mentora.surveys.problems import ImportProblem

# The preview lists this many warnings, then how many more there are.
SHOWN_WARNINGS = 20
TYPE_LABELS = dict(ItemType.choices)


def chosen_types(
    definition: ix.Instrument, name: str, types: Mapping[str, str] | None = None
) -> ix.Instrument:
    """The instrument with the types it will be written with: the wording's, the latest
    version's for an unchanged question, then `types` (variable -> type) as chosen."""
    previous = latest_version(name)
    kept: dict[str, str] = {}
    allowed = {p.variable: p.options for p in propose_types(definition)}
    if previous is not None:
        for variable, kind, choices in previous.items.values_list("variable", "type", "choices"):
            if kind not in allowed.get(variable, ()) or kind not in CHOICE_OPTIONS:
                continue
            item = definition.item(variable)
            if [(c.code, c.label) for c in item.choices] == [tuple(c) for c in choices]:
                kept[variable] = kind
    try:
        return with_types(with_types(definition, kept), dict(types or {}))
    except ix.InterchangeError as error:
        raise ImportProblem([str(p) for p in error.problems]) from None


@dataclass(frozen=True)
class TypeRow:
    """One item of the preview: its type, why, and what else it may be."""

    variable: str
    label: str
    type: str
    reason: str
    options: tuple[str, ...]
    group: str
    leads_group: bool  # the first item of its matrix group carries the group's choice

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type)

    @property
    def choosable(self) -> bool:
        return len(self.options) > 1 and (not self.group or self.leads_group)

    @property
    def option_labels(self) -> list[tuple[str, str]]:
        return [(option, TYPE_LABELS.get(option, option)) for option in self.options]


def type_rows(definition: ix.Instrument) -> list[TypeRow]:
    seen: set[str] = set()
    rows = []
    for proposal in explain(definition):
        leads = bool(proposal.group) and proposal.group not in seen
        seen.add(proposal.group)
        rows.append(_row(definition, proposal, leads))
    return rows


def _row(definition: ix.Instrument, proposal: Proposal, leads: bool) -> TypeRow:
    label = definition.item(proposal.variable).label
    return TypeRow(
        proposal.variable,
        label if len(label) <= 80 else label[:79] + "…",
        proposal.type.value,
        proposal.reason,
        tuple(option.value for option in proposal.options),
        proposal.group,
        leads,
    )


def type_lines(definition: ix.Instrument) -> list[str]:
    """The command line's table of types: variable, type, and why."""
    rows = type_rows(definition)
    width = max((len(row.variable) for row in rows), default=0)
    lines = ["Types to be written (change one with --type VARIABLE=TYPE):"]
    for row in rows:
        others = [o for o in row.options if o != row.type]
        could = f" [or {', '.join(others)}]" if others and row.choosable else ""
        why = f": {row.reason}" if row.reason else ""
        lines.append(f"  {row.variable:<{width}}  {row.type}{could}{why}")
    return lines


def warning_lines(warnings: Sequence[ix.Problem]) -> list[str]:
    """The first SHOWN_WARNINGS warnings and how many there are in all."""
    if not warnings:
        return []
    lines = [f"{plural(len(warnings), 'value', 'values')} kept with a warning:"]
    lines += [f"  {warning}" for warning in warnings[:SHOWN_WARNINGS]]
    if len(warnings) > SHOWN_WARNINGS:
        lines.append(f"  ... and {len(warnings) - SHOWN_WARNINGS} more")
    return lines


def parse_type_options(values: Sequence[str]) -> dict[str, str]:
    """`--type VARIABLE=TYPE` options as a mapping; ImportProblem for one not so written."""
    types: dict[str, str] = {}
    for value in values:
        variable, equals, kind = value.partition("=")
        if not equals or not variable.strip() or not kind.strip():
            raise ImportProblem([f"--type {value!r}: write it VARIABLE=TYPE, e.g. q1=single"])
        types[variable.strip()] = kind.strip().lower()
    return types
