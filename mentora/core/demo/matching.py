"""The demo's matches, made by the engine and published the way a coordinator would.

Seed 000 gets its tiers (an intern and an upper-level resident per student, on future career
interest), seed 003 its teams (career, research and sponsor mentors, after a first run that
gives everyone one mentor), the others pairs. A few
people ask for mentors first, and the clerkship keeps an unpublished second run with a pin and
a forbidden pair, so a coordinator sees the workflow mid-way.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from mentora.core.demo.context import DemoContext
from mentora.core.demo.people import SPECIALTIES
from mentora.matching.match_requests import do_ask_for, eligible_mentors
from mentora.matching.models import MatchPreference, MatchRequest, MatchRun, MatchSettings
from mentora.matching.publish import do_publish
from mentora.matching.runs import do_start_run
from mentora.people.models import Interest
from mentora.programs.models import Cohort, Enrolment

MODES = {"000": "welfare", "001": "welfare", "002": "stable", "003": "participation",
         "004": "welfare"}
TEAM_ROLES = ("sponsor", "research", "career")  # most senior third sponsors


def match_programs(ctx: DemoContext) -> None:
    _future_careers(ctx, ctx.cohorts["000"])
    _team_roles(ctx.cohorts["003"])
    MatchSettings.objects.create(program=ctx.programs["004"], weights={"site": 1.0})
    _preferences(ctx)
    for key, cohort in ctx.cohorts.items():
        when = _matched_on(cohort, ctx)
        pins = _one_mentor_each(cohort, when) if key == "003" else []
        run = do_start_run(cohort, None, when, mode=MODES[key], pins=pins)
        if run.status != MatchRun.Status.DONE:
            raise RuntimeError(f"demo match of {cohort} failed: {run.error}")
        outcome = do_publish(run, run.version, None, when, notify=False)
        ctx.say(f"  {cohort.program.name}: run {run.number} published, "
                f"{len(outcome.created)} mentorships")
    _draft(ctx, ctx.cohorts["000"])


def _one_mentor_each(cohort: Cohort, when: datetime) -> list[tuple[int, int]]:
    """Mentors are too few for a full team each (72 places, 123 wanted), so the coordinator
    first gives every resident one mentor (a run with teams of one), pins those pairs, and
    fills the teams around them in the run that is published."""
    settings = MatchSettings.objects.create(program=cohort.program, max_team_size=1)
    first = do_start_run(cohort, None, when, mode="participation")
    settings.max_team_size = None
    settings.save(update_fields=["max_team_size"])
    return [(int(p.mentee_id), int(p.mentor_id)) for p in first.pairs]


def _matched_on(cohort: Cohort, ctx: DemoContext) -> datetime:
    day = cohort.starts_on + timedelta(days=ctx.rng.randint(7, 14))
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _future_careers(ctx: DemoContext, cohort: Cohort) -> None:
    """Residents all train in internal medicine; their future careers differ, and that is what
    the clerkship matches students on."""
    for enrolment in cohort.enrolments.filter(role="mentor").select_related("person"):
        name = ctx.rng.choice(SPECIALTIES[1:])
        interest = Interest.objects.get_or_create(kind="specialty", name=name)[0]
        enrolment.person.specialty_interests.add(interest)


def _team_roles(cohort: Cohort) -> None:
    mentors = list(cohort.enrolments.filter(role="mentor").select_related("person").order_by(
        "-person__career_stage", "person_id"))
    third = -(-len(mentors) // 3)
    for k, enrolment in enumerate(mentors):
        MatchPreference.objects.create(enrolment=enrolment, team_role=TEAM_ROLES[k // third])


def _preferences(ctx: DemoContext) -> None:
    """A few mentees ask for a mentor of their gender; some ask for mentors by name, among
    them the intern, who is a mentee in the GME program."""
    for cohort in ctx.cohorts.values():
        mentees = list(cohort.enrolments.filter(role="mentee").order_by("person_id"))
        for enrolment in ctx.rng.sample(mentees, k=max(len(mentees) // 8, 1)):
            MatchPreference.objects.update_or_create(enrolment=enrolment,
                                                     defaults={"same_gender": True})
    faculty = ctx.cohorts["002"]
    askers = list(faculty.enrolments.filter(role="mentee").select_related(
        "cohort__program", "person").order_by("person_id")[:6])
    intern = Enrolment.objects.select_related("cohort__program", "person").get(
        cohort=ctx.cohorts["003"], person__email="intern@demo.mentora.test")
    for enrolment in [*askers, intern]:
        cards = eligible_mentors(enrolment)
        for card in ctx.rng.sample(cards, k=min(2, len(cards))):
            other = enrolment.cohort.enrolments.get(person_id=card.person_id).person
            do_ask_for(enrolment, other, ctx.now)
    ctx.say(f"  {MatchRequest.objects.count()} requests for named mentors")


def _draft(ctx: DemoContext, cohort: Cohort) -> None:
    """Run 2 of the clerkship: may re-pair everyone, with the student's pick pinned and one
    pair forbidden, left for the coordinator to compare with run 1 and publish or not."""
    first = cohort.match_runs.get(number=1)
    student = cohort.enrolments.get(person__email="student@demo.mentora.test").person
    theirs = [p for p in first.pairs if p.mentee_id == str(student.pk)]
    residents = [p for p in first.pairs if p.slot == "Upper-level resident"
                 and p.mentor_id != theirs[-1].mentor_id]
    pin = (student.pk, int(residents[0].mentor_id))
    forbid = (int(theirs[0].mentee_id), int(theirs[0].mentor_id))
    draft = do_start_run(cohort, None, _matched_on(cohort, ctx), mode="welfare",
                         break_current=True, pins=[pin], forbids=[forbid], based_on=first)
    ctx.say(f"  {cohort.program.name}: draft run {draft.number} with a pin, not published")
