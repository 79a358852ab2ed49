"""A project's agreement figures and disagreements, read from its samples: the units are the
sampled sources, each coded by the sample's coders (only their own layer counts)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from mentora.qualitative.models import (
    Adjudication,
    Code,
    CodedUnit,
    Coding,
    Project,
    Sample,
    Source,
)
from mentora.qualitative.pure.reliability import BOOTSTRAP, Figures, table


def code_paths(project: Project) -> dict[int, str]:
    """Each current code's name with its parents' ('Time / Protected time'): one name may
    stand under two parents, so the path tells them apart."""
    codes = {c.pk: c for c in Code.objects.filter(project=project)}

    def path(code: Code) -> str:
        parent = codes.get(code.parent_id) if code.parent_id else None
        return f"{path(parent)} / {code.name}" if parent is not None else code.name

    return {pk: path(code) for pk, code in codes.items() if not code.retired}


def sampled(project: Project) -> dict[int, set[int]]:
    """Sampled source -> the coders (person ids) it was assigned to."""
    units: dict[int, set[int]] = defaultdict(set)
    through = Sample.sources.through.objects.filter(sample__project=project)
    coders: dict[int, set[int]] = defaultdict(set)
    for sample_id, person_id in Sample.coders.through.objects.filter(
            sample__project=project).values_list("sample_id", "person_id"):
        coders[sample_id].add(person_id)
    for source_id, sample_id in through.values_list("source_id", "sample_id"):
        units[source_id] |= coders[sample_id]
    return dict(units)


@dataclass
class Decisions:
    units: dict[int, set[int]]  # source -> assigned coders
    rated: set[tuple[int, int]]  # (coder, source) coded
    applied: dict[tuple[int, int, int], list[Coding]] = field(default_factory=dict)


def decisions(project: Project) -> Decisions:
    units = sampled(project)
    rated = {(coder, source) for source, coder in CodedUnit.objects.filter(
        source__in=units).values_list("source_id", "coder_id") if coder in units[source]}
    found = Decisions(units, rated)
    codings = Coding.objects.filter(source__in=units, layer=Coding.Layer.CODER)
    for coding in codings.order_by("source_id", "start"):
        if coding.coder_id in units[coding.source_id]:
            key = (coding.code_id, coding.coder_id, coding.source_id)
            found.applied.setdefault(key, []).append(coding)
    return found


def agreement(project: Project, *, draws: int = BOOTSTRAP, seed: int = 0,
              paths: dict[int, str] | None = None, found: Decisions | None = None
              ) -> list[Figures]:
    """One row per current code (named by its path), then the overall row. `paths` and `found`
    when the caller read them already (code_paths, decisions)."""
    paths = code_paths(project) if paths is None else paths
    found = decisions(project) if found is None else found
    coders = sorted({c for assigned in found.units.values() for c in assigned})
    units = sorted(found.units)
    order = sorted(paths, key=lambda pk: paths[pk].lower())
    return table(
        [paths[pk] for pk in order], [str(c) for c in coders], [str(u) for u in units],
        ((str(coder), str(unit)) for coder, unit in found.rated),
        ((paths[code], str(coder), str(unit)) for code, coder, unit in found.applied
         if code in paths),
        draws=draws, seed=seed,
    )


@dataclass(frozen=True)
class Disagreement:
    source: Source
    code_id: int
    code: str
    applied: list[tuple[int, list[Coding]]]  # (coder, their codings)
    not_applied: list[int]  # coders who coded the unit without the code


def disagreements(project: Project, paths: dict[int, str] | None = None,
                  found: Decisions | None = None) -> list[Disagreement]:
    """Each code on which the coders of a sampled unit differ, once all of them coded it; the
    adjudicated ones left out."""
    paths = code_paths(project) if paths is None else paths
    found = decisions(project) if found is None else found
    settled = set(Adjudication.objects.filter(source__project=project)
                  .values_list("source_id", "code_id"))
    complete = [s for s, coders in found.units.items()
                if len(coders) >= 2 and all((c, s) in found.rated for c in coders)]
    sources = Source.objects.in_bulk(complete)
    listed = []
    for source_id in sorted(complete):
        coders = sorted(found.units[source_id])
        for code_id in sorted(paths, key=lambda pk: paths[pk].lower()):
            if (source_id, code_id) in settled:
                continue
            applied = [(c, found.applied[(code_id, c, source_id)]) for c in coders
                       if (code_id, c, source_id) in found.applied]
            if applied and len(applied) < len(coders):
                listed.append(Disagreement(
                    sources[source_id], code_id, paths[code_id], applied,
                    [c for c in coders if (code_id, c, source_id) not in found.applied]))
    return listed
