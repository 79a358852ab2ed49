"""Demo step: qualitative coding (issue 15).

Seed 002's narrative comments become the open answers ("What worked well?", "What should
change?") of its end-of-year perceptions wave, are imported as sources of a coding project and
coded by two evaluators: the lead codes every comment, a random 25% sample is double coded blind,
the second coder reads a few comments differently (where the seed itself hesitates), and the
lead settles each disagreement into the consensus layer. Seed 004's near-peer mentors' focus
group is uploaded as a transcript and coded. Every write goes through the qualitative app's
doors. No draw of the demo's random generator is used, so no other figure moves (the sample's
draw has a seed of its own).
"""

from __future__ import annotations

import dataclasses
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from faker import Faker

from mentora.core.demo.context import DemoContext
from mentora.core.demo.people import make_login, make_person
from mentora.core.demo.qualitative_texts import (
    CODEBOOK_002,
    CODEBOOK_004,
    FOCUS_GROUP_004,
    FOCUS_GROUP_CODINGS,
    MENTEES_CHANGE,
    MENTEES_WORKED,
    MENTORS,
    Comment,
    Reading,
)
from mentora.people.ladder import Stage
from mentora.people.models import Person
from mentora.qualitative.actions.codebook import do_create_code
from mentora.qualitative.actions.coding import do_apply_code, do_write_memo
from mentora.qualitative.actions.projects import (
    do_add_coder,
    do_add_transcript,
    do_create_project,
    do_import_comments,
)
from mentora.qualitative.actions.samples import do_adjudicate, do_draw_sample
from mentora.qualitative.agreement import disagreements
from mentora.qualitative.models import Code, Project, Source
from mentora.surveys.models import Answer, Wave

SAMPLE_SEED = 15
SAMPLE_PERCENT = 25
PROJECT_002 = "Narrative comments, end of year"
PROJECT_004 = "Near-peer mentors' focus group"


def _coders(ctx: DemoContext) -> tuple[Person, Person]:
    """Two evaluators who code, drawn from generators of their own (no demo draw moves)."""
    own = dataclasses.replace(ctx, rng=random.Random(SAMPLE_SEED), fake=Faker("en_US"))
    own.fake.seed_instance(SAMPLE_SEED)
    made = []
    for role, email, name in (
        ("evaluator, coding lead", "coding.lead@demo.mentora.test", "Nadia Okafor"),
        ("evaluator, coding", "coder@demo.mentora.test", "Tomas Lindqvist"),
    ):
        person = make_person(own, Stage.STAFF, email=email, name=name)
        person.is_evaluator = True
        person.save(update_fields=["is_evaluator"])
        make_login(own, person, role, email)
        made.append(person)
    return made[0], made[1]


def _answer_open_questions(ctx: DemoContext) -> dict[str, Comment]:
    """Seed 002's comments as the perceptions wave's open answers; the comment of each text."""
    cohort = ctx.cohorts["002"]
    wave = Wave.objects.get(cohort=cohort, label="End of year perceptions")
    items = {
        i.variable: i
        for i in wave.instrument.items.filter(variable__in=("worked_well", "should_change"))
    }
    responses = dict(wave.responses.values_list("respondent__person_id", "pk"))
    # In the order the surveys step answered them (its first 17 mentees agreed the program was
    # a positive addition, the next 6 did not, the last 7 did not answer).
    enrolled = cohort.enrolments.select_related("person")
    mentees = [e.person for e in enrolled.filter(role="mentee")]
    mentors = [e.person for e in enrolled.filter(role="mentor")]
    said: list[tuple[Person, str, Comment]] = []
    said += [(mentees[i], "worked_well", c) for i, c in enumerate(MENTEES_WORKED)]
    said += [(mentees[i], "should_change", c) for i, c in MENTEES_CHANGE.items()]
    for person, (worked, change) in zip(mentors, MENTORS, strict=False):
        said += [(person, "worked_well", worked), (person, "should_change", change)]
    Answer.objects.bulk_create(
        Answer(response_id=responses[person.pk], item=items[variable], value=comment[0])
        for person, variable, comment in said
        if person.pk in responses
    )
    return {comment[0]: comment for _, _, comment in said}


def _codebook(
    project: Project, spec: list[tuple[str, str, str]], ctx: DemoContext
) -> dict[str, Code]:
    return {
        name: do_create_code(project, name, ctx.now, definition=definition, colour=colour)
        for name, definition, colour in spec
    }


def _code(
    source: Source, reading: Reading, coder: Person, codes: dict[str, Code], ctx: DemoContext
) -> None:
    for name, valence in reading:
        do_apply_code(source, codes[name], coder, ctx.now, valence=valence)


def _project(
    ctx: DemoContext, key: str, name: str, description: str, coders: tuple[Person, Person]
) -> tuple[Project, User]:
    """A project of seed `key`'s cohort, made by the program director, its coders added (the
    first leads)."""
    coordinator = get_user_model().objects.get(username="coordinator@demo.mentora.test")
    project = do_create_project(
        ctx.cohorts[key], name, coordinator, ctx.now, description=description
    )
    for index, person in enumerate(coders):
        do_add_coder(project, person, ctx.now, is_lead=index == 0, by=coordinator)
    return project, coordinator


def _comments_project(ctx: DemoContext, lead: Person, second: Person) -> Project:
    comments = _answer_open_questions(ctx)
    project, coordinator = _project(
        ctx,
        "002",
        PROJECT_002,
        "Mentees' and mentors' answers to the end-of-year survey's open questions, "
        "sorted by theme as seed 002's Table 4.",
        (lead, second),
    )
    codes = _codebook(project, CODEBOOK_002, ctx)
    do_import_comments(project, ["worked_well", "should_change"], ctx.now, by=coordinator)
    sample = do_draw_sample(
        project, SAMPLE_PERCENT, [lead, second], ctx.now, seed=SAMPLE_SEED, by=coordinator
    )
    sampled = set(sample.sources.values_list("pk", flat=True))
    for source in project.sources.order_by("pk"):
        _, reading, other = comments[source.text]
        _code(source, reading, lead, codes, ctx)
        if source.pk in sampled:
            _code(source, other or reading, second, codes, ctx)
    by_name = {code.pk: code for code in codes.values()}
    for item in disagreements(project):
        _, reading, _ = comments[item.source.text]
        applies = any(name == by_name[item.code_id].name for name, _ in reading)
        do_adjudicate(
            item.source,
            by_name[item.code_id],
            applies,
            lead,
            ctx.now,
            adopt=lead if applies else None,
        )
    do_write_memo(
        project,
        lead,
        "Availability ('available', 'no substantive contact') is coded "
        "under Time as well as the relationship, as seed 002 lists it.",
        ctx.now,
        code=codes["Time"],
    )
    return project


def _focus_group_project(ctx: DemoContext, lead: Person, second: Person) -> Project:
    project, coordinator = _project(
        ctx,
        "004",
        PROJECT_004,
        "Open coding of the near-peer mentors' focus group, within a year of mentoring (seed 004).",
        (lead, second),
    )
    codes = _codebook(project, CODEBOOK_004, ctx)
    source = do_add_transcript(
        project,
        Source.Kind.FOCUS_GROUP,
        "Focus group, near-peer mentors",
        FOCUS_GROUP_004,
        ctx.now,
        by=coordinator,
        role="mentor",
        group="Near-peer mentors",
        wave="Within a year of mentoring",
    )
    for words, name, valence in FOCUS_GROUP_CODINGS:
        start = source.text.index(words)
        do_apply_code(
            source, codes[name], lead, ctx.now, start=start, end=start + len(words), valence=valence
        )
    return project


def code_comments(ctx: DemoContext) -> None:
    lead, second = _coders(ctx)
    comments = _comments_project(ctx, lead, second)
    focus = _focus_group_project(ctx, lead, second)
    sampled = comments.samples.get().sources.count()
    ctx.say(
        f"  {comments.sources.count()} comments ({sampled} double coded), "
        f"{focus.sources.count()} focus-group transcript"
    )
    ctx.say(
        f"  coding: {lead.email} (lead, adjudicates) and {second.email}, "
        "password as every demo login"
    )
