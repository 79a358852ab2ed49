"""The world of the authorization matrix (tests/security/matrix.csv): built once per module.

Two programs, A and B, each with a cohort. In A, Mark mentors Maya (the focal pair, relation
`own` in the matrix) and Gil (a group meeting with both); Ned mentors Nina (relation `same`);
Uma is a mentor of A with no mentee. In B, Bea mentors Omar (relation `other`). Alice
coordinates A, Bob B, Olga is a site admin, Eve an evaluator. Xavier's roles all ended
yesterday: A's coordinator, A's mentor (of Maya, research) and evaluator. Dora coordinates A
but her account is deactivated.

Every sensitive field carries a canary, a unique string `CNRY-<kind>-<owner>` that
test_matrix.py looks for in every response (`canaries` maps each to its kind and owner).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentora.api.tokens import do_create_api_token
from mentora.engagement.models import Kind, Notification, Pulse
from mentora.engagement.notify import Draft, notify
from mentora.evaluation.models import ScholarlyEntry, StoredReport
from mentora.evaluation.stored import JOB_KIND as REPORT_JOB
from mentora.feedback.actions import (
    do_acknowledge_observation,
    do_log_procedure,
    do_record_mini_cex,
)
from mentora.jobs.models import Job
from mentora.jobs.queue import run_job
from mentora.matching.models import MatchRequest
from mentora.matching.runs import do_start_run
from mentora.mentorships.actions import (
    MeetingDetails,
    do_add_action_item,
    do_draft_agreement,
    do_log_meeting,
    do_set_goal,
    do_share_plan,
    do_start_plan,
)
from mentora.mentorships.actions.meetings import do_reflect, do_write_private_note
from mentora.mentorships.calendar import do_new_feed
from mentora.mentorships.models import Agreement, Meeting, Mentorship, SponsorshipAct
from mentora.people.invitations import do_invite, new_link_token
from mentora.people.ladder import Stage
from mentora.people.models import Demographics, Person
from mentora.programs.models import Block, Cohort, Enrolment, MentorOffer, PendingIntake, Program
from mentora.programs.roles import do_give_coordinator_role
from mentora.surveys.actions import do_create_wave
from mentora.surveys.export_jobs import do_queue_survey_export
from mentora.surveys.interchange.tiers import ExportTier
from mentora.surveys.library import ensure_library
from mentora.surveys.links import new_nonce, token_for, token_hash
from mentora.surveys.models import Answer, Invitation, Respondent, Response, SurveyImport, Wave
from tests import factories
from tests.security.matrix_events import build_events
from tests.security.matrix_qda import build_qda

ACTORS = [
    "admin", "coord_a", "coord_b", "mentor", "unassigned", "mentee", "other_mentee",
    "far_mentee", "evaluator", "anon", "expired", "deactivated",
]


def canary(kind: str, owner: str) -> str:
    return f"CNRY-{kind}-{owner}"


@dataclass
class Side:
    """The objects of one relation (own, same, other) that pages are opened on."""

    program: Program
    cohort: Cohort
    pair: Mentorship
    mentee: Person
    enrolment: Enrolment  # the mentee's
    meeting: Meeting
    scheduled: Meeting
    goal: Any
    action_item: Any
    plan: Any
    wave: Wave
    run: Any
    match_request: MatchRequest
    entry: ScholarlyEntry
    survey_import: SurveyImport
    job: Job
    report_job: Job
    survey_token: str
    feed_token: str
    invitation_token: str
    intake_token: str
    api_token: Any  # an API token of the mentee's account
    export: Job  # the coordinator's export of the cohort's survey records, written by a job
    observation: Any  # a mini-CEX of the mentee by the mentor
    procedure: Any  # a procedure the mentee logged, for the mentor to confirm
    notification: Any  # a notification to the mentee, about the pair
    block: Any = None  # a rotation block over the whole cohort, the mentee in it
    pulse: Any = None  # a pulse check asked of the mentee, not yet answered
    mentor_offer: Any = None  # the mentor role offered to the mentee, not yet answered


@dataclass
class MatrixWorld:
    sides: dict[str, Side]
    users: dict[str, Any]  # actor -> User (none for anon)
    group_meeting: Meeting
    instrument: Any  # a library instrument
    anonymous_wave: Wave  # cohort A's, answered by Maya and Nina
    canaries: dict[str, tuple[str, str]] = field(default_factory=dict)  # canary -> (kind, owner)
    sessions: dict[str, str] = field(default_factory=dict)  # actor -> session key
    qda: dict[str, Any] = field(default_factory=dict)  # rel -> (coding project, its source)
    events: dict[str, Any] = field(default_factory=dict)  # rel -> event of its mentees

    def client(self, actor: str) -> Client:
        client = Client()
        if actor in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[actor]
        return client


class _Builder:
    def __init__(self) -> None:
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.canaries: dict[str, tuple[str, str]] = {}

    def mark(self, kind: str, owner: str) -> str:
        value = canary(kind, owner)
        self.canaries[value] = (kind, owner)
        return value

    def demographics(self, person: Person, owner: str) -> None:
        Demographics.objects.create(
            person=person, gender="self_describe",
            gender_self_description=self.mark("demographics", owner),
            race_ethnicity=["self_describe"],
            race_self_description=self.mark("race", owner),
            # Not one of the choices: shown as it is wherever the status itself is shown.
            underrepresented=self.mark("urm", owner),
        )

    def meeting(self, pairs: list[Mentorship], by: Person, owner: str, days_ago: int) -> Meeting:
        grow = {part: self.mark(f"grow{part}", owner) for part in ("goal", "reality")}
        details = MeetingDetails(on=self.today - timedelta(days=days_ago), **grow)
        return do_log_meeting(pairs, details, by, self.now)

    def side(self, key: str, program: Program, cohort: Cohort, pair: Mentorship,
             coordinator: Any, library: dict[str, Any]) -> Side:
        mentor, mentee = pair.mentor, pair.mentee
        owner = mentee.full_name.split()[0].lower()
        mentor_name = mentor.full_name.split()[0].lower()
        self.demographics(mentee, owner)
        meeting = self.meeting([pair], mentor, owner, days_ago=3)
        do_write_private_note(meeting, mentor, self.mark("privatenote", mentor_name), self.now)
        do_write_private_note(meeting, mentee, self.mark("privatenote", owner), self.now)
        do_reflect(meeting, mentee, self.mark("reflection", owner), "", self.now)
        scheduled = Meeting.objects.create(
            mentor=mentor, on=self.today + timedelta(days=5), created_at=self.now
        )
        scheduled.mentorships.add(pair)
        goal = do_set_goal(pair, mentee, self.now, specific=f"Goal of {owner}",
                           reality=self.mark("goalgrow", owner))
        item = do_add_action_item(pair, f"Read chapter ({owner})", mentee, self.now, goal=goal)
        agreement = do_draft_agreement(pair, self.now)
        Agreement.objects.filter(pk=agreement.pk).update(
            boundaries=self.mark("agreement", owner))
        plan = do_start_plan(mentee, cohort, "full", self.now)
        plan.answers = {plan.template.sections[0][0]: self.mark("plan", owner)}
        plan.save(update_fields=["answers"])
        do_share_plan(plan, mentee, self.now)
        SponsorshipAct.objects.create(
            cohort=cohort, sponsored=mentee, sponsor=mentor, kind="award", on=self.today,
            what=self.mark("sponsorship", owner), recorded_as="sponsor", created_at=self.now)
        wave = self.identified_wave(cohort, library, mentee, owner)
        feed = do_new_feed(mentee, self.now)
        request = MatchRequest.objects.create(cohort=cohort, mentee=mentee, mentor=mentor,
                                              side="mentee", rank=1, created_at=self.now)
        entry = ScholarlyEntry.objects.create(person=mentee, kind="publication", year=2025,
                                              title=f"Near-peer mentoring ({owner})",
                                              created_at=self.now)
        job = Job.objects.create(kind="test.work", func="builtins.print", owner=coordinator,
                                 program=program, created_at=self.now, updated_at=self.now)
        survey_import = SurveyImport.objects.create(
            cohort=cohort, kind="redcap", created_by=coordinator, created_at=self.now, job=job
        )
        newcomer = factories.make_person(f"New {owner.title()}", Stage.MS1, with_login=False)
        intake, intake_hash = new_link_token()
        PendingIntake.objects.create(
            cohort=cohort, person=mentee, answers={"email": mentee.email},
            token_hash=intake_hash, created_at=self.now,
            expires_at=self.now + timedelta(days=7),
        )
        run = do_start_run(cohort, coordinator, self.now, background=False)
        stored = StoredReport.objects.create(cohort=cohort, key=f"matrix-{key}", options={})
        report_job = Job.objects.create(kind=REPORT_JOB, subject=str(stored.pk),
                                        func="builtins.print", owner=coordinator,
                                        created_at=self.now, updated_at=self.now)
        return Side(
            program=program, cohort=cohort, pair=pair, mentee=mentee,
            enrolment=Enrolment.objects.get(cohort=cohort, person=mentee), meeting=meeting,
            scheduled=scheduled, goal=goal, action_item=item, plan=plan, wave=wave, run=run,
            match_request=request, entry=entry, survey_import=survey_import, job=job,
            report_job=report_job, survey_token=self.survey_token(wave, mentee, used=key != "own"),
            feed_token=feed.token, invitation_token=do_invite(newcomer, self.now),
            intake_token=intake,
            export=self.export(cohort, coordinator),
            observation=self.observation(pair, owner),
            procedure=do_log_procedure(
                pair, mentee, self.now, procedure="suturing", level="observed",
                performed_on=self.today, note=self.mark("procedure", owner)),
            api_token=do_create_api_token(mentee.user, f"Script of {owner}",
                                          self.today + timedelta(days=30), self.now)[0],
            notification=self.notification(pair),
            pulse=Pulse.objects.create(mentorship=pair, number=1, due_on=self.today,
                                       asked_at=self.now),
            block=self.block(cohort, mentee),
            mentor_offer=MentorOffer.objects.create(cohort=cohort, person=mentee,
                                                    offered_on=self.today),
        )

    def block(self, cohort: Cohort, mentee: Person) -> Any:
        """A block spanning the cohort (so nobody's start moves) with the mentee in it: deleting
        it is refused, so each row finds it still there."""
        block, _ = Block.objects.get_or_create(
            cohort=cohort, name="Block 1",
            defaults={"starts_on": cohort.starts_on, "ends_on": cohort.ends_on})
        Enrolment.objects.filter(cohort=cohort, person=mentee).update(block=block)
        return block

    def notification(self, pair: Mentorship) -> Any:
        key = f"drift:{pair.pk}:matrix:mentee"
        notify([Draft(pair.mentee_id, Kind.DRIFT, key, "Time to meet", "No meeting logged.",
                      reverse("mentorship", args=[pair.pk]), pair.pk)], self.now)
        return Notification.objects.get(recipient_id=pair.mentee_id, key=key)

    def observation(self, pair: Mentorship, owner: str) -> Any:
        """A mini-CEX: performance feedback on the mentee, and the mentee's reflection on it."""
        observation = do_record_mini_cex(
            pair, pair.mentor, self.now, observed_on=self.today, setting="inpatient",
            patient_problem="Chest pain", complexity="moderate", minutes_observing=15,
            minutes_feedback=5, overall=6, strengths=self.mark("minicex", owner),
            next_step="Summarise the plan aloud")
        return do_acknowledge_observation(observation, pair.mentee, self.now,
                                          reflection=self.mark("minicexreflection", owner))

    def export(self, cohort: Cohort, coordinator: Any) -> Job:
        job = do_queue_survey_export(cohort, "clerkship_survey", "records",
                                     ExportTier.DEIDENTIFIED, False, coordinator)
        run_job(job.pk)
        return job

    def identified_wave(self, cohort: Cohort, library: dict[str, Any], mentee: Person,
                        owner: str) -> Wave:
        instrument = library["clerkship_survey"]
        wave = do_create_wave(cohort, instrument, "Baseline", self.today - timedelta(days=30),
                              self.today + timedelta(days=30), self.now)
        respondent = Respondent.objects.create(cohort=cohort, person=mentee,
                                               record_id=f"r{mentee.pk}")
        self.answers(wave, respondent, {
            "career_interest": self.mark("answer", owner),
            "comments": self.mark("comment", owner),
            "im_opinion_career": "4",
        })
        return wave

    def answers(self, wave: Wave, respondent: Respondent | None, values: dict[str, Any],
                record: str = "") -> Response:
        items = {item.variable: item for item in wave.instrument.items.all()}
        forms = list(dict.fromkeys(s.form for s in wave.instrument.sections.all()))
        response = Response.objects.create(
            wave=wave, respondent=respondent,
            record_id=respondent.record_id if respondent else record,
            status=Response.Status.SUBMITTED, submitted_at=self.now,
            completion={form: 2 for form in forms},
        )
        Answer.objects.bulk_create(
            Answer(response=response, item=items[variable], value=value)
            for variable, value in values.items()
        )
        return response

    def survey_token(self, wave: Wave, person: Person, email: str = "",
                     used: bool = True) -> str:
        nonce = new_nonce()
        token = token_for(nonce)
        Invitation.objects.create(
            wave=wave, person=person, email=email or person.email, nonce=nonce,
            token_hash=token_hash(token), sent_at=self.now, last_sent_at=self.now,
            used_at=self.now if used else None,
        )
        return token

    def anonymous_wave(self, cohort: Cohort, library: dict[str, Any], people: list[Person]
                       ) -> Wave:
        """An anonymous wave: the invitations name people (by an email kept for the wave
        only), the answers name nobody."""
        wave = do_create_wave(cohort, library["clerkship_survey"], "Anonymous check-in",
                              self.today - timedelta(days=10), self.today + timedelta(days=10),
                              self.now, anonymous=True)
        for person in people:
            owner = person.full_name.split()[0].lower()
            self.survey_token(wave, person, email=f"{self.mark('anonmail', owner)}@example.edu")
            self.answers(wave, None, {"comments": self.mark("anonanswer", owner)},
                         record=f"anon-{owner}")
        return wave


def build_matrix_world() -> MatrixWorld:
    b = _Builder()
    make_user = factories.make_user
    olga = make_user("olga@example.edu", is_superuser=True, is_staff=True)
    alice, bob = make_user("alice@example.edu"), make_user("bob@example.edu")
    a = factories.make_program("Program A", alice)
    b_program = factories.make_program("Program B", bob)
    cohort_a, cohort_b = factories.make_cohort(a), factories.make_cohort(b_program)

    def person(name: str, stage: Stage = Stage.MS3) -> Person:
        return factories.make_person(name, stage)

    mark, ned, uma, bea = (person(n, Stage.PGY2) for n in ("Mark A", "Ned A", "Uma A", "Bea B"))
    maya, nina, gil, omar = (person(n) for n in ("Maya A", "Nina A", "Gil A", "Omar B"))
    for mentor in (mark, ned, uma):
        factories.enrol(cohort_a, mentor, "mentor", capacity=2)
    factories.enrol(cohort_b, bea, "mentor", capacity=2)
    for mentee in (maya, nina, gil):
        factories.enrol(cohort_a, mentee)
    factories.enrol(cohort_b, omar)
    mark_maya, mark_gil = factories.pair(cohort_a, mark, maya), factories.pair(cohort_a, mark, gil)
    ned_nina, bea_omar = factories.pair(cohort_a, ned, nina), factories.pair(cohort_b, bea, omar)

    eve = person("Eve Evaluator", Stage.ASSOCIATE_PROFESSOR)
    eve.is_evaluator = True
    eve.save(update_fields=["is_evaluator"])

    yesterday = b.today - timedelta(days=1)
    xavier = person("Xavier Former", Stage.PGY3)
    do_give_coordinator_role(a, xavier.user, expires_on=yesterday)
    xavier.is_evaluator, xavier.evaluator_expires_on = True, yesterday
    xavier.save(update_fields=["is_evaluator", "evaluator_expires_on"])
    lapsed = factories.enrol(cohort_a, xavier, "mentor", capacity=1)
    lapsed.expires_on = yesterday
    lapsed.save(update_fields=["expires_on"])
    factories.pair(cohort_a, xavier, maya, role="research")

    dora = make_user("dora@example.edu")
    a.coordinators.add(dora)

    cohort_a.intake_open = True
    cohort_a.save(update_fields=["intake_open"])
    library = ensure_library(b.now)
    sides = {
        "own": b.side("own", a, cohort_a, mark_maya, alice, library),
        "same": b.side("same", a, cohort_a, ned_nina, alice, library),
        "other": b.side("other", b_program, cohort_b, bea_omar, bob, library),
    }
    anonymous = b.anonymous_wave(cohort_a, library, [maya, nina])
    # A group meeting of Mark with Maya and Gil: each pair's notes and reflection are its own.
    b.demographics(gil, "gil")
    group = do_log_meeting([mark_maya, mark_gil], MeetingDetails(
        on=b.today - timedelta(days=1), goal=b.mark("pairnotes", "maya")), mark, b.now)
    do_log_meeting([mark_gil], MeetingDetails(
        on=b.today - timedelta(days=1), goal=b.mark("pairnotes", "gil")), mark, b.now,
        meeting=group)
    do_reflect(group, gil, b.mark("reflection", "gil"), "", b.now)
    do_reflect(group, maya, b.mark("groupreflection", "maya"), "", b.now)

    users = {
        "admin": olga, "coord_a": alice, "coord_b": bob, "mentor": mark.user,
        "unassigned": uma.user, "mentee": maya.user, "other_mentee": nina.user,
        "far_mentee": omar.user, "evaluator": eve.user, "expired": xavier.user,
        "deactivated": dora,
    }
    qda = build_qda(b.mark, cohort_a, cohort_b, alice, bob, eve, xavier)
    world = MatrixWorld(sides, users, group, library["clerkship_survey"], anonymous,
                        b.canaries, qda=qda,
                        events=build_events(cohort_a, cohort_b, alice, bob))
    for actor, user in users.items():
        client = Client()
        client.force_login(user)
        world.sessions[actor] = client.cookies[settings.SESSION_COOKIE_NAME].value
    dora.is_active = False
    dora.save(update_fields=["is_active"])
    return world
