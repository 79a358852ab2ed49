"""Every page a user opens costs the same number of queries whatever the size of its data.

Each row of PAGES names a page, who opens it and how its data grows: the test opens it once
with a little data (SMALL rows of what it lists), then with more (LARGE), and asserts the same
number of queries both times, under the row's ceiling. `test_every_page_has_a_budget` walks
the URL patterns, so a new page without a row here fails until it has one (or a reason not to).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from mentora.api.tokens import do_create_api_token
from mentora.audit.record import Action, record_many
from mentora.audit.rights import make_auditor
from mentora.engagement.models import Kind, Pulse
from mentora.engagement.notify import Draft, notify
from mentora.evaluation.models import ScholarlyEntry
from mentora.evaluation.page import options_for
from mentora.evaluation.stored import data_version, do_ask_for_report
from mentora.feedback import actions as feedback_actions
from mentora.feedback.actions import do_confirm_procedure, do_log_procedure, do_record_mini_cex
from mentora.feedback.firewall import do_name_assessor
from mentora.feedback.mapping import do_map_domain, do_tag_procedure, do_tag_reflection
from mentora.jobs.models import Job
from mentora.jobs.queue import enqueue
from mentora.matching.models import MatchRequest
from mentora.matching.runs import do_start_run
from mentora.mentorships.actions import (
    MeetingDetails,
    do_add_action_item,
    do_draft_agreement,
    do_edit_agreement,
    do_log_meeting,
    do_record_progress,
    do_reflect,
    do_schedule_meeting,
    do_set_goal,
    do_share_plan,
    do_start_plan,
)
from mentora.mentorships.actions.competencies import (
    do_add_competency,
    do_add_framework,
    do_record_mentor_growth,
)
from mentora.mentorships.calendar import do_new_feed
from mentora.mentorships.models import Competency, Meeting, Mentorship, Topic
from mentora.people.invitations import do_invite, new_link_token
from mentora.people.ladder import Stage
from mentora.people.models import Demographics, Interest, Person
from mentora.portfolio.actions import do_choose_portfolio
from mentora.portfolio.gather import achieved_goals, observations_of, reflections_of
from mentora.programs.models import Block, Cohort, MentorOffer, PendingIntake, Tier
from mentora.surveys.actions import do_create_wave, do_save_answers, do_send_invitations
from mentora.surveys.library import ensure_library
from mentora.surveys.links import token_for
from mentora.surveys.models import Instrument, Invitation, SurveyImport, Wave
from tests import factories
from tests.conftest import World

SMALL, LARGE = 2, 20
_serial = count(1)
MEETING_DAY = date(2026, 9, 1)


def _name(what: str) -> str:
    return f"{what} {next(_serial)}"


def _pair(cohort: Cohort, mentor: Person | None = None, mentee: Person | None = None,
          ) -> Mentorship:
    """A new pair in the cohort: a new mentor and a new mentee unless given."""
    if mentor is None:
        mentor = factories.make_person(_name("Mentor"), Stage.PGY2)
        factories.enrol(cohort, mentor, "mentor", capacity=1)
    if mentee is None:
        mentee = factories.make_person(_name("Mentee"), Stage.MS3)
        factories.enrol(cohort, mentee)
    return factories.pair(cohort, mentor, mentee)


def _held(pairs: list[Mentorship], by: Person, topics: list[Topic] | None = None) -> Meeting:
    details = MeetingDetails(on=MEETING_DAY, topics=topics or [], goal="Suturing")
    return do_log_meeting(pairs, details, by, timezone.now())


def _active_pair(cohort: Cohort) -> Mentorship:
    """A pair with one of everything the relationship pages count."""
    pair = _pair(cohort)
    _held([pair], pair.mentor)
    goal = do_set_goal(pair, pair.mentee, timezone.now(), specific="Five reductions",
                       target_count=5, unit="reductions")
    do_record_progress(goal, pair.mentee, MEETING_DAY)
    do_add_action_item(pair, "Read the chapter", pair.mentee, timezone.now(), goal=goal)
    do_draft_agreement(pair, timezone.now())
    plan = do_start_plan(pair.mentee, cohort, "full", timezone.now())
    do_share_plan(plan, pair.mentee, timezone.now())
    return pair


@dataclass
class Scene:
    """A page and its data: `grow(n)` adds n more of what the page lists."""

    url: Callable[[], str]
    grow: Callable[[int], object]
    shows: Callable[[], str] = lambda: ""  # text the page shows once grown


@dataclass(frozen=True)
class Budget:
    name: str  # the URL name
    persona: Callable[[World], Any]  # a user, a person, or None (signed out)
    scene: Callable[[World], Scene]
    most: int  # ceiling at any size


# Personas


def coordinator(w: World) -> Any:
    return w.alice


def mentor(w: World) -> Any:
    return w.mark


def mentee(w: World) -> Any:
    return w.maya


def evaluator(w: World) -> Any:
    person = factories.make_person("Eve Evaluator", Stage.STAFF)
    person.is_evaluator = True
    person.save(update_fields=["is_evaluator"])
    return person


def signed_out(w: World) -> Any:
    return None


def auditor(w: World) -> Any:
    user = factories.make_user("ida.auditor@example.edu")
    make_auditor(user)
    return user


# Scenes: the coordinator's pages


def _cohort_pairs(w: World, url: str, listed: bool = False) -> Scene:
    """More pairs in Alice's cohort; `listed` when the page names them."""
    last: list[Mentorship] = []

    def grow(n: int) -> None:
        last[:] = [_pair(w.cohort) for _ in range(n)]

    return Scene(lambda: url, grow, lambda: last[-1].mentee.full_name if listed else "")


def cohort_scene(w: World) -> Scene:
    return _cohort_pairs(w, reverse("cohort", args=[w.cohort.pk]), listed=True)


def _blocks_scene(w: World, page: str) -> Scene:
    """More rotation blocks of Alice's cohort (a week each, a person in each); `page` "block"
    opens the first block, whose page lists the cohort's people in it and outside it."""
    made: list[Block] = []

    def grow(n: int) -> None:
        for _ in range(n):
            start = w.cohort.starts_on + timedelta(days=8 * len(made))
            block = Block.objects.create(cohort=w.cohort, name=_name("Block"), starts_on=start,
                                         ends_on=start + timedelta(days=6))
            made.append(block)
            _pair(w.cohort).mentee.enrolments.update(block=block)

    def url() -> str:
        if page == "block":
            return reverse("block", args=[made[0].pk])
        return reverse("cohort_blocks", args=[w.cohort.pk])

    return Scene(url, grow, lambda: made[-1].name)


def cohort_blocks_scene(w: World) -> Scene:
    return _blocks_scene(w, "cohort_blocks")


def block_scene(w: World) -> Scene:
    return _blocks_scene(w, "block")


def upload_scene(w: World) -> Scene:
    return _cohort_pairs(w, reverse("cohort_upload", args=[w.cohort.pk]))


def weights_scene(w: World) -> Scene:
    return _cohort_pairs(w, reverse("match_weights", args=[w.cohort.pk]))


def relationships_scene(w: World) -> Scene:
    last: list[Mentorship] = []

    def grow(n: int) -> None:
        last[:] = [_active_pair(w.cohort) for _ in range(n)]

    url = reverse("cohort_relationships", args=[w.cohort.pk])
    return Scene(lambda: url, grow, lambda: last[-1].mentee.full_name)


def programs_scene(w: World, url: str = "") -> Scene:
    """More programs coordinated by Alice, each with a cohort of one pair."""
    made: list[str] = []

    def grow(n: int) -> None:
        for _ in range(n):
            program = factories.make_program(_name("Program"), w.alice)
            _pair(factories.make_cohort(program))
            made.append(program.name)

    return Scene(lambda: url or reverse("program_list"), grow, lambda: made[-1])


def home_coordinator_scene(w: World) -> Scene:
    return programs_scene(w, reverse("home"))


def program_scene(w: World) -> Scene:
    made: list[str] = []

    def grow(n: int) -> None:
        for _ in range(n):
            year = 2000 + next(_serial) % 900
            cohort = factories.make_cohort(w.clerkship, f"{year}-{(year + 1) % 100:02d}")
            _pair(cohort)
            made.append(cohort.name)

    return Scene(lambda: reverse("program", args=[w.clerkship.pk]), grow, lambda: made[-1])


def runs_scene(w: World) -> Scene:
    def grow(n: int) -> None:
        for _ in range(n):
            _pair(w.cohort)
            do_start_run(w.cohort, w.alice, timezone.now())

    return Scene(lambda: reverse("match_runs", args=[w.cohort.pk]), grow)


def _latest_runs(w: World) -> list[int]:
    return list(w.cohort.match_runs.order_by("-number").values_list("pk", flat=True)[:2])


def run_scene(w: World) -> Scene:
    last: list[Person] = []

    def grow(n: int) -> None:
        last[:] = [_pair(w.cohort).mentee for _ in range(n)]
        Mentorship.objects.filter(cohort=w.cohort).delete()  # all of them wait for the match
        do_start_run(w.cohort, w.alice, timezone.now())
        do_start_run(w.cohort, w.alice, timezone.now())

    return Scene(lambda: reverse("match_run", args=[_latest_runs(w)[0]]), grow,
                 lambda: last[-1].full_name)


def compare_scene(w: World) -> Scene:
    scene = run_scene(w)
    return Scene(lambda: reverse("match_compare", args=_latest_runs(w)), scene.grow)


def _wave(w: World) -> Wave:
    instrument = ensure_library(timezone.now())["clerkship_survey"]
    return do_create_wave(w.cohort, instrument, _name("Wave"), date(2026, 7, 1),
                          date(2099, 12, 31), timezone.now())


def _invited_pairs(w: World, wave: Wave, n: int) -> list[Mentorship]:
    pairs = [_pair(w.cohort) for _ in range(n)]
    do_send_invitations(wave, timezone.now())
    return pairs


def _answer_all(wave: Wave) -> None:
    for invitation in wave.invitations.filter(used_at__isnull=True):
        do_save_answers(token_for(invitation.nonce), {"im_opinion_career": "3"}, timezone.now(),
                        submit=True)


def wave_scene(w: World) -> Scene:
    wave = _wave(w)
    last: list[Mentorship] = []

    def grow(n: int) -> None:
        last[:] = _invited_pairs(w, wave, n)
        _answer_all(wave)

    return Scene(lambda: reverse("survey_wave", args=[wave.pk]), grow,
                 lambda: last[-1].mentee.full_name)


def _surveys_scene(w: World, name: str) -> Scene:
    """More people invited and answering, and one more wave at each step."""
    waves = [_wave(w)]

    def grow(n: int) -> None:
        _invited_pairs(w, waves[0], n)
        _answer_all(waves[0])
        waves.append(_wave(w))
        do_send_invitations(waves[-1], timezone.now())

    return Scene(lambda: reverse(name, args=[w.cohort.pk]), grow, lambda: waves[-1].label)


def surveys_scene(w: World) -> Scene:
    return _surveys_scene(w, "cohort_surveys")


def rates_scene(w: World) -> Scene:
    return _surveys_scene(w, "survey_rates")


def survey_export_scene(w: World) -> Scene:
    """More respondents; the waves stay two (the export reads each wave's sections apart)."""
    waves = [_wave(w), _wave(w)]

    def grow(n: int) -> None:
        for wave in waves:
            _invited_pairs(w, wave, n)
            _answer_all(wave)

    url = reverse("survey_export", args=[w.cohort.pk, "clerkship_survey", "records"])
    return Scene(lambda: url, grow)


def instrument_export_scene(w: World) -> Scene:
    scene = _surveys_scene(w, "cohort_surveys")
    instrument = Instrument.objects.get(name="clerkship_survey")
    return Scene(lambda: reverse("survey_instrument_export", args=[instrument.pk]), scene.grow)


def instrument_scene(w: World) -> Scene:
    """The library's clerkship survey: its items stay, its waves and answers grow."""
    scene = _surveys_scene(w, "cohort_surveys")
    instrument = Instrument.objects.get(name="clerkship_survey")
    return Scene(lambda: reverse("survey_instrument", args=[instrument.pk]), scene.grow)


def survey_import_scene(w: World) -> Scene:
    """A queued import that found n more bad cells, and its job."""
    job = enqueue("test.steps", "tests.jobs.work.steps", 2, owner=w.alice)
    queued = SurveyImport.objects.create(
        cohort=w.cohort, kind=SurveyImport.Kind.REDCAP, rows=5000, job=job,
        state=SurveyImport.State.FAILED, created_by=w.alice, created_at=timezone.now(),
    )

    def grow(n: int) -> None:
        bad = [f"records.csv, row {next(_serial)}, column age: not a number" for _ in range(n)]
        queued.problems = [*queued.problems, *bad]
        queued.save(update_fields=["problems"])

    return Scene(lambda: reverse("survey_import", args=[queued.pk]), grow,
                 lambda: queued.problems[-1])


def report_scene(w: World) -> Scene:
    def grow(n: int) -> None:
        for _ in range(n):
            pair = _pair(w.cohort)
            _held([pair], pair.mentor)

    return Scene(lambda: reverse("evaluation_report", args=[w.cohort.pk]), grow)


def scholarship_scene(w: World) -> Scene:
    last: list[str] = []

    def grow(n: int) -> None:
        for _ in range(n):
            pair = _pair(w.cohort)
            title = _name("A trial of near-peer mentoring")
            ScholarlyEntry.objects.create(person=pair.mentee, kind="publication", year=2026,
                                          title=title, created_at=timezone.now())
            last.append(title)

    return Scene(lambda: reverse("evaluation_scholarship", args=[w.cohort.pk]), grow,
                 lambda: last[-1])


def report_job_scene(w: World) -> Scene:
    jobs: list[int] = []

    def grow(n: int) -> None:
        for _ in range(n):
            _pair(w.cohort)
        options, _ = options_for(w.cohort, {})
        asked = do_ask_for_report(w.cohort, options, data_version(w.cohort), w.alice, again=True)
        jobs.append(asked.job_id)

    return Scene(lambda: reverse("evaluation_report_job", args=[w.cohort.pk, jobs[-1]]), grow)


def job_scene(w: World) -> Scene:
    jobs: list[int] = []

    def grow(n: int) -> None:
        jobs.extend(enqueue("test.steps", "tests.jobs.work.steps", 2, owner=w.alice).pk
                    for _ in range(n))

    return Scene(lambda: reverse("job_progress", args=[jobs[-1]]), grow)


def export_scene(w: World) -> Scene:
    """Alice's export jobs (their files already deleted: the page offers to ask again)."""
    jobs: list[int] = []

    def grow(n: int) -> None:
        now = timezone.now()
        for _ in range(n):
            args = ["tests.jobs.work.steps", "mentora.programs.access.access_cohort",
                    "cohort.csv", "text/csv", w.cohort.pk]
            jobs.append(Job.objects.create(
                kind="export", func="mentora.jobs.exports.run_export", args=args,
                owner=w.alice, program=w.clerkship, state=Job.State.DONE, created_at=now,
                updated_at=now, finished_at=now).pk)

    return Scene(lambda: reverse("export_job", args=[jobs[-1]]), grow)


# Scenes: a pair's pages (Mark mentors Maya)


def pair_content_scene(w: World, name: str, obj: Callable[[], int] | None = None) -> Scene:
    """Maya and Mark's pair with n more meetings, goals with progress, and action items."""
    pair = w.mark_maya

    def grow(n: int) -> None:
        for _ in range(n):
            _held([pair], w.mark, [Topic.objects.create(program=w.clerkship, name=_name("T"),
                                                        position=1)])
            goal = do_set_goal(pair, w.maya, timezone.now(), specific=_name("Goal"),
                               target_count=3, unit="cases")
            do_record_progress(goal, w.maya, MEETING_DAY)
            do_add_action_item(pair, _name("Item"), w.mark, timezone.now(), goal=goal)

    target = obj or (lambda: pair.pk)
    return Scene(lambda: reverse(name, args=[target()]), grow)


def mentorship_scene(w: World) -> Scene:
    return pair_content_scene(w, "mentorship")


def decline_scene(w: World) -> Scene:
    return pair_content_scene(w, "decline")


def end_scene(w: World) -> Scene:
    return pair_content_scene(w, "end_mentorship")


def new_goal_scene(w: World) -> Scene:
    return pair_content_scene(w, "new_goal")


def start_plan_scene(w: World) -> Scene:
    return pair_content_scene(w, "start_plan")


def _mentees_of_mark(w: World, name: str) -> Scene:
    """Mark's other mentees of the cohort (the group a meeting may gather)."""

    def grow(n: int) -> None:
        for _ in range(n):
            _pair(w.cohort, mentor=w.mark)

    return Scene(lambda: reverse(name, args=[w.mark_maya.pk]), grow)


def log_meeting_scene(w: World) -> Scene:
    return _mentees_of_mark(w, "log_meeting")


def schedule_meeting_scene(w: World) -> Scene:
    return _mentees_of_mark(w, "schedule_meeting")


def _group_meeting(w: World, name: str, scheduled: bool) -> Scene:
    """One group meeting of Mark's, with n more mentees, reflections and topics."""
    if scheduled:
        on = timezone.localdate() + timedelta(days=7)
        meeting = do_schedule_meeting([w.mark_maya], MeetingDetails(on=on), w.mark,
                                      timezone.now())[0]
    else:
        meeting = _held([w.mark_maya], w.mark)

    def grow(n: int) -> None:
        for _ in range(n):
            pair = _pair(w.cohort, mentor=w.mark)
            meeting.mentorships.add(pair)
            meeting.topics.add(Topic.objects.create(program=w.clerkship, name=_name("Topic"),
                                                    position=2))
            if not scheduled:
                do_reflect(meeting, pair.mentee, "Listen first", "", timezone.now())

    return Scene(lambda: reverse(name, args=[meeting.pk]), grow)


def meeting_scene(w: World) -> Scene:
    return _group_meeting(w, "meeting", scheduled=False)


def meeting_held_scene(w: World) -> Scene:
    return _group_meeting(w, "meeting_held", scheduled=True)


def meeting_ics_scene(w: World) -> Scene:
    return _group_meeting(w, "meeting_ics", scheduled=True)


def _goal_scene(w: World, name: str) -> Scene:
    goal = do_set_goal(w.mark_maya, w.maya, timezone.now(), specific="Ten sutures",
                       target_count=100, unit="sutures")
    competencies = list(Competency.objects.all()[: LARGE + SMALL])

    def grow(n: int) -> None:
        for _ in range(n):
            do_record_progress(goal, w.maya, MEETING_DAY, note=_name("note"))
            do_add_action_item(w.mark_maya, _name("Practise"), w.mark, timezone.now(), goal=goal)
            if competencies:
                goal.competencies.add(competencies.pop())

    return Scene(lambda: reverse(name, args=[goal.pk]), grow)


def goal_scene(w: World) -> Scene:
    return _goal_scene(w, "goal")


def edit_goal_scene(w: World) -> Scene:
    return _goal_scene(w, "edit_goal")


def agreement_scene(w: World) -> Scene:
    agreement = do_draft_agreement(w.mark_maya, timezone.now())

    def grow(n: int) -> None:
        for _ in range(n):
            text = {"goals_summary": _name("Meet monthly")}
            do_edit_agreement(agreement, text, w.maya, timezone.now())

    return Scene(lambda: reverse("agreement", args=[w.mark_maya.pk]), grow)


def plan_scene(w: World) -> Scene:
    plan = do_start_plan(w.maya, w.cohort, "full", timezone.now())
    do_share_plan(plan, w.maya, timezone.now())

    def grow(n: int) -> None:
        for _ in range(n):
            goal = do_set_goal(w.mark_maya, w.maya, timezone.now(), specific=_name("Goal"),
                               target_count=4, unit="talks", plan=plan)
            do_record_progress(goal, w.maya, MEETING_DAY)

    return Scene(lambda: reverse("plan", args=[plan.pk]), grow)


def _meetings_of_maya(w: World, url: Callable[[], str]) -> Scene:
    def grow(n: int) -> None:
        on = timezone.localdate() + timedelta(days=3)
        for _ in range(n):
            do_schedule_meeting([w.mark_maya], MeetingDetails(on=on), w.mark, timezone.now())
            _held([w.mark_maya], w.mark)

    return Scene(url, grow)


def calendar_scene(w: World) -> Scene:
    do_new_feed(w.maya, timezone.now())
    return _meetings_of_maya(w, lambda: reverse("calendar"))


def calendar_feed_scene(w: World) -> Scene:
    feed = do_new_feed(w.maya, timezone.now())
    return _meetings_of_maya(w, lambda: reverse("calendar_feed", args=[feed.token]))


# Scenes: a person's own pages


def home_mentor_scene(w: World) -> Scene:
    """Mark with n more mentees, each with a meeting coming up and an action item."""
    last: list[Mentorship] = []
    on = timezone.localdate() + timedelta(days=5)

    def grow(n: int) -> None:
        for _ in range(n):
            pair = _pair(w.cohort, mentor=w.mark)
            do_schedule_meeting([pair], MeetingDetails(on=on), w.mark, timezone.now())
            do_add_action_item(pair, _name("Call"), w.mark, timezone.now())
            last.append(pair)

    return Scene(lambda: reverse("home"), grow, lambda: last[-1].mentee.full_name)


def _maya_elsewhere(w: World, n: int) -> list[Cohort]:
    """Maya enrolled in n more programs, each with a mentor of hers."""
    cohorts = []
    for _ in range(n):
        cohort = factories.make_cohort(factories.make_program(_name("Program"), kind="pairs"))
        factories.enrol(cohort, w.maya)
        _pair(cohort, mentee=w.maya)
        cohorts.append(cohort)
    return cohorts


def home_mentee_scene(w: World) -> Scene:
    wave = _wave(w)

    def grow(n: int) -> None:
        _maya_elsewhere(w, n)
        Invitation.objects.filter(wave=wave).delete()
        do_send_invitations(wave, timezone.now())

    return Scene(lambda: reverse("home"), grow)


def home_evaluator_scene(w: World) -> Scene:
    """Programs the evaluator does not coordinate: their home stays the same."""
    scene = programs_scene(w)
    return Scene(lambda: reverse("home"), scene.grow)


def match_mine_scene(w: World) -> Scene:
    last: list[Cohort] = []

    def grow(n: int) -> None:
        last[:] = _maya_elsewhere(w, n)

    return Scene(lambda: reverse("match_mine"), grow, lambda: last[-1].name)


def preferences_scene(w: World) -> Scene:
    return _cohort_pairs(w, reverse("match_preferences", args=[w.cohort.pk]))


def browse_scene(w: World) -> Scene:
    """Mentors Maya may ask for: residents of a tier of the clerkship."""
    Tier.objects.create(program=w.clerkship, name="Resident", min_stage=Stage.PGY1,
                        max_stage=Stage.PGY3)
    last: list[Person] = []

    def grow(n: int) -> None:
        for _ in range(n):
            person = factories.make_person(_name("Resident"), Stage.PGY2)
            person.specialty_interests.add(
                Interest.objects.get_or_create(kind="specialty", name=_name("Specialty"))[0])
            factories.enrol(w.cohort, person, "mentor", capacity=2)
            last.append(person)

    return Scene(lambda: reverse("match_browse", args=[w.cohort.pk]), grow,
                 lambda: last[-1].full_name)


def requests_scene(w: World) -> Scene:
    """Mark, in a program where mentees choose, with n more mentees asking for him."""
    w.clerkship.allows_self_selection = True
    w.clerkship.save(update_fields=["allows_self_selection"])
    last: list[Person] = []

    def grow(n: int) -> None:
        for _ in range(n):
            person = factories.make_person(_name("Student"), Stage.MS3)
            factories.enrol(w.cohort, person)
            MatchRequest.objects.create(cohort=w.cohort, mentee=person, mentor=w.mark,
                                        side="mentee", rank=1, created_at=timezone.now())
            last.append(person)

    return Scene(lambda: reverse("match_requests", args=[w.cohort.pk]), grow,
                 lambda: last[-1].full_name)


def person_scene(w: World) -> Scene:
    def grow(n: int) -> None:
        for _ in range(n):
            w.maya.specialty_interests.add(Interest.objects.create(kind="specialty",
                                                                   name=_name("Field")))

    return Scene(lambda: reverse("person", args=[w.maya.pk]), grow)


def my_profile_scene(w: World) -> Scene:
    """Maya's own profile: n more interests of hers and n more the vocabulary offers, and her
    demographics (whose reading is logged)."""
    Demographics.objects.create(person=w.maya, gender="woman", race_ethnicity=["asian"])
    last: list[str] = []

    def grow(n: int) -> None:
        for _ in range(n):
            for kind, mine in (("specialty", w.maya.specialty_interests),
                               ("scholarly", w.maya.scholarly_interests)):
                mine.add(Interest.objects.create(kind=kind, name=_name("Field")))
                last.append(Interest.objects.create(kind=kind, name=_name("Known")).name)

    return Scene(lambda: reverse("my_profile"), grow, lambda: last[-1])


# Scenes: pages reached without signing in


def intake_scene(w: World) -> Scene:
    Cohort.objects.filter(pk=w.cohort.pk).update(intake_open=True)
    return _cohort_pairs(w, reverse("intake", args=[w.cohort.pk]))


def accept_invitation_scene(w: World) -> Scene:
    newcomer = factories.make_person("Nora Newcomer", with_login=False)
    token = do_invite(newcomer, timezone.now())

    def grow(n: int) -> None:
        for _ in range(n):
            do_invite(factories.make_person(_name("Invitee"), with_login=False), timezone.now())

    return Scene(lambda: reverse("accept_invitation", args=[token]), grow)


def intake_confirm_scene(w: World) -> Scene:
    def pending(person: Person) -> str:
        token, token_hash = new_link_token()
        PendingIntake.objects.create(
            cohort=w.faculty_cohort, person=person, answers={}, token_hash=token_hash,
            created_at=timezone.now(), expires_at=timezone.now() + timedelta(days=7),
        )
        return token

    token = pending(w.maya)

    def grow(n: int) -> None:
        for _ in range(n):
            pending(factories.make_person(_name("Applicant"), with_login=False))

    return Scene(lambda: reverse("intake_confirm", args=[token]), grow)


def respond_scene(w: World) -> Scene:
    wave = _wave(w)
    do_send_invitations(wave, timezone.now())
    nonce = Invitation.objects.get(wave=wave, person=w.maya).nonce

    def grow(n: int) -> None:
        _invited_pairs(w, wave, n)

    return Scene(lambda: reverse("survey_respond", args=[token_for(nonce)]), grow)


def login_scene(w: World) -> Scene:
    return _cohort_pairs(w, reverse("login"))


def health_scene(w: World) -> Scene:
    return _cohort_pairs(w, reverse("health"))


def audit_scene(w: World) -> Scene:
    """More events, over more programs (the filter lists the programs, not the events)."""

    def grow(n: int) -> None:
        record_many(Action.UPDATE, [w.mark_maya] * n, program=w.cohort, fields=["status"])

    return Scene(lambda: reverse("audit_log"), grow)


# Scenes: a pair's feedback (Mark observes Maya; Maya logs procedures he confirms)

MINI_CEX = {
    "observed_on": MEETING_DAY, "setting": "emergency",
    "patient_problem": "Anterior shoulder dislocation", "complexity": "moderate",
    "minutes_observing": 15, "minutes_feedback": 5, "interviewing": 6, "examination": 7,
    "professionalism": 8, "judgment": 5, "counseling": None, "organization": 6, "overall": 6,
    "strengths": "Explained the reduction calmly", "next_step": "Check the pulses first",
}


def _feedback_scene(w: World, url: Callable[[list[int]], str], lists: bool = False) -> Scene:
    """n more mini-CEXes and n more procedures (each a new name) in Mark and Maya's pair;
    `lists` when the page names the procedures."""
    observed: list[int] = []
    logged: list[str] = []

    def grow(n: int) -> None:
        for _ in range(n):
            observed.append(do_record_mini_cex(w.mark_maya, w.mark, timezone.now(),
                                               **MINI_CEX).pk)
            entry = do_log_procedure(w.mark_maya, w.maya, timezone.now(),
                                     procedure=_name("Shoulder reduction"),
                                     performed_on=MEETING_DAY, level="supervised")
            logged.append(entry.procedure)

    return Scene(lambda: url(observed), grow, lambda: logged[-1] if lists else "")


def pair_feedback_scene(w: World) -> Scene:
    return _feedback_scene(w, lambda _: reverse("pair_feedback", args=[w.mark_maya.pk]), True)


def new_mini_cex_scene(w: World) -> Scene:
    return _feedback_scene(w, lambda _: reverse("new_mini_cex", args=[w.mark_maya.pk]))


def mini_cex_scene(w: World) -> Scene:
    return _feedback_scene(w, lambda observed: reverse("mini_cex", args=[observed[0]]))


def log_procedure_scene(w: World) -> Scene:
    return _feedback_scene(w, lambda _: reverse("log_procedure", args=[w.mark_maya.pk]), True)


def portfolio_scene(w: World) -> Scene:
    """n more of everything in Maya's portfolio, all chosen: mini-CEXes, goals each achieved
    by a confirmed procedure, and reflections after meetings."""
    shown: list[str] = []

    def grow(n: int) -> None:
        for _ in range(n):
            do_record_mini_cex(w.mark_maya, w.mark, timezone.now(), **MINI_CEX)
            goal = do_set_goal(w.mark_maya, w.maya, timezone.now(), specific=_name("Reduce"),
                               target_count=1, unit="reductions")
            entry = do_log_procedure(w.mark_maya, w.maya, timezone.now(),
                                     procedure=_name("Shoulder reduction"),
                                     performed_on=MEETING_DAY, level="supervised", goal=goal)
            feedback_actions.do_confirm_procedure(entry, w.mark, timezone.now())
            do_reflect(_held([w.mark_maya], w.mark), w.maya, _name("Learned"), "",
                       timezone.now())
            shown.append(entry.procedure)
        do_choose_portfolio(w.maya, w.maya, timezone.now(), goals=achieved_goals(w.maya),
                            observations=observations_of(w.maya),
                            reflections=reflections_of(w.maya))

    return Scene(lambda: reverse("portfolio", args=[w.maya.pk]), grow, lambda: shown[-1])


# Scenes: competencies (the clerkship's own framework, Mark's growth as a mentor)


def _competencies_scene(w: World, url: Callable[[], str], lists: bool = False) -> Scene:
    """n more items in the clerkship's own framework, each in a goal of Maya's and in an
    entry of Mark's growth; `lists` when the page shows the entries."""
    framework = do_add_framework(w.alice, w.clerkship, _name("Framework"))
    last: list[str] = []

    def grow(n: int) -> None:
        for _ in range(n):
            item = do_add_competency(w.alice, framework, _name("C"), _name("Suturing"))
            goal = do_set_goal(w.mark_maya, w.maya, timezone.now(), specific=_name("Goal"),
                               target_count=3, unit="cases")
            goal.competencies.add(item)
            last.append(_name("Taught"))
            do_record_mentor_growth(w.mark, w.cohort, MEETING_DAY, last[-1], [item],
                                    timezone.now())

    return Scene(url, grow, lambda: last[-1] if lists else "")


def program_competencies_scene(w: World) -> Scene:
    return _competencies_scene(w, lambda: reverse("program_competencies", args=[w.clerkship.pk]))


def mentor_growth_scene(w: World) -> Scene:
    return _competencies_scene(w, lambda: reverse("mentor_growth", args=[w.mark_maya.pk]), True)


# Scenes: issue 14's firewall, aggregates, dossier and competency evidence


def program_feedback_scene(w: World) -> Scene:
    """n more summative assessors, domain mappings and procedure tags in the clerkship."""
    named: list[str] = []
    framework = do_add_framework(w.alice, w.clerkship, _name("Feedback skills"))

    def grow(n: int) -> None:
        for _ in range(n):
            person = factories.make_person(_name("Assessor"), Stage.PGY3)
            factories.enrol(w.cohort, person, "mentor", capacity=1)
            do_name_assessor(w.alice, w.clerkship, person.email, timezone.now())
            named.append(person.full_name)
            item = do_add_competency(w.alice, framework, _name("F").replace(" ", ""),
                                     _name("Skill"))
            do_map_domain(w.alice, w.clerkship, "overall", item)
            do_tag_procedure(w.alice, w.clerkship, _name("Suturing"), item)

    return Scene(lambda: reverse("program_feedback", args=[w.clerkship.pk]), grow,
                 lambda: named[-1])


def cohort_observations_scene(w: World) -> Scene:
    """n more learners of the cohort, each observed once and with a confirmed procedure."""

    def grow(n: int) -> None:
        for _ in range(n):
            pair = _pair(w.cohort)
            do_record_mini_cex(pair, pair.mentor, timezone.now(), **MINI_CEX)
            entry = do_log_procedure(pair, pair.mentee, timezone.now(), procedure="Suturing",
                                     performed_on=MEETING_DAY, level="supervised")
            do_confirm_procedure(entry, pair.mentor, timezone.now())

    return Scene(lambda: reverse("cohort_observations", args=[w.cohort.pk]), grow)


def dossier_scene(w: World) -> Scene:
    """Mark with n more mentees, each in a program of its own, met and observed once."""

    def grow(n: int) -> None:
        for _ in range(n):
            cohort = factories.make_cohort(factories.make_program(_name("Program")))
            factories.enrol(cohort, w.mark, "mentor", capacity=1)
            pair = _pair(cohort, mentor=w.mark)
            _held([pair], w.mark)
            do_record_mini_cex(pair, w.mark, timezone.now(), **MINI_CEX)

    return Scene(lambda: reverse("dossier"), grow)


def pair_competencies_scene(w: World) -> Scene:
    """n more items of the clerkship's own framework, each mapped, tagged, in a goal and in a
    reflection of Maya's."""
    framework = do_add_framework(w.alice, w.clerkship, _name("Evidence"))
    do_record_mini_cex(w.mark_maya, w.mark, timezone.now(), **MINI_CEX)
    last: list[str] = []

    def grow(n: int) -> None:
        for _ in range(n):
            last.append(_name("Skill"))
            item = do_add_competency(w.alice, framework, _name("E").replace(" ", ""), last[-1])
            do_map_domain(w.alice, w.clerkship, "examination", item)
            procedure = _name("Reduction")
            do_tag_procedure(w.alice, w.clerkship, procedure, item)
            entry = do_log_procedure(w.mark_maya, w.maya, timezone.now(), procedure=procedure,
                                     performed_on=MEETING_DAY, level="supervised")
            do_confirm_procedure(entry, w.mark, timezone.now())
            do_set_goal(w.mark_maya, w.maya, timezone.now(), specific=_name("Goal"),
                        competencies=[item])
            reflection = do_reflect(_held([w.mark_maya], w.mark), w.maya, _name("Learned"), "",
                                    timezone.now())
            do_tag_reflection(w.maya, w.mark_maya, reflection, item, timezone.now())

    return Scene(lambda: reverse("pair_competencies", args=[w.mark_maya.pk]), grow,
                 lambda: last[-1])


# Scenes: qualitative coding (issue 15)


def _qda_project(w: World) -> Any:
    from mentora.qualitative.actions import do_create_project

    return do_create_project(w.cohort, _name("Comments"), w.alice, timezone.now())


def _qda_coder(w: World, project: Any) -> Any:
    """The evaluator persona (made before the scene), a lead coder of the project."""
    from mentora.qualitative.actions import do_add_coder

    person = Person.objects.filter(full_name="Eve Evaluator").first() or evaluator(w)
    do_add_coder(project, person, timezone.now(), is_lead=True)
    return person


def qda_projects_scene(w: World) -> Scene:
    last: list[str] = []

    def grow(n: int) -> None:
        last[:] = [_qda_project(w).name for _ in range(n)]

    return Scene(lambda: reverse("qda_projects"), grow, lambda: last[-1])


def qda_project_scene(w: World) -> Scene:
    """n more transcripts, coders and samples in a project."""
    from mentora.qualitative.actions import do_add_coder, do_add_transcript, do_draw_sample

    project, last = _qda_project(w), []

    def grow(n: int) -> None:
        now = timezone.now()
        coders = []
        for _ in range(n):
            source = do_add_transcript(project, "interview", _name("interview") + ".txt",
                                       "Interviewer: How?\nP1: Well.", now)
            last.append(source.name)
            person = factories.make_person(_name("Coder"), Stage.STAFF)
            person.is_evaluator = True
            person.save(update_fields=["is_evaluator"])
            coders.append(do_add_coder(project, person, now).person)
        do_draw_sample(project, 10, coders[:2], now, seed=n)

    return Scene(lambda: reverse("qda_project", args=[project.pk]), grow, lambda: last[-1])


def qda_codebook_scene(w: World) -> Scene:
    """n more codes, each under the one before, renamed once (two changes each)."""
    from mentora.qualitative.actions import do_create_code, do_rename_code

    project, last = _qda_project(w), []

    def grow(n: int) -> None:
        parent = None
        for _ in range(n):
            parent = do_create_code(project, _name("Theme"), timezone.now(), parent=parent)
            do_rename_code(parent, parent.name + " (renamed)", timezone.now())
            last.append(parent.name)

    return Scene(lambda: reverse("qda_codebook", args=[project.pk]), grow, lambda: last[-1])


def qda_source_scene(w: World) -> Scene:
    """A transcript the coder has coded n more times (n more codes), with n more memos."""
    from mentora.qualitative.actions import (
        do_add_transcript,
        do_apply_code,
        do_create_code,
        do_write_memo,
    )

    project = _qda_project(w)
    source = do_add_transcript(project, "interview", "talk.txt",
                               "Interviewer: How?\n" + "P1: Well enough. " * 40, timezone.now())
    last: list[str] = []

    def grow(n: int) -> None:
        me = project.coders.first().person if project.coders.exists() else _qda_coder(w, project)
        for i in range(n):
            code = do_create_code(project, _name("Theme"), timezone.now())
            do_apply_code(source, code, me, timezone.now(), start=20 + i, end=30 + i)
            last.append(do_write_memo(project, me, _name("Memo"), timezone.now(),
                                      source=source).text)

    return Scene(lambda: reverse("qda_source", args=[project.pk, source.pk]), grow,
                 lambda: last[-1])


def qda_agreement_scene(w: World) -> Scene:
    """n more sampled comments, coded by the lead and one more coder, who differ on each."""
    from mentora.qualitative.actions import (
        do_add_coder,
        do_add_transcript,
        do_apply_code,
        do_create_code,
        do_draw_sample,
        do_mark_coded,
    )

    project = _qda_project(w)
    code = do_create_code(project, "Time", timezone.now())
    last: list[str] = []

    def grow(n: int) -> None:
        now = timezone.now()
        lead = project.coders.filter(is_lead=True).first()
        me = lead.person if lead else _qda_coder(w, project)
        other = factories.make_person(_name("Coder"), Stage.STAFF)
        other.is_evaluator = True
        other.save(update_fields=["is_evaluator"])
        do_add_coder(project, other, now)
        for _ in range(n):
            do_add_transcript(project, "interview", _name("unit"), "P1: Time was short.", now)
        sample = do_draw_sample(project, 25, [me, other], now, seed=n)
        for unit in sample.sources.all():
            do_apply_code(unit, code, me, now)
            do_mark_coded(unit, other, now)
            last.append(unit.name)

    return Scene(lambda: reverse("qda_agreement", args=[project.pk]), grow, lambda: last[-1])


def qda_table_scene(w: World) -> Scene:
    """Table 4 of a project with n more codes (themes), each applied to a comment."""
    from mentora.qualitative.actions import (
        do_add_transcript,
        do_apply_code,
        do_create_code,
    )
    from mentora.qualitative.models import Project

    scene = qda_source_scene(w)
    project = Project.objects.latest("pk")
    source = do_add_transcript(project, "interview", "one.txt", "P1: Time was short.",
                               timezone.now())
    last: list[str] = []

    def grow(n: int) -> None:
        scene.grow(0)
        me = project.coders.first().person
        for _ in range(n):
            code = do_create_code(project, _name("Theme"), timezone.now())
            do_apply_code(source, code, me, timezone.now(), valence="negative")
            last.append(code.name)

    return Scene(lambda: reverse("qda_table", args=[project.pk]), grow, lambda: last[-1])


# Scenes: the JSON API (read with the browser's session; a token costs the same lookups)


def _api(page: Callable[[World], Scene], name: str, listing: bool = False,
         ) -> Callable[[World], Scene]:
    """The API's view of a page's data: the same growth, read at api:<name>.

    `listing` reads the collection; otherwise the one object the page shows (its URL's id).
    """

    def make(w: World) -> Scene:
        scene = page(w)

        def url() -> str:
            if listing:
                return reverse(f"api:{name}")
            found = resolve(scene.url())
            return reverse(f"api:{name}", args=[*found.args, *found.kwargs.values()])

        return Scene(url, scene.grow)

    make.__name__ = f"api_{name}_scene"
    return make


def api_survey_exports_scene(w: World) -> Scene:
    scene = surveys_scene(w)
    return Scene(lambda: reverse("api:list_survey_exports", args=[w.cohort.pk]), scene.grow)


def api_export_survey_scene(w: World) -> Scene:
    scene = survey_export_scene(w)
    url = reverse("api:export_survey", args=[w.cohort.pk, "clerkship_survey"])
    return Scene(lambda: url, scene.grow)


def api_enrolment_scene(w: World) -> Scene:
    """Maya's enrolment in the clerkship, among n more."""
    scene = _cohort_pairs(w, "")
    enrolment = w.cohort.enrolments.get(person=w.maya)
    return Scene(lambda: reverse("api:get_enrolment", args=[enrolment.pk]), scene.grow)


def api_tokens_scene(w: World) -> Scene:
    last: list[str] = []

    def grow(n: int) -> None:
        for _ in range(n):
            last.append(_name("Script"))
            do_create_api_token(w.alice, last[-1], None, timezone.now())

    return Scene(lambda: reverse("api_tokens"), grow, lambda: last[-1])


def notifications_scene(w: World) -> Scene:
    """n more notifications to Maya, about her pair."""
    last: list[str] = []

    def grow(n: int) -> None:
        drafts = [Draft(w.maya.pk, Kind.DRIFT, _name("key"), _name("Notification"), "Body",
                        reverse("mentorship", args=[w.mark_maya.pk])) for _ in range(n)]
        notify(drafts, timezone.now())
        last.extend(d.subject for d in drafts)

    return Scene(lambda: reverse("notifications"), grow, lambda: last[-1])


def notification_preferences_scene(w: World) -> Scene:
    scene = notifications_scene(w)
    return Scene(lambda: reverse("notification_preferences"), scene.grow)


def pulse_scene(w: World) -> Scene:
    """Maya's pulse check, with n more asked (and answered low) before it."""
    pulse = Pulse.objects.create(mentorship=w.mark_maya, number=1000, due_on=w.cohort.starts_on,
                                 asked_at=timezone.now())
    asked: list[int] = []

    def grow(n: int) -> None:
        Pulse.objects.bulk_create(
            Pulse(mentorship=w.mark_maya, number=len(asked) + i + 1, due_on=w.cohort.starts_on,
                  asked_at=timezone.now(), answered_at=timezone.now(), rating=1)
            for i in range(n))
        asked.extend(range(n))

    return Scene(lambda: reverse("pulse", args=[pulse.pk]), grow,
                 lambda: "How is your mentoring relationship going?")


def at_risk_scene(w: World) -> Scene:
    """More pairs in Alice's cohort, none of which has met since it started."""
    return _cohort_pairs(w, reverse("at_risk", args=[w.cohort.pk]), listed=True)


# Scenes: sponsorship and menteeship (issue 17)


def _sponsorship_scene(w: World, url: Callable[[], str], by: str) -> Scene:
    """n more acts: Mark's for new mentees of his ('mentor'), Maya's received from Mark or
    someone named ('mentee'), or a coordinator's for new people of the cohort ('coordinator')."""
    from mentora.mentorships.actions.sponsorship import do_record_sponsorship

    def grow(n: int) -> None:
        for i in range(n):
            if by == "mentee":
                extra: dict[str, Any] = ({"sponsor": w.mark} if i % 2 else
                                         {"sponsor_name": _name("Chair")})
                do_record_sponsorship(w.maya.user, w.cohort, w.maya, "letter", MEETING_DAY,
                                      _name("Letter"), timezone.now(), **extra)
                continue
            pair = _pair(w.cohort, mentor=w.mark)
            user = w.mark.user if by == "mentor" else w.alice
            do_record_sponsorship(user, w.cohort, pair.mentee, "award", MEETING_DAY,
                                  _name("Award"), timezone.now())

    return Scene(url, grow)


def sponsorship_scene(w: World) -> Scene:
    return _sponsorship_scene(w, lambda: reverse("sponsorship"), "mentor")


def sponsorship_received_scene(w: World) -> Scene:
    return _sponsorship_scene(w, lambda: reverse("sponsorship"), "mentee")


def cohort_sponsorship_scene(w: World) -> Scene:
    return _sponsorship_scene(w, lambda: reverse("cohort_sponsorship", args=[w.cohort.pk]),
                              "coordinator")


def mentor_offer_scene(w: World) -> Scene:
    """The mentor role offered to Maya; the page shows that offer alone however many others
    (other people's) there are."""
    day = w.cohort.starts_on
    offer = MentorOffer.objects.create(cohort=w.cohort, person=w.maya, offered_on=day)

    def grow(n: int) -> None:
        for i in range(n):
            other = factories.make_person(f"Offered {MentorOffer.objects.count()} {i}", Stage.PGY1)
            MentorOffer.objects.create(cohort=w.cohort, person=other, offered_on=day)

    return Scene(lambda: reverse("mentor_offer", args=[offer.pk]), grow,
                 lambda: "Accept the mentor role")


def menteeship_scene(w: World) -> Scene:
    return Scene(lambda: reverse("menteeship"), lambda n: None)


def _event_for(w: World, audience: str) -> Any:
    from mentora.engagement.events import EventDetails, do_create_event

    details = EventDetails("boot_camp", "Boot camp", timezone.now(), 120, "Hall", audience)
    return do_create_event(w.cohort, details, w.alice, timezone.now())


def _more_invited(event: Any, n: int) -> None:
    from mentora.engagement.models import Invitee

    for _ in range(n):
        person = factories.make_person(f"Invited {Invitee.objects.count()}", Stage.MS3)
        factories.enrol(event.cohort, person)
        Invitee.objects.create(event=event, person=person, reply="yes", attended=True)


def cohort_events_scene(w: World) -> Scene:
    def grow(n: int) -> None:
        for _ in range(n):
            _event_for(w, "both")

    return Scene(lambda: reverse("cohort_events", args=[w.cohort.pk]), grow)


def event_scene(w: World) -> Scene:
    event = _event_for(w, "mentees")
    return Scene(lambda: reverse("event", args=[event.pk]), lambda n: _more_invited(event, n))


def event_invited_scene(w: World) -> Scene:
    event = _event_for(w, "mentees")
    return Scene(lambda: reverse("event", args=[event.pk]), lambda n: _more_invited(event, n),
                 lambda: "Are you coming?")


# Every page shown to someone with a profile counts its menu's unread notifications (the bell):
# one query, included in the budgets below.
PAGES = [
    # Coordinators
    Budget("home", coordinator, home_coordinator_scene, 9),
    Budget("program_list", coordinator, programs_scene, 8),
    Budget("program", coordinator, program_scene, 12),
    Budget("cohort", coordinator, cohort_scene, 14),
    Budget("cohort_upload", coordinator, upload_scene, 7),
    Budget("cohort_blocks", coordinator, cohort_blocks_scene, 9),
    Budget("block", coordinator, block_scene, 11),
    Budget("cohort_relationships", coordinator, relationships_scene, 15),
    Budget("mentorship", coordinator, mentorship_scene, 14),
    Budget("end_mentorship", coordinator, end_scene, 7),
    Budget("match_runs", coordinator, runs_scene, 10),
    Budget("match_run", coordinator, run_scene, 9),
    Budget("match_compare", coordinator, compare_scene, 10),
    Budget("match_weights", coordinator, weights_scene, 8),
    # with the cohort's survey projects (named per kind for the import forms, then listed with
    # their tables) and its pending import previews: constant at any size
    Budget("cohort_surveys", coordinator, surveys_scene, 13),
    Budget("survey_rates", coordinator, rates_scene, 8),
    Budget("survey_wave", coordinator, wave_scene, 12),
    # with the check for a large cohort (an export job) and the audit event's insert
    Budget("survey_export", coordinator, survey_export_scene, 16),
    Budget("survey_import", coordinator, survey_import_scene, 6),
    Budget("survey_instrument_export", coordinator, instrument_export_scene, 8),
    Budget("survey_instrument", coordinator, instrument_scene, 8),
    Budget("evaluation_report", coordinator, report_scene, 21),  # sponsorship acts, events, blocks
    Budget("evaluation_scholarship", coordinator, scholarship_scene, 11),
    Budget("job_progress", coordinator, job_scene, 5),
    Budget("export_job", coordinator, export_scene, 6),
    Budget("evaluation_report_job", coordinator, report_job_scene, 4),
    Budget("person", coordinator, person_scene, 9),
    Budget("program_competencies", coordinator, program_competencies_scene, 12),
    Budget("program_feedback", coordinator, program_feedback_scene, 14),
    Budget("cohort_observations", coordinator, cohort_observations_scene, 8),
    Budget("cohort_observations", evaluator, cohort_observations_scene, 12),
    Budget("api_tokens", coordinator, api_tokens_scene, 5),
    Budget("at_risk", coordinator, at_risk_scene, 12),
    # The JSON API (session-signed, as the browser reads it); a read of personal data writes
    # its audit event (one insert; a meeting's or a match run's program is one query more)
    Budget("list_programs", coordinator, _api(programs_scene, "list_programs", True), 4),
    Budget("get_program", coordinator, _api(program_scene, "get_program"), 3),
    Budget("list_cohorts", coordinator, _api(program_scene, "list_cohorts", True), 4),
    Budget("get_cohort", coordinator, _api(cohort_scene, "get_cohort"), 3),
    Budget("list_people", coordinator, _api(cohort_scene, "list_people", True), 8),
    Budget("get_person", coordinator, _api(person_scene, "get_person"), 8),
    Budget("list_enrolments", coordinator, _api(cohort_scene, "list_enrolments", True), 5),
    Budget("get_enrolment", coordinator, api_enrolment_scene, 4),
    Budget("list_mentorships", coordinator,
           _api(relationships_scene, "list_mentorships", True), 6),
    Budget("get_mentorship", coordinator, _api(mentorship_scene, "get_mentorship"), 5),
    Budget("list_meetings", coordinator, _api(report_scene, "list_meetings", True), 4),
    Budget("get_meeting", mentor, _api(meeting_held_scene, "get_meeting"), 12),
    Budget("list_goals", mentee, _api(mentorship_scene, "list_goals", True), 7),
    Budget("get_goal", mentee, _api(goal_scene, "get_goal"), 6),
    Budget("list_match_runs", coordinator, _api(runs_scene, "list_match_runs", True), 5),
    Budget("get_match_run", coordinator, _api(run_scene, "get_match_run"), 5),
    Budget("list_survey_exports", coordinator, api_survey_exports_scene, 5),
    Budget("export_survey", coordinator, api_export_survey_scene, 14),
    # Auditors
    Budget("audit_log", auditor, audit_scene, 10),
    # Evaluators
    Budget("evaluation_report", evaluator, report_scene, 24),  # sponsorship acts, events, blocks
    # with the cohorts whose report they may open, paged (count, page, and the last held
    # meeting and last submitted response, each one aggregate for the page): constant at any size
    Budget("home", evaluator, home_evaluator_scene, 17),
    # Qualitative coding: a coordinator's projects, project and codebook; a coder's source and
    # the lead's agreement page (figures and disagreements computed in Python from one read each)
    Budget("qda_projects", coordinator, qda_projects_scene, 8),
    Budget("qda_project", coordinator, qda_project_scene, 16),
    Budget("qda_codebook", coordinator, qda_codebook_scene, 13),
    Budget("qda_source", evaluator, qda_source_scene, 19),
    Budget("qda_agreement", evaluator, qda_agreement_scene, 18),
    Budget("qda_table", coordinator, qda_table_scene, 14),
    # Mentors
    Budget("home", mentor, home_mentor_scene, 15),
    Budget("mentorship", mentor, mentorship_scene, 24),
    Budget("log_meeting", mentor, log_meeting_scene, 11),
    Budget("schedule_meeting", mentor, schedule_meeting_scene, 10),
    Budget("meeting_held", mentor, meeting_held_scene, 15),
    Budget("meeting_ics", mentor, meeting_ics_scene, 8),
    Budget("new_goal", mentor, new_goal_scene, 9),
    Budget("plan", mentor, plan_scene, 11),
    Budget("match_requests", mentor, requests_scene, 10),
    Budget("pair_feedback", mentor, pair_feedback_scene, 9),
    Budget("new_mini_cex", mentor, new_mini_cex_scene, 7),
    Budget("mentor_growth", mentor, mentor_growth_scene, 10),
    Budget("dossier", mentor, dossier_scene, 17),  # one is the trainings attended
    # Mentees
    Budget("home", mentee, home_mentee_scene, 15),
    Budget("mentorship", mentee, mentorship_scene, 24),
    Budget("decline", mentee, decline_scene, 8),
    Budget("pair_competencies", mentee, pair_competencies_scene, 18),
    Budget("sponsorship", mentor, sponsorship_scene, 13),
    Budget("sponsorship", mentee, sponsorship_received_scene, 12),
    Budget("cohort_sponsorship", coordinator, cohort_sponsorship_scene, 12),
    Budget("menteeship", mentee, menteeship_scene, 6),
    Budget("cohort_events", coordinator, cohort_events_scene, 9),
    Budget("event", coordinator, event_scene, 9),
    Budget("event", mentee, event_invited_scene, 12),
    Budget("meeting", mentee, meeting_scene, 13),
    Budget("goal", mentee, goal_scene, 13),
    Budget("edit_goal", mentee, edit_goal_scene, 12),
    Budget("agreement", mentee, agreement_scene, 10),
    Budget("start_plan", mentee, start_plan_scene, 9),
    Budget("plan", mentee, plan_scene, 11),
    Budget("calendar", mentee, calendar_scene, 8),
    Budget("match_mine", mentee, match_mine_scene, 8),
    Budget("match_preferences", mentee, preferences_scene, 9),
    Budget("match_browse", mentee, browse_scene, 15),
    Budget("pair_feedback", mentee, pair_feedback_scene, 9),
    Budget("mini_cex", mentee, mini_cex_scene, 7),
    Budget("log_procedure", mentee, log_procedure_scene, 9),
    Budget("notifications", mentee, notifications_scene, 10),
    Budget("notification_preferences", mentee, notification_preferences_scene, 9),
    Budget("pulse", mentee, pulse_scene, 8),
    Budget("mentor_offer", mentee, mentor_offer_scene, 8),
    Budget("portfolio", mentee, portfolio_scene, 25),
    Budget("person", mentee, person_scene, 11),
    Budget("my_profile", mentee, my_profile_scene, 16),
    Budget("my_profile", mentor, my_profile_scene, 16),
    # Signed out
    Budget("calendar_feed", signed_out, calendar_feed_scene, 6),
    Budget("intake", signed_out, intake_scene, 2),
    Budget("accept_invitation", signed_out, accept_invitation_scene, 2),
    Budget("intake_confirm", signed_out, intake_confirm_scene, 2),
    Budget("survey_respond", signed_out, respond_scene, 7),
    Budget("login", signed_out, login_scene, 0),
    Budget("health", signed_out, health_scene, 1),
]

# Pages with no budget row, and why.
NOT_PAGES = {
    "logout": "POST only",
    "notifications_read_all": "POST only",
    "drift_policy": "POST only (its form is on at_risk)",
    "event_reply": "POST only (its buttons are on the event's page)",
    "event_attendance": "POST only (one tap per person on the event's page)",
    "notification_open": "POST only (marks one read, then goes to what it is about)",
    "api-root": "the API's root: django-ninja's redirect to its docs page, no data read",
    "openapi-json": "the API's OpenAPI document, built from code: no queries to budget",
    "openapi-view": "the API's docs page (Swagger UI), a static page around openapi-json",
    "revoke_api_token": "POST only",
    "confirm_procedure": "POST only",
    "cohort_next_year": "the confirmation of a POST: lists the cohort's enrolments once",
    "block_people": "POST only (its forms are on the block's page)",
    "block_delete": "POST only (its form is on the block's page)",
    "meeting_reflect": "POST only",
    "private_note": "POST only",
    "meeting_cancel": "POST only",
    "goal_progress": "POST only",
    "goal_status": "POST only",
    "add_action_item": "POST only",
    "toggle_action_item": "POST only",
    "sign": "POST only",
    "share_plan": "POST only",
    "review_plan": "POST only",
    "reset_calendar": "POST only",
    "evaluation_add_entry": "POST only",
    "evaluation_csv_import": "POST only",
    "evaluation_bibliography": "POST only",
    "evaluation_delete_entry": "POST only",
    "evaluation_report_compute": "POST only",
    "survey_create_wave": "POST only",
    "survey_import_redcap": "POST only",
    "survey_import_qualtrics": "POST only",
    "survey_import_confirm": "POST only (its GET page is survey_import's preview)",
    "survey_invite": "POST only",
    "survey_schedule": "POST only",
    "match_rematch": "POST only",
    "match_adjust": "POST only",
    "match_again": "POST only",
    "match_publish": "POST only",
    "match_request_action": "POST only",
    "cohort_enrol_template": "a download (the participants spreadsheet to fill in; it reads only"
                             " the program's tiers)",
    "plan_export": "a download (DOCX or PDF of one plan)",
    "dossier_download": "a download (the DOCX of the dossier page's outline)",
    "portfolio_download": "a download (DOCX or PDF of one's learning portfolio; its data is "
                          "the portfolio page's)",
    "evaluation_download": "a download (the report's tables; its data is the report page's)",
    "evaluation_csv": "a download (one table of the report)",
    "export_file": "a download (an export job's file; its page is export_job's)",
    "audit_csv": "a download (the filtered audit trail; its filter is audit_log's)",
}


def _url_names(patterns: list[Any]) -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.app_name != "admin":
                names |= _url_names(p.url_patterns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(p.name)
    return names


def test_every_page_has_a_budget() -> None:
    """A new page needs a row in PAGES, or a reason in NOT_PAGES."""
    names = _url_names(get_resolver().url_patterns)
    budgeted = {page.name for page in PAGES}
    assert names - budgeted - set(NOT_PAGES) == set()
    assert (budgeted | set(NOT_PAGES)) - names == set()


def _queries(client: Any, url: str) -> tuple[list[str], Any]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return [q["sql"] for q in captured.captured_queries], response


def _listing(queries: list[str]) -> str:
    return "\n".join(f"  {sql[:160]}" for sql in queries)


@pytest.mark.parametrize(
    "page", PAGES, ids=[f"{p.name}-{p.persona.__name__}" for p in PAGES]
)
def test_page_costs_the_same_queries_at_any_size(world: World, client: Any, page: Budget) -> None:
    who = page.persona(world)
    scene = page.scene(world)
    scene.grow(SMALL)
    if who is not None:
        client.force_login(getattr(who, "user", None) or who)
    client.get(scene.url())  # once, so that per-process caches are warm
    small, first = _queries(client, scene.url())
    assert first.status_code == 200, first
    scene.grow(LARGE - SMALL)
    large, response = _queries(client, scene.url())
    assert response.status_code == 200, response
    assert len(large) == len(small), (
        f"{page.name}: {len(small)} queries with {SMALL} rows, {len(large)} with {LARGE}:\n"
        + _listing(large)
    )
    assert len(large) <= page.most, f"{page.name}: over its budget of {page.most}:\n" + _listing(
        large
    )
    shown = scene.shows()
    if shown:
        assert shown in response.content.decode()
