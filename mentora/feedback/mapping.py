"""Competency evidence (issue 14, item 3): which framework items a program's mini-CEX domains
and procedures are evidence of (data, rows of DomainCompetency and ProcedureCompetency), which
items a learner's reflections are evidence of (ReflectionCompetency, the learner's own tags),
and what a learner's pair holds toward each item: goals tagged with it, observations rated in a
domain mapped to it, confirmed procedures tagged with it, reflections tagged with it. Nothing
counts by a name in code.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from statistics import mean

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet

from mentora.audit.record import Action, record
from mentora.feedback.models import (
    DomainCompetency,
    MiniCex,
    ProcedureCompetency,
    ProcedureEntry,
    ReflectionCompetency,
)
from mentora.feedback.pure.minicex import DOMAINS, normalise_procedure
from mentora.mentorships.models import (
    Competency,
    Goal,
    Mentorship,
    Reflection,
    competencies_for,
)
from mentora.people.models import Person
from mentora.programs.access import programs_for
from mentora.programs.models import Program

DOMAIN_CODES = frozenset(code for code, _ in DOMAINS)


class MappingError(ValueError):
    """Refused input, with a message saying what and where; nothing was written."""


def _check(user: User, program: Program, competency: Competency) -> None:
    if not programs_for(user).filter(pk=program.pk).exists():
        raise MappingError("Only this program's coordinators may map its competencies.")
    if not competencies_for(program).filter(pk=competency.pk).exists():
        raise MappingError("Competency: choose an item of this program's frameworks.")


@transaction.atomic
def do_map_domain(user: User, program: Program, domain: str, competency: Competency
                  ) -> DomainCompetency:
    """In this program, a rating in the mini-CEX `domain` is evidence of `competency`."""
    _check(user, program, competency)
    if domain not in DOMAIN_CODES:
        raise MappingError(f"Domain: {domain!r} is not a mini-CEX domain.")
    mapping, created = DomainCompetency.objects.get_or_create(
        program=program, domain=domain, competency=competency
    )
    if not created:
        raise MappingError(f"Domain: {mapping.get_domain_display()} already maps to "
                           f"{competency.code}.")
    record(Action.CREATE, mapping, program=program, fields=["domain", "competency"])
    return mapping


@transaction.atomic
def do_tag_procedure(user: User, program: Program, procedure: str, competency: Competency
                     ) -> ProcedureCompetency:
    """In this program, a confirmed `procedure` is evidence of `competency`."""
    _check(user, program, competency)
    name = normalise_procedure(procedure)
    if not name:
        raise MappingError("Procedure: name the procedure.")
    if len(name) > 120:
        raise MappingError("Procedure: at most 120 characters.")
    tag, created = ProcedureCompetency.objects.get_or_create(
        program=program, procedure=name, competency=competency
    )
    if not created:
        raise MappingError(f"Procedure: {name} is already tagged {competency.code}.")
    record(Action.CREATE, tag, program=program, fields=["procedure", "competency"])
    return tag


@transaction.atomic
def do_remove_mapping(user: User, program: Program, kind: str, mapping_id: int) -> None:
    """Removes a domain mapping (`kind` "domain") or a procedure tag ("procedure")."""
    if not programs_for(user).filter(pk=program.pk).exists():
        raise MappingError("Only this program's coordinators may map its competencies.")
    found: DomainCompetency | ProcedureCompetency | None = None
    if kind == "domain":
        found = DomainCompetency.objects.filter(program=program, pk=mapping_id).first()
    elif kind == "procedure":
        found = ProcedureCompetency.objects.filter(program=program, pk=mapping_id).first()
    if found is None:
        raise MappingError("That mapping is not this program's (or is already removed).")
    record(Action.DELETE, found, program=program, fields=["competency"])
    found.delete()


def reflections_in(pair: Mentorship) -> QuerySet[Reflection]:
    """The learner's reflections after the pair's meetings."""
    return Reflection.objects.filter(mentee_id=pair.mentee_id, meeting__mentorships=pair)


@transaction.atomic
def do_tag_reflection(by: Person, pair: Mentorship, reflection: Reflection,
                      competency: Competency, now: datetime) -> ReflectionCompetency:
    """The learner says a reflection of theirs in this pair is evidence of `competency`."""
    if by.pk != pair.mentee_id:
        raise MappingError("Only the learner tags their own reflections.")
    if not reflections_in(pair).filter(pk=reflection.pk).exists():
        raise MappingError("Reflection: choose one of your reflections in this mentorship.")
    if not competencies_for(pair.cohort.program).filter(pk=competency.pk).exists():
        raise MappingError("Competency: choose an item of this program's frameworks.")
    tag, created = ReflectionCompetency.objects.get_or_create(
        reflection=reflection, competency=competency, defaults={"tagged_at": now})
    if not created:
        raise MappingError(f"Reflection: already tagged {competency.code}.")
    record(Action.CREATE, tag, program=pair.cohort, by=by, fields=["competency"])
    return tag


@transaction.atomic
def do_untag_reflection(by: Person, pair: Mentorship, tag_id: int) -> None:
    found = ReflectionCompetency.objects.filter(
        pk=tag_id, reflection__in=reflections_in(pair), reflection__mentee=by).first()
    if found is None:
        raise MappingError("That tag is not one of your reflections' (or is already removed).")
    record(Action.DELETE, found, program=pair.cohort, by=by, fields=["competency"])
    found.delete()


@dataclass(frozen=True)
class Evidence:
    competency: Competency
    goals: int
    goals_achieved: int
    observations: int  # observations rated in a domain mapped to the item
    mean_rating: float | None  # the mean of those ratings
    procedures: int  # confirmed procedures tagged with the item
    reflections: int = 0  # the learner's reflections tagged with the item

    @property
    def any(self) -> bool:
        return bool(self.goals or self.observations or self.procedures or self.reflections)


def evidence_for(pair: Mentorship) -> list[Evidence]:
    """Every competency item the pair's program uses, with the pair's evidence toward it."""
    program_id = pair.cohort.program_id
    items = list(competencies_for(pair.cohort.program))
    domains: dict[int, list[str]] = defaultdict(list)
    for domain, item_id in DomainCompetency.objects.filter(program_id=program_id).values_list(
        "domain", "competency_id"
    ):
        domains[item_id].append(domain)
    tags: dict[int, set[str]] = defaultdict(set)
    for name, item_id in ProcedureCompetency.objects.filter(program_id=program_id).values_list(
        "procedure", "competency_id"
    ):
        tags[item_id].add(name)
    observed = list(MiniCex.objects.filter(mentorship=pair).values(*DOMAIN_CODES))
    done = Counter(ProcedureEntry.objects.filter(
        mentorship=pair, confirmed_at__isnull=False).values_list("procedure", flat=True))
    goals: Counter[int] = Counter()
    achieved: Counter[int] = Counter()
    Through = Goal.competencies.through
    for item_id, status in Through.objects.filter(goal__mentorship=pair).values_list(
        "competency_id", "goal__status"
    ):
        goals[item_id] += 1
        achieved[item_id] += status == Goal.Status.ACHIEVED
    reflected = Counter(ReflectionCompetency.objects.filter(
        reflection__in=reflections_in(pair)).values_list("competency_id", flat=True))
    rows = []
    for item in items:
        ratings: list[int] = []
        seen = 0
        for row in observed:
            rated = [row[d] for d in domains.get(item.pk, ()) if row[d] is not None]
            seen += bool(rated)
            ratings += rated
        rows.append(Evidence(
            competency=item, goals=goals[item.pk], goals_achieved=achieved[item.pk],
            observations=seen, mean_rating=round(float(mean(ratings)), 1) if ratings else None,
            procedures=sum(done[name] for name in tags.get(item.pk, ())),
            reflections=reflected[item.pk],
        ))
    return rows
