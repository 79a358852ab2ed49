"""A cohort's enrolments, requests and pairs turned into the engine's plain inputs.

Ids handed to the engine are Person primary keys as strings. Demographics enter only where a
mentee asked for an affinity, and then only as opaque codes: the engine needs equality, not
the values, and the stored snapshot then holds no one's gender or background. The equity group
is a code too (mentora.matching.groups): the snapshot holds no group label.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace

from django.utils import timezone

from mentora.engagement.events import trained_people
from mentora.matching.engine import (
    Constraints,
    EquityGuard,
    Mentee,
    Mentor,
    Problem,
    Structure,
    Weights,
)
from mentora.matching.groups import URIM, group_code
from mentora.matching.models import MatchPreference, MatchRequest, MatchSettings
from mentora.mentorships.actions.lifecycle import active_pairs, pairs_elsewhere
from mentora.people.ladder import on_ladder
from mentora.people.models import Demographics, Person
from mentora.programs.models import Block, Cohort, Enrolment, Program, Tier, live_on

NO_LIMIT = 100  # rungs: more than the whole ladder
# Off the ladder (staff, administrators): never eligible by a stage gap.
OFF_LADDER_MENTEE, OFF_LADDER_MENTOR = 10_000, -10_000
LIVE = [Enrolment.Status.ACTIVE, Enrolment.Status.INVITED]
SIDE_ROLES = {"mentees": Enrolment.Role.MENTEE, "mentors": Enrolment.Role.MENTOR}

PairIds = Iterable[tuple[int, int]]  # (mentee Person id, mentor Person id)


@dataclass
class CohortPeople:
    mentees: list[Enrolment]
    mentors: list[Enrolment]
    preferences: dict[int, MatchPreference]  # by enrolment id


def weights_for(program: Program) -> Weights:
    """The engine's default weights, overridden by the program's settings where given."""
    stored = _settings(program).weights or {}
    known = {f.name for f in fields(Weights)}
    return Weights(**{k: float(v) for k, v in stored.items() if k in known})


def structure_for(program: Program) -> Structure:
    if program.kind == Program.Kind.TIERED:
        return Structure("tiers", tuple(program.tiers.values_list("name", flat=True)))
    if program.kind == Program.Kind.TEAM:
        return Structure("teams", max_per_mentee=_settings(program).max_team_size)
    return Structure("pairs")


def build_problem(cohort: Cohort, *, pins: PairIds = (), forbids: PairIds = (),
                  break_current: bool = False, block: Block | None = None) -> Problem:
    """Everything the engine needs to match this cohort (or one block of it), read once from
    the database."""
    program = cohort.program
    people = cohort_people(cohort, with_interests=False)
    if block is not None:
        people = block_people(cohort, people, block)
    affinity = _affinity_codes(people, cohort.pk)
    everyone_else = group_code(cohort.pk, "")
    interests = _interests_of([e.person_id for e in [*people.mentees, *people.mentors]])
    tiers = list(program.tiers.all())
    mentees = [_mentee(e, people, affinity, interests, everyone_else) for e in people.mentees]
    mentors = [_mentor(e, people, affinity, interests, tiers) for e in people.mentors]
    # Trained: a mentor training attended (engagement's attendance) or the enrolment's own mark.
    attended = trained_people(program, [e.person_id for e in people.mentors])
    mentors = [replace(m, trained=True) if int(m.id) in attended else m for m in mentors]
    _add_requests(cohort, mentees, mentors)
    ids = {m.id for m in mentees}, {m.id for m in mentors}
    current = _current_pairs(cohort, ids)
    both = ids[0] & ids[1]
    constraints = Constraints(
        min_gap=program.mentor_min_stage_gap,
        max_gap=_max_gap(program, people),
        forbidden=_keys(forbids, ids) | frozenset((p, p) for p in both),
        pinned=_keys(pins, ids),
        current=current,
        break_current=break_current,
        require_training=program.mentor_training_required,
    )
    return Problem(
        mentees, mentors, weights_for(program), constraints, structure_for(program),
        EquityGuard(group_code(cohort.pk, URIM), required=_settings(program).equity_required),
        existing=_existing_pairs(cohort, ids) - current,
    )


def cohort_people(cohort: Cohort, with_interests: bool = True, side: str = "") -> CohortPeople:
    """The cohort's live enrolments (not past their end date) by side; `side` ("mentees" or
    "mentors") reads only that side's (the browse pages show one side, with interests, a few
    thousand people)."""
    live = cohort.enrolments.filter(
        live_on(timezone.localdate()), status__in=LIVE).select_related("person", "tier")
    if side:
        live = live.filter(role__in=(SIDE_ROLES[side], Enrolment.Role.BOTH))
    if with_interests:
        live = live.prefetch_related("person__specialty_interests",
                                     "person__scholarly_interests")
    enrolments = list(live.order_by("person_id"))
    preferences = {p.enrolment_id: p for p in MatchPreference.objects.filter(
        enrolment__cohort=cohort)}
    return CohortPeople(
        [e for e in enrolments if e.is_mentee],
        [e for e in enrolments if e.is_mentor and e.capacity > 0],
        preferences,
    )


def block_people(cohort: Cohort, people: CohortPeople, block: Block) -> CohortPeople:
    """One block's match: its mentees, and the mentors in it or in no block, each with the room
    left once their active pairs with mentees outside the block are counted (a mentor of two
    in block 1 whose pairs go on has no room in block 2 until they end)."""
    mentees = [e for e in people.mentees if e.block_id == block.pk]
    inside = {e.person_id for e in mentees}
    busy: dict[int, int] = {}
    for mentee, mentor in active_pairs(cohort):
        if mentee not in inside:
            busy[mentor] = busy.get(mentor, 0) + 1
    mentors = []
    for enrolment in people.mentors:
        if enrolment.block_id not in (None, block.pk):
            continue
        room = enrolment.capacity - busy.get(enrolment.person_id, 0)
        if room > 0:
            enrolment.capacity = room  # read by _mentor; never saved
            mentors.append(enrolment)
    return CohortPeople(mentees, mentors, people.preferences)


def _settings(program: Program) -> MatchSettings:
    try:
        return program.match_settings
    except MatchSettings.DoesNotExist:
        return MatchSettings(program=program)


def _stage(person: Person, side: str) -> int:
    if on_ladder(person.career_stage):
        return int(person.career_stage)
    return OFF_LADDER_MENTEE if side == "mentee" else OFF_LADDER_MENTOR


def _max_gap(program: Program, people: CohortPeople) -> int:
    """The program's limit; a tiered program's tiers say who mentors, so the gap stretches to
    reach its highest tier (an MS3's upper-level resident may be a PGY3, four rungs up)."""
    limit = program.mentor_max_stage_gap if program.mentor_max_stage_gap is not None else NO_LIMIT
    if program.kind != Program.Kind.TIERED or not people.mentees:
        return limit
    top = max((t.max_stage for t in program.tiers.all()), default=0)
    lowest = min(_stage(e.person, "mentee") for e in people.mentees)
    return max(limit, top - lowest)


Interests = dict[int, tuple[tuple[str, ...], str]]


def _interests_of(person_ids: list[int]) -> Interests:
    """Per person: specialty and scholarly interests together, and the primary specialty (the
    first listed). Two queries for the whole cohort."""
    found: dict[int, tuple[list[str], list[str]]] = {pk: ([], []) for pk in person_ids}
    throughs = (Person.specialty_interests.through, Person.scholarly_interests.through)
    for k, through in enumerate(throughs):
        rows = through._default_manager.filter(person_id__in=person_ids).order_by("interest_id")
        for person_id, name in rows.values_list("person_id", "interest__name"):
            found[person_id][k].append(name)
    return {pk: (tuple(sp + sc), sp[0] if sp else "") for pk, (sp, sc) in found.items()}


def _mentee(enrolment: Enrolment, people: CohortPeople,
            affinity: dict[int, dict[str, str]], known: Interests, no_group: str) -> Mentee:
    person = enrolment.person
    preference = people.preferences.get(enrolment.pk)
    asked = _asked(preference)
    interests, specialty = known[person.pk]
    codes = affinity.get(person.pk, {})
    return Mentee(
        str(person.pk), _stage(person, "mentee"), interests, specialty, person.goals,
        person.communication_style, codes.get("group", no_group), person.site,
        gender=codes.get("gender", "") if "gender" in asked else "",
        background=codes.get("background", "") if "background" in asked else "",
        affinity=asked,
        roles=tuple(preference.roles_needed) if preference else (),
    )


def _mentor(enrolment: Enrolment, people: CohortPeople, affinity: dict[int, dict[str, str]],
            known: Interests, tiers: list[Tier]) -> Mentor:
    person = enrolment.person
    preference = people.preferences.get(enrolment.pk)
    interests, specialty = known[person.pk]
    codes = affinity.get(person.pk, {})
    return Mentor(
        str(person.pk), _stage(person, "mentor"), enrolment.capacity, interests, specialty,
        person.goals, person.communication_style, person.site,
        gender=codes.get("gender", ""), background=codes.get("background", ""),
        tier=_tier(enrolment, tiers),
        role=(preference.team_role if preference else "") or "career",
        trained=enrolment.mentor_trained,
    )


def _tier(enrolment: Enrolment, tiers: list[Tier]) -> str:
    """The enrolment's tier, else the program tier whose stages hold the mentor's."""
    if enrolment.tier is not None:
        return enrolment.tier.name
    stage = enrolment.person.career_stage
    for tier in tiers:
        if tier.min_stage <= stage <= tier.max_stage:
            return tier.name
    return ""


def _asked(preference: MatchPreference | None) -> tuple[str, ...]:
    if preference is None:
        return ()
    return tuple(name for name, wanted in (("gender", preference.same_gender),
                                           ("background", preference.same_background)) if wanted)


def _affinity_codes(people: CohortPeople, cohort_id: int) -> dict[int, dict[str, str]]:
    """Opaque per-cohort codes for the attributes someone asked to share, and the equity group.

    Mentors' demographics are read only for attributes that some mentee asked for."""
    wanted: set[str] = set()
    for e in people.mentees:
        wanted.update(_asked(people.preferences.get(e.pk)))
    person_ids = {e.person_id for e in [*people.mentees, *people.mentors]}
    codes: dict[int, dict[str, str]] = {}
    vocabulary: dict[str, str] = {}
    for row in Demographics.objects.filter(person_id__in=person_ids):
        mine = codes.setdefault(row.person_id, {})
        if row.underrepresented == "yes":
            mine["group"] = group_code(cohort_id, URIM)
        values = {"gender": row.gender,
                  "background": ",".join(sorted(row.race_ethnicity or []))}
        for attribute in wanted:
            value = values[attribute]
            if value and value != "prefer_not":
                key = f"{attribute}:{value}"
                mine[attribute] = vocabulary.setdefault(key, f"{attribute[0]}{len(vocabulary)}")
    return codes


def _add_requests(cohort: Cohort, mentees: list[Mentee], mentors: list[Mentor]) -> None:
    """Open requests become each side's ordered list of the people it asked for."""
    by_mentee: dict[str, list[str]] = {}
    by_mentor: dict[str, list[str]] = {}
    open_requests = MatchRequest.objects.filter(cohort=cohort, status=MatchRequest.Status.OPEN)
    for match_request in open_requests.order_by("rank", "created_at", "pk"):
        mentee, mentor = str(match_request.mentee_id), str(match_request.mentor_id)
        if match_request.side == MatchRequest.Side.MENTEE:
            by_mentee.setdefault(mentee, []).append(mentor)
        else:
            by_mentor.setdefault(mentor, []).append(mentee)
    mentor_ids = {m.id for m in mentors}
    mentee_ids = {m.id for m in mentees}
    for k, one_mentee in enumerate(mentees):
        wanted = tuple(m for m in by_mentee.get(one_mentee.id, []) if m in mentor_ids)
        mentees[k] = replace(one_mentee, requested=wanted)
    for k, one_mentor in enumerate(mentors):
        wanted = tuple(m for m in by_mentor.get(one_mentor.id, []) if m in mentee_ids)
        mentors[k] = replace(one_mentor, requested=wanted)


def _keys(pairs: PairIds, ids: tuple[set[str], set[str]]) -> frozenset[tuple[str, str]]:
    """Pairs of people still in the cohort; adjustments naming someone who left are dropped."""
    keys = {(str(e), str(m)) for e, m in pairs}
    return frozenset(k for k in keys if k[0] in ids[0] and k[1] in ids[1])


def _current_pairs(cohort: Cohort, ids: tuple[set[str], set[str]]) -> frozenset[tuple[str, str]]:
    return _keys(active_pairs(cohort), ids)


def _existing_pairs(cohort: Cohort, ids: tuple[set[str], set[str]]
                    ) -> frozenset[tuple[str, str]]:
    """Working relationships from other cohorts: a score bonus, never a constraint."""
    return _keys(pairs_elsewhere(cohort, (int(i) for i in ids[0])), ids)
