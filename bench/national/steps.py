"""Each step writes one part of the national program from its planned shape (see plan.py)."""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Model
from django.utils import timezone
from faker import Faker

from bench.national import known, plan
from bench.national.progress import Step
from bench.national.writer import Writer
from mentora.core.demo.people import SCHOLARLY, SPECIALTIES
from mentora.mentorships.actions import ensure_topics
from mentora.mentorships.models import Meeting, Mentorship, Reflection, Topic
from mentora.people.models import CommunicationStyle, Demographics, Interest, Person
from mentora.programs.models import Cohort, Enrolment, Program, Tier
from mentora.surveys import interchange as ix
from mentora.surveys.actions import do_change_schedule, do_create_wave
from mentora.surveys.links import token_for
from mentora.surveys.mapping import save_instrument
from mentora.surveys.models import Answer, Instrument, Invitation, Respondent, Response, Wave


@dataclass
class Planned:
    """A cohort's shape with the rows written for it so far."""

    shape: plan.CohortShape
    pairs: plan.Pairs
    meetings: plan.Meetings
    survey: plan.Survey
    cohort: Cohort | None = None
    first_pair_pk: int = 0
    first_meeting_pk: int = 0
    waves: list[Wave] = field(default_factory=list)


@dataclass
class Context:
    today: date
    now: datetime
    rng: np.random.Generator
    pyrng: random.Random
    writer: Writer
    people: plan.People
    seed: int = 1
    first_person_pk: int = 0
    emails: list[str] = field(default_factory=list)
    programs: list[Program] = field(default_factory=list)
    tiers: dict[tuple[int, int], Tier] = field(default_factory=dict)
    topics: dict[int, list[Topic]] = field(default_factory=dict)

    def person_pk(self, number: np.ndarray | int) -> Any:
        return self.first_person_pk + number

    def reseed(self, step: int) -> None:
        """Random draws of their own for each step, so the data are the same whichever steps
        run side by side."""
        self.rng = np.random.default_rng([self.seed, step])
        self.pyrng = random.Random(self.seed * 1000 + step)


# The tables filled in bulk (their plain indexes are built after they fill).
BULK_TABLES: list[type[Model]] = [
    Person, Person.specialty_interests.through, Person.scholarly_interests.through, Demographics,
    Enrolment, Mentorship, Meeting, Meeting.mentorships.through, Meeting.topics.through,
    Reflection, Invitation, Respondent, Response, Answer,
]


def aware(day: date, hour: int = 17) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


# -- programs and cohorts --------------------------------------------------------------------

def programs(ctx: Context, planned: list[Planned]) -> None:
    for index, region in enumerate(plan.REGIONS):
        program = Program.objects.create(
            name=f"National Near-Peer Network: {region.name}",
            slug=f"{known.SLUG_PREFIX}{region.slug}",
            kind=Program.Kind.TIERED if region.tiered else Program.Kind.PAIRS,
            description="Medical students paired with residents a few years ahead of them, "
            "meeting about monthly through the year (synthetic national benchmark).",
            meetings_per_year_target=plan.MEETINGS_PER_YEAR,
            mentor_min_stage_gap=1,
            is_synthetic=True,
        )
        ctx.programs.append(program)
        ctx.topics[index] = ensure_topics(program)
        if region.tiered:
            for number, (name, low, high) in enumerate(plan.TIERS):
                ctx.tiers[(index, number)] = Tier.objects.create(
                    program=program, name=name, min_stage=low, max_stage=high)
    previous: dict[int, Cohort] = {}
    for p in planned:  # last year's cohort of each program comes first
        program = ctx.programs[p.shape.region]
        year = plan.academic_year(p.shape.starts_on)
        p.cohort = Cohort.objects.create(
            program=program, name=f"{program.name} {year}", academic_year=year,
            starts_on=p.shape.starts_on, ends_on=p.shape.ends_on,
            previous=previous.get(p.shape.region),
        )
        previous[p.shape.region] = p.cohort


# -- people ----------------------------------------------------------------------------------

DEPARTMENTS = ["Internal Medicine", "Surgery", "Pediatrics", "Emergency Medicine",
               "Family Medicine", "Psychiatry", "Obstetrics and Gynecology", "Neurology"]
GOALS = [
    "Choose a specialty with real exposure to the two I am considering.",
    "Build a strong residency application and find letter writers early.",
    "Get comfortable presenting patients on rounds.",
    "Start a first research or quality improvement project.",
    "Find balance and community in a demanding year.",
    "Learn how to study for boards without burning out.",
]


def people(ctx: Context, planned: list[Planned]) -> None:
    """Everyone in the network, with demographics and one to three interests each."""
    rng, n = ctx.rng, ctx.people.count
    fake = Faker("en_US")
    fake.seed_instance(int(rng.integers(0, 2**31)))
    firsts = [fake.first_name() for _ in range(600)]
    lasts = [fake.last_name() for _ in range(900)]
    schools = [f"{fake.city()} School of Medicine" for _ in range(60)]
    hospitals = [f"{fake.city()} University Hospital" for _ in range(60)]
    first = rng.integers(0, len(firsts), n)
    last = rng.integers(0, len(lasts), n)
    site = rng.integers(0, 12, n) + 12 * ctx.people.region
    department = rng.integers(0, len(DEPARTMENTS), n)
    style = rng.integers(0, len(CommunicationStyle.values), n)
    goal = rng.integers(0, len(GOALS), n)
    ctx.first_person_pk = ctx.writer.reserve(Person, n)
    ctx.emails = [
        f"{firsts[a]}.{lasts[b]}.{i}@{known.DOMAIN}".lower().replace(" ", "").replace("'", "")
        for i, (a, b) in enumerate(zip(first.tolist(), last.tolist(), strict=True))
    ]
    mentees = ctx.people.mentees
    specialties = [Interest.objects.get_or_create(kind="specialty", name=s)[0].pk
                   for s in SPECIALTIES]
    scholarly = [Interest.objects.get_or_create(kind="scholarly", name=s)[0].pk for s in SCHOLARLY]
    spec_rows = _interest_rows(ctx, specialties, 1, 3)
    schol_rows = _interest_rows(ctx, scholarly, 0, 2)
    stages = ctx.people.stage.tolist()

    def persons() -> Iterator[Person]:
        for i in range(n):
            mentor = i >= mentees
            yield Person(
                pk=ctx.first_person_pk + i,
                full_name=f"{firsts[first[i]]} {lasts[last[i]]}",
                email=ctx.emails[i],
                career_stage=stages[i],
                department=DEPARTMENTS[department[i]] if mentor else "",
                site=(hospitals if mentor else schools)[site[i]],
                goals="" if mentor else GOALS[goal[i]],
                communication_style=CommunicationStyle.values[style[i]],
                is_synthetic=True,
            )

    gender = rng.choice(["woman", "man", "nonbinary", "prefer_not"], n, p=[.55, .41, .02, .02])
    urim = rng.choice(["yes", "no", "prefer_not"], n, p=[.22, .75, .03])
    first_gen = rng.choice(["yes", "no", "prefer_not"], n, p=[.18, .80, .02])
    rural = rng.choice(["yes", "no", "prefer_not"], n, p=[.15, .83, .02])
    race = rng.choice(["asian", "black", "hispanic", "white", "ai_an", "mena", "nh_pi"], n,
                      p=[.22, .09, .12, .50, .02, .03, .02])

    def demographics() -> Iterator[Demographics]:
        for i in range(n):
            yield Demographics(
                person_id=ctx.first_person_pk + i, gender=gender[i], underrepresented=urim[i],
                first_generation=first_gen[i], rural_background=rural[i],
                race_ethnicity=[str(race[i])],
            )

    total = 2 * n + len(spec_rows) + len(schol_rows)
    with Step("People, demographics, interests", total) as progress:
        ctx.writer.objects(Person, persons(), progress)
        ctx.writer.objects(Demographics, demographics(), progress)
        for manager, rows in ((Person.specialty_interests, spec_rows),
                              (Person.scholarly_interests, schol_rows)):
            ctx.writer.rows(manager.through, ["person_id", "interest_id"], rows, progress)


def _interest_rows(ctx: Context, pool: list[int], low: int, high: int) -> list[tuple[int, int]]:
    rows = []
    counts = ctx.rng.integers(low, high + 1, ctx.people.count).tolist()
    for i, k in enumerate(counts):
        pk = ctx.first_person_pk + i
        rows += [(pk, interest) for interest in ctx.pyrng.sample(pool, k)]
    return rows


# -- enrolments and mentorships --------------------------------------------------------------

def enrolments(ctx: Context, planned: list[Planned]) -> None:
    def rows() -> Iterator[Enrolment]:
        for p in planned:
            s, cohort = p.shape, p.cohort
            status = Enrolment.Status.ACTIVE if s.current else Enrolment.Status.COMPLETED
            for number in s.mentees.tolist():
                yield Enrolment(cohort=cohort, person_id=ctx.person_pk(number),
                                 role=Enrolment.Role.MENTEE, status=status,
                                 enrolled_on=s.starts_on)
            load = np.bincount(np.searchsorted(s.mentors, p.pairs.mentor), minlength=s.mentors.size)
            capacity = np.maximum(load, ctx.rng.integers(2, 7, s.mentors.size))
            trained = ctx.rng.random(s.mentors.size) < 0.8
            for number, cap, tier, done in zip(s.mentors.tolist(), capacity.tolist(),
                                               s.mentor_tiers.tolist(), trained.tolist(),
                                               strict=True):
                yield Enrolment(cohort=cohort, person_id=ctx.person_pk(number),
                                 role=Enrolment.Role.MENTOR, capacity=cap, mentor_trained=done,
                                 tier=ctx.tiers.get((s.region, tier)), status=status,
                                 enrolled_on=s.starts_on)

    total = sum(p.shape.mentees.size + p.shape.mentors.size for p in planned)
    with Step("Enrolments", total) as progress:
        ctx.writer.objects(Enrolment, rows(), progress)


DECLINES = ["not_active", "no_contact", "interests", "time", "other"]


def mentorships(ctx: Context, planned: list[Planned]) -> None:
    def rows() -> Iterator[Mentorship]:
        for p in planned:
            pairs = p.pairs
            p.first_pair_pk = ctx.writer.reserve(Mentorship, pairs.count)
            reasons = ctx.rng.integers(0, len(DECLINES), pairs.count).tolist()
            for i in range(pairs.count):
                status = str(pairs.status[i])
                stopped = date.fromordinal(int(pairs.stopped[i])) if pairs.stopped[i] else None
                tier = int(pairs.tier[i])
                yield Mentorship(
                    pk=p.first_pair_pk + i, cohort=p.cohort,
                    mentor_id=ctx.person_pk(int(pairs.mentor[i])),
                    mentee_id=ctx.person_pk(int(pairs.mentee[i])),
                    role="near_peer", tier=plan.TIERS[tier][0] if tier >= 0 else "",
                    status=status, started_on=date.fromordinal(int(pairs.started[i])),
                    ended_on=stopped if status == plan.ENDED else None,
                    end_reason=("The program year ended" if stopped == p.shape.ends_on
                                else "The pair stopped meeting") if status == plan.ENDED else "",
                    declined_on=stopped if status == plan.DECLINED else None,
                    decline_reason=DECLINES[reasons[i]] if status == plan.DECLINED else "",
                )

    with Step("Mentorships", sum(p.pairs.count for p in planned)) as progress:
        ctx.writer.objects(Mentorship, rows(), progress)


# -- meetings --------------------------------------------------------------------------------

GROW = [
    ("Decide between two specialties by spring", "Little exposure to either yet",
     "Shadow in clinic; talk to residents in each", "Shadow twice before we meet again"),
    ("Present patients with confidence", "Presentations run long; unsure what to cut",
     "Practise with a template; ask for feedback on rounds", "Two observed presentations"),
    ("Start a first research project", "Interested in education research; no mentor yet",
     "Ask the clerkship director; join the writing group", "Email two faculty this week"),
    ("Keep up with studying on a busy rotation", "Falling behind on questions",
     "Fixed morning block; study group", "Thirty questions a day for two weeks"),
]
LEARNED = ["Exposure early matters more than I thought", "Ask for feedback in the moment",
           "Residents were unsure at my stage too", "A small project is a good start"]


def meetings(ctx: Context, planned: list[Planned]) -> None:
    """Meetings with their pair and topics; a third of the held ones with the mentee's
    reflection; GROW notes on half of the held ones."""
    reflections: list[tuple[int, int]] = []  # meeting pk, mentee pk

    def rows() -> Iterator[Meeting]:
        rng = ctx.rng
        for p in planned:
            m, pairs = p.meetings, p.pairs
            first = ctx.writer.reserve(Meeting, m.count)
            p.first_meeting_pk = first
            mentor_pks = (ctx.first_person_pk + pairs.mentor).tolist()
            mentee_pks = (ctx.first_person_pk + pairs.mentee).tolist()
            review = m.review.tolist()
            notes = ((rng.random(m.count) < 0.5) & (m.status == plan.HELD)).tolist()
            grow = rng.integers(0, len(GROW), m.count).tolist()
            hour = rng.choice([7, 12, 16, 17, 18], m.count).tolist()
            length = rng.choice([15, 30, 30, 45, 60], m.count).tolist()
            virtual = (rng.random(m.count) < 0.45).tolist()
            reflect = ((rng.random(m.count) < 0.33) & (m.status == plan.HELD)).tolist()
            today = ctx.today.toordinal()
            for i, (pair, on, status) in enumerate(zip(m.pair.tolist(), m.on.tolist(),
                                                      m.status.tolist(), strict=True)):
                mentor = mentor_pks[pair]
                g = GROW[grow[i]] if notes[i] else ("", "", "", "")
                day = date.fromordinal(on)
                yield Meeting(
                    pk=first + i, mentor_id=mentor, status=status,
                    kind=Meeting.Kind.REVIEW if review[i] else Meeting.Kind.REGULAR, on=day,
                    starts_at=time(hour[i], 0), duration_minutes=length[i],
                    mode=Meeting.Mode.VIRTUAL if virtual[i] else Meeting.Mode.IN_PERSON,
                    goal=g[0], reality=g[1], options=g[2], will=g[3],
                    uid=uuid.UUID(int=ctx.pyrng.getrandbits(128)), logged_by_id=mentor,
                    created_at=aware(date.fromordinal(min(on, today - 3 if on > today else on))),
                )
                if reflect[i]:
                    reflections.append((first + i, mentee_pks[pair]))

    def links() -> Iterator[tuple[int, int]]:
        for p in planned:
            first = p.first_meeting_pk
            for i, pair in enumerate(p.meetings.pair.tolist()):
                yield first + i, p.first_pair_pk + pair

    def topic_links() -> Iterator[tuple[int, int]]:
        for p in planned:
            first = p.first_meeting_pk
            pool = [t.pk for t in ctx.topics[p.shape.region]]
            weights = np.array([30, 24, 14, 6, 9, 6, 5, 1, 3, 9], dtype=float)[: len(pool)]
            n = p.meetings.count
            # one to three topics a held meeting, by weight, each topic once
            drawn = ctx.rng.choice(len(pool), (n, 3), p=weights / weights.sum())
            wanted = ctx.rng.integers(1, 4, n)
            keep = np.ones((n, 3), dtype=bool)
            keep[:, 1] = (wanted >= 2) & (drawn[:, 1] != drawn[:, 0])
            keep[:, 2] = (wanted >= 3) & (drawn[:, 2] != drawn[:, 0]) & (drawn[:, 2] != drawn[:, 1])
            keep[p.meetings.status == plan.SCHEDULED] = False
            rows, cols = np.nonzero(keep)
            meeting_pks = (first + rows).tolist()
            topic_pks = np.asarray(pool)[drawn[rows, cols]].tolist()
            yield from zip(meeting_pks, topic_pks, strict=True)

    def reflection_rows() -> Iterator[Reflection]:
        for meeting, mentee in reflections:
            yield Reflection(meeting_id=meeting, mentee_id=mentee,
                             learned=ctx.pyrng.choice(LEARNED),
                             next_actions="Follow up before the next meeting",
                             updated_at=ctx.now)

    count = sum(p.meetings.count for p in planned)
    scheduled = sum(int((p.meetings.status == plan.SCHEDULED).sum()) for p in planned)
    # meetings, their pairs, about two topics per meeting not scheduled, a third reflected
    estimate = 2 * count + 2 * (count - scheduled) + (count - scheduled) // 3
    with Step("Meetings, topics, reflections", estimate) as progress:
        ctx.writer.objects(Meeting, rows(), progress)
        ctx.writer.rows(Meeting.mentorships.through, ["meeting_id", "mentorship_id"], links(),
                        progress)
        ctx.writer.rows(Meeting.topics.through, ["meeting_id", "topic_id"], topic_links(),
                        progress)
        ctx.writer.objects(Reflection, reflection_rows(), progress)


# -- surveys ---------------------------------------------------------------------------------

SECTIONS = {
    "career": ("Career planning", [
        "I know which specialties fit my interests", "I can describe a path to my chosen field",
        "I know what residency programs look for", "I have people to ask about careers",
        "I set goals for the year", "I know how to find research opportunities",
        "I can plan my fourth-year schedule", "I know how to ask for a letter",
        "I feel ready to choose a specialty", "I understand the match process"]),
    "clinical": ("Clinical confidence", [
        "I present patients clearly", "I write a useful progress note",
        "I build a differential diagnosis", "I ask for feedback on the wards",
        "I know my role on the team", "I prioritise tasks on a busy day",
        "I speak up when unsure", "I hand over patients safely",
        "I explain plans to patients", "I manage my time on call"]),
    "belonging": ("Belonging and wellbeing", [
        "I feel I belong in medicine", "I have a community at school",
        "I know where to find support", "I balance study and rest",
        "I can talk about mistakes", "I feel respected by residents",
        "I recover from a hard day", "I feel my background is valued",
        "I have time for life outside school", "I would recommend my school"]),
    "mentoring": ("The mentoring relationship", [
        "My mentor is easy to reach", "My mentor gives useful advice",
        "We meet often enough", "My mentor helps me set goals",
        "My mentor connects me with others", "I trust my mentor",
        "My mentor shares their experience", "My mentor respects my choices",
        "We talk about what matters to me", "I would mentor a student myself"]),
}
AGREE = ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree")


def instrument(now: datetime) -> Instrument:
    """A 40-item Likert survey in four forms, saved the way the library saves its own."""
    choices = tuple(ix.Choice(str(code), label) for code, label in enumerate(AGREE, start=1))
    items = [ix.Item("record_id", "career", ix.ItemType.TEXT, label="Record ID")]
    for form, (header, statements) in SECTIONS.items():
        for n, text in enumerate(statements, start=1):
            items.append(ix.Item(f"{form}_{n:02d}", form, ix.ItemType.LIKERT, label=text,
                                 choices=choices, section_header=header if n == 1 else ""))
    forms = tuple(ix.Form(form, header) for form, (header, _) in SECTIONS.items())
    definition = ix.Instrument(name="national_near_peer", title="Near-Peer Mentoring Survey",
                               items=tuple(items), forms=forms)
    return save_instrument(definition, now)


def surveys(ctx: Context, planned: list[Planned]) -> None:
    """A pre and a post wave for every cohort: every mentee invited, the answers of those who
    answered (submitted through their invitation, as the survey page does)."""
    inst = instrument(ctx.now)
    items = list(inst.items.order_by("position").values_list("pk", flat=True))[1:]
    forms = list(SECTIONS)
    for p in planned:
        s = p.shape
        pre_open, post_open = s.starts_on, s.ends_on - timedelta(days=40)
        p.waves = [
            do_create_wave(p.cohort, inst, "Pre (start of the year)", pre_open,  # type: ignore[arg-type]
                           pre_open + timedelta(days=30), aware(pre_open, 8),
                           time_point=Wave.TimePoint.BASELINE),
            do_create_wave(p.cohort, inst, "Post (end of the year)", post_open,  # type: ignore[arg-type]
                           s.ends_on + timedelta(days=14), aware(post_open, 8),
                           time_point=Wave.TimePoint.FOLLOW_UP_1Y),
        ]
    total = sum(p.shape.mentees.size * 2 for p in planned)
    total += sum(int(p.survey.pre.sum() + p.survey.post.sum()) * (plan.ITEMS + 1) for p in planned)
    with Step("Surveys: invitations, responses, answers", total) as progress:
        for p in planned:
            _survey_rows(ctx, p, items, forms, progress)


def _survey_rows(ctx: Context, p: Planned, items: list[int], forms: list[str],
                 progress: Any) -> None:
    s, answers = p.shape, p.survey
    people = s.mentees.tolist()
    answered = answers.pre | answers.post
    first_respondent = ctx.writer.reserve(Respondent, int(answered.sum()))
    respondent = np.cumsum(answered) - 1 + first_respondent
    ctx.writer.objects(Respondent, (
        Respondent(pk=int(respondent[i]), cohort=p.cohort, record_id=f"p{ctx.person_pk(n)}",
                   person_id=ctx.person_pk(n))
        for i, n in enumerate(people) if answered[i]), progress)
    secret = hashlib.sha256
    for wave, took, values in ((p.waves[0], answers.pre, answers.pre_values),
                               (p.waves[1], answers.post, answers.post_values)):
        sent = aware(wave.opens_on, 8)
        first_invitation = ctx.writer.reserve(Invitation, len(people))
        first_response = ctx.writer.reserve(Response, int(took.sum()))
        elapsed = max(1, (min(ctx.today, wave.closes_on) - wave.opens_on).days)
        days = ctx.rng.integers(0, elapsed, len(people))  # when each answer came in
        nonces = [ctx.pyrng.getrandbits(128).to_bytes(16, "big").hex() for _ in people]
        opened = took | (ctx.rng.random(len(people)) < 0.15)
        # Every reminder that fell due was sent (the schedule runs daily): a pending link has
        # had all those due so far, an answered one those due before its answer.
        every = wave.reminder_every_days
        due = np.minimum(wave.max_reminders, elapsed // every)
        reminders = np.where(took, np.minimum(due, days // every), due)

        def invitations(wave: Wave = wave, took: np.ndarray = took, sent: datetime = sent,
                        first: int = first_invitation, days: np.ndarray = days,
                        nonces: list[str] = nonces, opened: np.ndarray = opened,
                        reminders: np.ndarray = reminders, every: int = every,
                        ) -> Iterator[Invitation]:
            for i, n in enumerate(people):
                at = sent + timedelta(days=int(days[i]), hours=3)
                reminded = int(reminders[i])
                yield Invitation(
                    pk=first + i, wave=wave, person_id=ctx.person_pk(n), email=ctx.emails[n],
                    nonce=nonces[i], token_hash=secret(token_for(nonces[i]).encode()).hexdigest(),
                    sent_at=sent, last_sent_at=sent + timedelta(days=every * reminded),
                    reminders_sent=reminded, opened_at=at if opened[i] else None,
                    used_at=at if took[i] else None, version=reminded + int(bool(took[i])),
                )

        ctx.writer.objects(Invitation, invitations(), progress)
        # when each pending invitation's next reminder falls due, as the survey part keeps it
        do_change_schedule(wave, opens_on=wave.opens_on, closes_on=wave.closes_on,
                           reminder_every_days=wave.reminder_every_days,
                           max_reminders=wave.max_reminders)
        chosen = np.nonzero(took)[0]

        def responses(wave: Wave = wave, chosen: np.ndarray = chosen, sent: datetime = sent,
                      days: np.ndarray = days, first_invitation: int = first_invitation,
                      first_response: int = first_response) -> Iterator[Response]:
            for k, i in enumerate(chosen.tolist()):
                at = timezone.localtime(sent + timedelta(days=int(days[i]), hours=3))
                stamp = at.strftime("%Y-%m-%d %H:%M:%S")
                yield Response(
                    pk=first_response + k, wave=wave, respondent_id=int(respondent[i]),
                    invitation_id=first_invitation + i, record_id=f"p{ctx.person_pk(people[i])}",
                    completion={f: 2 for f in forms}, timestamps={f: stamp for f in forms},
                    status=Response.Status.SUBMITTED, submitted_at=at,
                )

        ctx.writer.objects(Response, responses(), progress)
        ctx.writer.rows(Answer, ["response_id", "item_id", "value"],
                        _answer_rows(values[chosen], first_response, items), progress)


ENCODED = ["", '"1"', '"2"', '"3"', '"4"', '"5"']  # a JSON string, as the survey page stores it


def _answer_rows(values: np.ndarray, first_response: int,
                 items: list[int]) -> Iterator[tuple[int, int, str]]:
    for k, row in enumerate(values.tolist()):
        response = first_response + k
        for item, value in zip(items, row, strict=True):
            if value:
                yield response, item, ENCODED[value]


# -- known people ----------------------------------------------------------------------------

def known_people(ctx: Context, planned: list[Planned]) -> list[tuple[str, str, str]]:
    """Accounts for a coordinator of every program and ten pairs of the largest cohort."""
    User = get_user_model()
    password = make_password(known.PASSWORD)  # one slow hash for every known account
    coordinator = User.objects.create(username=known.COORDINATOR, email=known.COORDINATOR,
                                      first_name="National", last_name="Coordinator",
                                      password=password)
    for program in ctx.programs:
        program.coordinators.add(coordinator)
    largest = max((p for p in planned if p.shape.current), key=lambda p: p.shape.mentees.size)
    assert largest.cohort is not None
    logins = [("coordinator", known.COORDINATOR, f"all {len(ctx.programs)} programs; "
               f"largest cohort /cohorts/{largest.cohort.pk}/")]
    active = largest.pairs.status == plan.ACTIVE
    load = np.bincount(largest.pairs.mentor[active], minlength=ctx.people.count)
    mentors = np.nonzero((load >= 3) & (load <= 6))[0].tolist()[: known.KNOWN_PAIRS]
    for n, mentor in enumerate(mentors, start=1):
        mentee = int(largest.pairs.mentee[active & (largest.pairs.mentor == mentor)][0])
        for email, number, role in ((known.mentor_email(n), mentor, "mentor"),
                                    (known.mentee_email(n), mentee, "mentee")):
            user = User.objects.create(username=email, email=email, password=password)
            Person.objects.filter(pk=ctx.person_pk(number)).update(email=email, user=user)
            if n == 1:
                name = Person.objects.get(pk=ctx.person_pk(number)).full_name
                logins.append((role, email, name))
    logins.append(("", f"... mentor01..mentor{len(mentors):02d}, mentee01..mentee"
                   f"{len(mentors):02d} @{known.DOMAIN}", "each mentorNN mentors menteeNN"))
    return logins
