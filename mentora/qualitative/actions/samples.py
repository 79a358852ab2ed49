"""Samples for double coding, drawn at random and assigned blind, and the adjudicated consensus
of their disagreements, kept as a layer of its own beside every coder's."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction

from mentora.audit.record import Action, record
from mentora.people.models import Person
from mentora.qualitative.actions.projects import QdaError
from mentora.qualitative.models import Adjudication, Code, Coding, Project, Sample, Source, Valence
from mentora.qualitative.pure.sampling import SampleError, draw


@transaction.atomic
def do_draw_sample(project: Project, percent: int, coders: Sequence[Person], now: datetime, *,
                   seed: int | None = None, by: User | None = None) -> Sample:
    """A random `percent` of the sources not yet in a sample, for every one of `coders` (two or
    more of the project's coders) to code blind. The seed is kept, so the draw can be redone."""
    people = {person.pk: person for person in coders}
    if len(people) < 2:
        raise QdaError("coders: choose two or more coders for double coding.")
    assigned = set(project.coders.values_list("person_id", flat=True))
    strangers = [p.full_name for p in people.values() if p.pk not in assigned]
    if strangers:
        raise QdaError(f"coders: {', '.join(strangers)} is not a coder of this project.")
    free = list(Source.objects.filter(project=project).exclude(samples__project=project)
                .values_list("pk", flat=True))
    seed = random.SystemRandom().randrange(2**31) if seed is None else seed
    try:
        chosen = draw(free, percent, seed)
    except SampleError as error:
        raise QdaError(str(error)) from None
    sample = Sample.objects.create(project=project, percent=percent, seed=seed, drawn_by=by,
                                   drawn_at=now)
    sample.sources.set(chosen)
    sample.coders.set(list(people.values()))
    record(Action.CREATE, sample, program=project.cohort, by=by,
           note=f"{len(chosen)} sources, {len(people)} coders")
    return sample


@transaction.atomic
def do_adjudicate(source: Source, code: Code, applies: bool, by: Person, now: datetime, *,
                  adopt: Person | None = None, valence: str = Valence.NEUTRAL) -> Adjudication:
    """A lead coder settles one code in one sampled unit: applied or not. Applied, the consensus
    layer takes the segments of the coder `adopt` (with their valences), or the whole unit with
    `valence`; the coders' own codings stay as they were, the evidence of agreement."""
    project = source.project
    if not project.coders.filter(person=by, is_lead=True).exists():
        raise QdaError("Only a lead coder adjudicates.")
    if code.project_id != project.pk or not source.samples.exists():
        raise QdaError("Only the codes of a sampled source of this project are adjudicated.")
    if valence not in Valence.values:
        raise QdaError(f"valence: {valence!r} is not one of {', '.join(Valence.values)}.")
    Coding.objects.filter(source=source, code=code, layer=Coding.Layer.CONSENSUS).delete()
    if applies:
        segments = list(Coding.objects.filter(source=source, code=code, coder=adopt,
                                              layer=Coding.Layer.CODER)) if adopt else []
        if not segments:
            segments = [Coding(start=0, end=len(source.text), text=source.text, valence=valence)]
        Coding.objects.bulk_create(
            Coding(project=project, source=source, code=code, start=s.start, end=s.end,
                   text=s.text, valence=s.valence, coder=by, layer=Coding.Layer.CONSENSUS,
                   codebook_version=project.codebook_version, created_at=now)
            for s in segments
        )
    adjudication, created = Adjudication.objects.update_or_create(
        source=source, code=code, defaults={"applies": applies, "by": by, "at": now},
    )
    record(Action.CREATE if created else Action.UPDATE, adjudication, program=project.cohort,
           by=by, fields=["applies"])
    return adjudication
