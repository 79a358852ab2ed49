"""A year of relationship activity for each demo program: agreements, IDPs, goals, meetings.

Shaped after the seeds: in the clerkship (000) career advice and personal development are
discussed most and participation halves from the first to the second half of the year; in the
faculty program (002) two mentees opt out, about seven in ten meet at least twice, IDP use rises
from one in ten at baseline to seven in ten, and a few mentors meet their mentees as a group;
in the GME program (003) some mentees say their assigned mentor is not an active mentor. Some
pairs everywhere drift: no meeting in months. Everything is written in bulk to stay fast.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from mentora.core.demo.context import DemoContext
from mentora.mentorships.actions import (
    do_decline,
    ensure_agreement_template,
    ensure_competencies,
    ensure_plan_templates,
    ensure_topics,
)
from mentora.mentorships.models import (
    ActionItem,
    Agreement,
    AgreementVersion,
    Competency,
    DevelopmentPlan,
    Goal,
    GoalProgress,
    Meeting,
    Mentorship,
    Reflection,
    Topic,
)
from mentora.programs.models import Cohort

NAMED = ("student@demo.mentora.test", "mentor@demo.mentora.test",
         "faculty.mentee@demo.mentora.test", "intern@demo.mentora.test")

TOPIC_WEIGHTS = {
    "000": {"Career advice": 30, "Personal development": 24, "Specialty choice": 14,
            "Residency applications": 9, "Clinical skills": 9, "Work-life balance": 6,
            "Wellness and burnout": 5, "Networking": 3},
    "001": {"Clinical skills": 40, "Residency applications": 18, "Career advice": 14,
            "Specialty choice": 10, "Personal development": 8, "Wellness and burnout": 5,
            "Work-life balance": 5},
    "002": {"Career advice": 22, "Research and scholarship": 24, "Promotion": 18,
            "Work-life balance": 10, "Networking": 10, "Wellness and burnout": 8,
            "Personal development": 8},
    "003": {"Career advice": 25, "Research and scholarship": 22, "Networking": 14,
            "Promotion": 10, "Clinical skills": 10, "Wellness and burnout": 10,
            "Work-life balance": 9},
    "004": {"Personal development": 28, "Wellness and burnout": 18, "Work-life balance": 14,
            "Career advice": 14, "Networking": 14, "Specialty choice": 12},
}

GROW = {
    "goal": ["Settle on a specialty by spring", "Get direct feedback on bedside procedures",
             "Submit a first first-author abstract", "Protect one afternoon a week for writing",
             "Prepare the promotion dossier", "Find my community in the first semester"],
    "reality": ["Two fields appeal; little exposure to either yet",
                "Three supervised attempts so far; hesitant on positioning",
                "Data collected, no outline", "Clinical load crowds out everything else",
                "Teaching portfolio is scattered across emails", "Feels isolated after moving"],
    "options": ["Shadow in clinic; talk to two residents in each field",
                "Simulation lab weekly; ask attendings to watch on shift",
                "Use the division writing group; aim for the spring meeting",
                "Trade a clinic session; block calendar mornings",
                "Template from a colleague promoted last year",
                "Student groups; near-peer dinners"],
    "will": ["Shadow twice before the next meeting", "Book the simulation lab for Tuesdays",
             "Send an outline in two weeks", "Block Friday mornings from next month",
             "Draft the teaching section by the next meeting", "Join one group this month"],
}
LEARNED = ["Exposure early matters more than I thought", "Ask for feedback in the moment",
           "Scholarship can grow from work I already do", "Saying no is part of the job",
           "Others felt the same in their first year"]
ACTIONS = ["Email the residency program coordinator", "Draft the abstract outline",
           "Book two shadowing sessions", "Update the CV", "Read the promotion criteria",
           "Sign up for the simulation lab", "Ask for a mid-rotation feedback session"]
GOALS = {
    "001": [("Perform supervised shoulder reductions with direct feedback", 5,
             "supervised shoulder reductions", "PC"),
            ("Place ultrasound-guided peripheral IVs", 10, "ultrasound-guided IVs", "EPA12"),
            ("Present cases on shift with feedback", 6, "observed presentations", "EPA6")],
    "002": [("Publish a medical education manuscript", 1, "submitted manuscript", "PBLI"),
            ("Present at a national meeting", 2, "presentations", "ICS"),
            ("Lead teaching workshops for residents", 3, "workshops", "PROF")],
    "default": [("Discuss a career question at each meeting", 4, "meetings", "PROF"),
                ("Get feedback on oral presentations", 5, "observed presentations", "EPA6"),
                ("Read about the specialties I am considering", 3, "specialty overviews",
                 "PBLI")],
}
PLAN_TEXT = {
    "vision": "An educator with a recognised teaching niche and steady scholarship.",
    "goals": "Submit one manuscript; lead a workshop; complete the teaching portfolio.",
    "work_values": "Teaching, patient advocacy, collegiality, time with family.",
    "skills": "Strong bedside teaching; new to study design and writing.",
    "time_by_role": "70% clinical, 20% teaching, 10% scholarship.",
    "scholarly_interests": "Feedback in the clinical learning environment.",
    "challenges": "Little protected time; unsure of promotion expectations.",
    "support_needs": "A writing group; feedback on a draft; a sponsor for a committee role.",
    "accomplishments": "Two grand rounds; resident teaching award nomination.",
}


@dataclass
class Bulk:
    """Rows gathered for one cohort, written at the end with bulk_create."""

    meetings: list[Meeting] = field(default_factory=list)
    links: list[tuple[int, list[Mentorship]]] = field(default_factory=list)
    topics: list[list[Topic]] = field(default_factory=list)
    reflections: list[tuple[int, Mentorship, str]] = field(default_factory=list)


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(17, 0)))


def _engagement(ctx: DemoContext, key: str, pair: Mentorship) -> str:
    if pair.mentee.email in NAMED or pair.mentor.email in NAMED:
        return "steady"
    weights = {"002": [55, 10, 20, 15], "000": [70, 0, 18, 12]}.get(key, [58, 17, 15, 10])
    return ctx.rng.choices(["steady", "fading", "drifting", "silent"], weights=weights)[0]


def _meeting_dates(ctx: DemoContext, pair: Mentorship, style: str, end: date) -> list[date]:
    """Held meeting dates for a pair of the given engagement style, none after `end`."""
    program = pair.cohort.program
    interval = 365 / max(1, program.meetings_per_year_target)
    start = pair.started_on or pair.cohort.starts_on
    stop = {
        "steady": end,
        "fading": start + (end - start) * ctx.rng.uniform(0.4, 0.7),
        "drifting": end,
        "silent": start,
    }[style]
    dates, day = [], start + timedelta(days=ctx.rng.randint(3, 20))
    while day <= min(stop, end):
        dates.append(day)
        day += timedelta(days=max(5, int(ctx.rng.gauss(interval, interval * 0.2))))
    if style == "drifting":  # met once or twice, then nothing for months
        return dates[: ctx.rng.choice([1, 1, 2])]
    return dates


def _clerkship_dates(
    ctx: DemoContext, pair: Mentorship, style: str, end: date, continuing: dict[int, bool]
) -> list[date]:
    """Seed 000: about half the students stop taking part after the first half of the year.

    Whether a student continues is decided once, so their two mentors tell the same story.
    """
    if pair.mentee_id not in continuing:
        named = pair.mentee.email in NAMED
        continuing[pair.mentee_id] = named or ctx.rng.random() < 0.5
    dates = _meeting_dates(ctx, pair, "steady" if style != "silent" else "silent", end)
    if continuing[pair.mentee_id] and style != "drifting":
        return dates
    midyear = date(pair.cohort.starts_on.year, 7, 1)
    return [d for d in dates if d < midyear][: ctx.rng.randint(1, 3)]


def _topics_for(ctx: DemoContext, key: str, topics: dict[str, Topic]) -> list[Topic]:
    weights = TOPIC_WEIGHTS[key]
    names = ctx.rng.choices(list(weights), weights=list(weights.values()), k=ctx.rng.randint(1, 3))
    return [topics[name] for name in dict.fromkeys(names)]


def _add_meeting(
    ctx: DemoContext, bulk: Bulk, pairs: list[Mentorship], on: date, topic_list: list[Topic],
    status: str = Meeting.Status.HELD, kind: str = Meeting.Kind.REGULAR,
) -> None:
    rng = ctx.rng
    notes = status == Meeting.Status.HELD and rng.random() < 0.6
    i = rng.randrange(len(GROW["goal"]))
    bulk.meetings.append(
        Meeting(
            mentor=pairs[0].mentor, status=status, kind=kind, on=on,
            starts_at=time(rng.choice([7, 12, 16, 17]), rng.choice([0, 30])),
            duration_minutes=rng.choice([15, 30, 30, 45, 60]),
            mode=rng.choice(Meeting.Mode.values),
            goal=GROW["goal"][i] if notes else "", reality=GROW["reality"][i] if notes else "",
            options=GROW["options"][i] if notes else "", will=GROW["will"][i] if notes else "",
            uid=uuid.UUID(int=rng.getrandbits(128)), logged_by=pairs[0].mentor,
            created_at=_aware(min(on, ctx.today)),
        )
    )
    bulk.links.append((len(bulk.meetings) - 1, pairs))
    bulk.topics.append(topic_list)
    if status == Meeting.Status.HELD and rng.random() < 0.4:
        bulk.reflections.append((len(bulk.meetings) - 1, pairs[0], rng.choice(LEARNED)))


def _write_meetings(bulk: Bulk) -> None:
    Meeting.objects.bulk_create(bulk.meetings)
    Link, TopicLink = Meeting.mentorships.through, Meeting.topics.through
    Link.objects.bulk_create(
        [Link(meeting_id=bulk.meetings[i].pk, mentorship_id=p.pk) for i, ps in bulk.links
         for p in ps]
    )
    TopicLink.objects.bulk_create(
        [TopicLink(meeting_id=m.pk, topic_id=t.pk) for m, ts in zip(bulk.meetings, bulk.topics,
                                                                    strict=True) for t in ts]
    )
    Reflection.objects.bulk_create(
        [Reflection(meeting_id=bulk.meetings[i].pk, mentee_id=pair.mentee_id, learned=text,
                    next_actions="Follow up before the next meeting",
                    updated_at=bulk.meetings[i].created_at)
         for i, pair, text in bulk.reflections]
    )


def _agreements(ctx: DemoContext, cohort: Cohort, styles: dict[int, str]) -> None:
    """Most pairs sign; some have one signature; silent pairs rarely get that far."""
    template = ensure_agreement_template(cohort.program).sections()
    agreements, versions = [], []
    for pair in cohort.mentorships.select_related("mentee"):
        silent = styles.get(pair.pk) == "silent"
        if silent and ctx.rng.random() < 0.7:
            continue
        started = pair.started_on or cohort.starts_on
        day = _aware(started + timedelta(days=ctx.rng.randint(5, 25)))
        roll = 0.0 if pair.mentee.email in NAMED else ctx.rng.random()
        both, one = roll < 0.82, 0.82 <= roll < 0.9
        sections = {**template, "goals_summary": pair.mentee.goals or template["goals_summary"]}
        signed = {"mentor_signed_at": day if both else None,
                  "mentee_signed_at": day if both or one else None}
        agreements.append(Agreement(mentorship=pair, updated_at=day, **sections, **signed))
        versions.append((sections, signed, day))
    Agreement.objects.bulk_create(agreements)
    AgreementVersion.objects.bulk_create(
        [AgreementVersion(agreement=a, number=1, edited_at=day, **sections, **signed)
         for a, (sections, signed, day) in zip(agreements, versions, strict=True)]
    )


def _goals(ctx: DemoContext, key: str, cohort: Cohort, styles: dict[int, str], end: date) -> None:
    """One or two SMART goals for engaged pairs, with progress entries and action items."""
    ensure_competencies()
    competencies = {c.code: c for c in Competency.objects.filter(framework__program=None)}
    choices = GOALS.get(key, GOALS["default"])
    goals, progress, items, links = [], [], [], []
    for pair in cohort.mentorships.all():
        style = styles.get(pair.pk, "silent")
        if style == "silent" or pair.status != Mentorship.Status.ACTIVE:
            continue
        start = pair.started_on or cohort.starts_on
        for text, target, unit, code in ctx.rng.sample(choices, k=ctx.rng.randint(1, 2)):
            share = {"steady": 1.2, "fading": 0.6, "drifting": 0.3}[style] * ctx.rng.random()
            done = min(target, round(target * share))
            goal = Goal(
                mentorship=pair, specific=text, target_count=target, unit=unit,
                due_on=cohort.ends_on, relevant="Part of this year's plan",
                status=Goal.Status.ACHIEVED if done >= target else Goal.Status.OPEN,
                achieved_on=end if done >= target else None,
                created_by=pair.mentee, created_at=_aware(start + timedelta(days=20)),
            )
            goals.append(goal)
            links.append((goal, competencies[code]))
            span = max(1, (end - start).days)
            progress += [
                GoalProgress(goal=goal, on=start + timedelta(days=ctx.rng.randint(25, span)),
                             count=1, recorded_by=pair.mentee)
                for _ in range(done)
            ]
        for text in ctx.rng.sample(ACTIONS, k=ctx.rng.randint(1, 3)):
            due = start + timedelta(days=ctx.rng.randint(20, 120))
            done_on = due - timedelta(days=3) if ctx.rng.random() < 0.6 and due <= end else None
            items.append(ActionItem(mentorship=pair, text=text, owner=pair.mentee, due_on=due,
                                    done_on=done_on, created_at=_aware(start)))
    Goal.objects.bulk_create(goals)
    GoalProgress.objects.bulk_create([p for p in progress if p.on <= end])
    ActionItem.objects.bulk_create(items)
    Through = Goal.competencies.through
    Through.objects.bulk_create([Through(goal_id=g.pk, competency_id=c.pk) for g, c in links])


def _plans(ctx: DemoContext, key: str, cohort: Cohort, end: date) -> None:
    """Seed 002: one in ten mentees have a plan at baseline, seven in ten by the year's end."""
    share = {"002": 0.7, "003": 0.4, "001": 0.3}.get(key)
    if share is None:
        return
    templates = ensure_plan_templates(cohort.program)
    mentees = list(
        cohort.mentorships.filter(status=Mentorship.Status.ACTIVE)
        .values_list("mentee", "mentee__email", "mentor").order_by("mentee__full_name")
    )
    seen: dict[int, tuple[str, int]] = {}
    for mentee, email, mentor in mentees:
        seen.setdefault(mentee, (email, mentor))
    ordered = sorted(seen, key=lambda m: (seen[m][0] not in NAMED, ctx.rng.random()))
    count = round(share * len(ordered))
    baseline = max(1, round(0.1 * len(ordered)))
    plans = []
    for n, mentee in enumerate(ordered[:count]):
        started = cohort.starts_on + timedelta(
            days=ctx.rng.randint(3, 25) if n < baseline else ctx.rng.randint(40, 300)
        )
        started = min(started, end)
        kind = "full" if key == "002" and n % 3 == 0 else "lunch"
        sections = [k for k, _ in templates[kind].sections]
        reviewed = ctx.rng.random() < 0.7 and started + timedelta(days=30) <= end
        plans.append(DevelopmentPlan(
            mentee_id=mentee, cohort=cohort, template=templates[kind],
            answers={k: PLAN_TEXT.get(k, "") for k in sections},
            status=DevelopmentPlan.Status.REVIEWED if reviewed else DevelopmentPlan.Status.SHARED,
            shared_at=_aware(started),
            mentor_comments="Clear goals; let us check progress at midyear." if reviewed else "",
            reviewed_by_id=seen[mentee][1] if reviewed else None,
            reviewed_at=_aware(started + timedelta(days=21)) if reviewed else None,
            created_at=_aware(started), updated_at=_aware(started),
        ))
    DevelopmentPlan.objects.bulk_create(plans)


def _declines(ctx: DemoContext, key: str, cohort: Cohort) -> set[int]:
    """002: two mentees opt out of meeting. 003: some say the mentor is not an active mentor."""
    pairs = [p for p in cohort.mentorships.select_related("mentee", "mentor", "cohort")
             if p.mentee.email not in NAMED and p.mentor.email not in NAMED]
    if key == "002":
        chosen, reason, note, rematch = ctx.rng.sample(pairs, k=2), "time", "Opted out", False
    elif key == "003":
        chosen = ctx.rng.sample(pairs, k=round(0.12 * len(pairs)))
        reason, note, rematch = "not_active", "", True
    else:
        return set()
    for pair in chosen:
        day = _aware(cohort.starts_on + timedelta(days=ctx.rng.randint(30, 90)))
        do_decline(pair, pair.mentee, reason, day, note=note, rematch=rematch)
    return {p.pk for p in chosen}


def _group_meetings(ctx: DemoContext, key: str, cohort: Cohort, bulk: Bulk,
                    topics: dict[str, Topic], end: date) -> None:
    """Seed 002: "a few mentors met with their mentees as a group"."""
    if key != "002":
        return
    by_mentor: dict[int, list[Mentorship]] = {}
    active = cohort.mentorships.filter(status=Mentorship.Status.ACTIVE)
    for pair in active.select_related("mentor"):
        by_mentor.setdefault(pair.mentor_id, []).append(pair)
    groups = [ps for ps in by_mentor.values() if len(ps) > 1]
    for pairs in ctx.rng.sample(groups, k=min(2, len(groups))):
        on = min(end, cohort.starts_on + timedelta(days=ctx.rng.randint(90, 200)))
        _add_meeting(ctx, bulk, pairs, on, [topics["Career advice"], topics["Networking"]])


def _held_dates(
    ctx: DemoContext, key: str, pair: Mentorship, style: str, end: date,
    continuing: dict[int, bool],
) -> list[date]:
    if pair.status != Mentorship.Status.ACTIVE:
        return []
    if key == "000":
        return _clerkship_dates(ctx, pair, style, end, continuing)
    return _meeting_dates(ctx, pair, style, end)


def build_relationships(ctx: DemoContext) -> None:
    """A year of activity for every demo cohort, up to ctx.today."""
    for key, cohort in ctx.cohorts.items():
        continuing: dict[int, bool] = {}
        end = min(ctx.today, cohort.ends_on)
        topics = {t.name: t for t in ensure_topics(cohort.program)}
        declined = _declines(ctx, key, cohort)
        pairs = list(cohort.mentorships.select_related("mentor", "mentee", "cohort__program"))
        styles = {p.pk: "silent" if p.pk in declined else _engagement(ctx, key, p) for p in pairs}
        bulk = Bulk()
        for pair in pairs:
            held = _held_dates(ctx, key, pair, styles[pair.pk], end, continuing)
            review_at = len(held) // 2 if len(held) >= 3 and ctx.rng.random() < 0.6 else -1
            for n, on in enumerate(held):
                kind = Meeting.Kind.REVIEW if n == review_at else Meeting.Kind.REGULAR
                _add_meeting(ctx, bulk, [pair], on, _topics_for(ctx, key, topics), kind=kind)
            if styles[pair.pk] == "steady" and cohort.ends_on > ctx.today:
                upcoming = ctx.today + timedelta(days=ctx.rng.randint(3, 30))
                _add_meeting(ctx, bulk, [pair], upcoming, [], status=Meeting.Status.SCHEDULED)
        _group_meetings(ctx, key, cohort, bulk, topics, end)
        _write_meetings(bulk)
        _agreements(ctx, cohort, styles)
        _goals(ctx, key, cohort, styles, end)
        _plans(ctx, key, cohort, end)
        held_count = sum(m.status == Meeting.Status.HELD for m in bulk.meetings)
        ctx.say(f"  {cohort.program.name}: {held_count} meetings held, {len(declined)} declined")
