"""A calendar year of a blocked program (issue 17, done when): each person's invitations go at
their own times, the paired pre/post uses each person's own waves, the report groups by block."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.core import mail
from django.utils import timezone

from mentora.engagement.delivery import remind
from mentora.evaluation.reports import ReportOptions, compute_report
from mentora.evaluation.sources import load_cohort
from mentora.mentorships.models import Mentorship
from mentora.people.ladder import Stage
from mentora.programs.blocks import do_assign_block, do_save_block
from mentora.programs.models import Cohort, Enrolment
from mentora.surveys.actions import do_create_wave, do_save_answers, response_rates
from mentora.surveys.library import ensure_library
from mentora.surveys.links import token_for
from mentora.surveys.models import Invitation, Wave
from tests import factories

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
ANSWERS = {
    "im_opinion_clerkship": "4",
    "im_opinion_career": "4",
    "specialty_confidence": "3",
    "met_mentors": "0",
}
# Block of each student; who leaves which wave unanswered.
STUDENTS = {"Ann": 1, "Ben": 1, "Cat": 2, "Dan": 3, "Eve": 4, "Fay": 4}
SILENT = {("Dan", "After 12 weeks"), ("Fay", "At start")}


def _morning(day):
    return timezone.make_aware(datetime.combine(day, time(9)))


def _blocked_year(world):
    """The clerkship's calendar year 2027 in four twelve-week blocks, a resident mentoring each
    student from their block's first day; pre at each person's start, post 12 weeks on."""
    cohort = Cohort.objects.create(
        program=world.clerkship,
        name="Clerkship 2027",
        academic_year="2027",
        starts_on=date(2027, 1, 4),
        ends_on=date(2027, 12, 31),
    )
    blocks, start = [], cohort.starts_on
    for k in range(4):
        blocks.append(do_save_block(cohort, f"Block {k + 1}", start, start + timedelta(days=83)))
        start += timedelta(days=84)
    rita = factories.make_person("Rita Resident", Stage.PGY2)
    factories.enrol(cohort, rita, "mentor", capacity=6)
    people = {}
    for name, number in STUDENTS.items():
        person = factories.make_person(f"{name} Student", Stage.MS3)
        enrolment = factories.enrol(cohort, person)
        block = blocks[number - 1]
        do_assign_block(cohort, [enrolment.pk], block)
        pair = factories.pair(cohort, rita, person)
        Mentorship.objects.filter(pk=pair.pk).update(started_on=block.starts_on)
        people[name] = (person, block)
    survey = ensure_library(NOW)["clerkship_survey"]
    waves = [
        do_create_wave(
            cohort,
            survey,
            "At start",
            None,
            None,
            NOW,
            anchor=Wave.Anchor.START,
            offset_days=0,
            window_days=14,
        ),
        do_create_wave(
            cohort,
            survey,
            "After 12 weeks",
            None,
            None,
            NOW,
            anchor=Wave.Anchor.START,
            offset_days=84,
            window_days=14,
        ),
    ]
    return cohort, people, waves


def test_a_calendar_year_of_a_blocked_program(world):
    cohort, people, waves = _blocked_year(world)
    by_email = {person.email: name for name, (person, _) in people.items()}
    invited, reminded = [], []
    day = date(2027, 1, 1)
    while day <= date(2027, 12, 31):
        mail.outbox.clear()
        remind(_morning(day))
        for message in mail.outbox:
            name = by_email.get(message.to[0])
            if name and "Clerkship" in message.subject:
                (reminded if message.subject.startswith("Reminder:") else invited).append(
                    (name, day)
                )
        # Each student answers the day an invitation comes, unless they leave it.
        for invitation in Invitation.objects.filter(
            wave__in=waves, used_at=None, person__enrolments__cohort=cohort
        ):
            name = invitation.person.full_name.split()[0]
            if invitation.sent_at.date() == day and (name, invitation.wave.label) not in SILENT:
                do_save_answers(
                    token_for(invitation.nonce),
                    ANSWERS,
                    _morning(day) + timedelta(hours=1),
                    submit=True,
                )
        day += timedelta(days=1)

    # Invitations on each person's block start and twelve weeks later, never on anyone else's.
    for name, (_, block) in people.items():
        assert [d for n, d in invited if n == name] == [
            block.starts_on,
            block.starts_on + timedelta(days=84),
        ], name
    assert invited[0] == ("Ann", date(2027, 1, 4)) and max(d for _, d in invited) == date(
        2027, 12, 6
    )
    # Only those who left a wave unanswered are reminded, a week after their own invitation.
    assert sorted(reminded) == [
        ("Dan", people["Dan"][1].starts_on + timedelta(days=91)),
        ("Fay", people["Fay"][1].starts_on + timedelta(days=7)),
    ]
    # Each invitation's window is its person's own.
    eve_post = Invitation.objects.get(wave=waves[1], person=people["Eve"][0])
    assert (eve_post.opens_on, eve_post.closes_on) == (date(2027, 12, 6), date(2027, 12, 19))

    rates = {r.wave.label: (r.invited, r.submitted) for r in response_rates(cohort)}
    assert rates == {"At start": (6, 5), "After 12 weeks": (6, 5)}
    # Nothing suppressed (a threshold of 1), to read the blocks' counts of one or two students:
    # at the report's own threshold they are asterisks (tests/evaluation/test_block_suppression).
    options = ReportOptions((2025, 2027), (2027, 2028), internal_threshold=1)
    report = compute_report(load_cohort(cohort), options)
    (paired,) = report.comparisons
    # Both waves answered: Ann, Ben, Cat and Eve (Dan left his post, Fay her pre).
    assert (paired.pre, paired.post, paired.respondents) == ("At start", "After 12 weeks", 4)
    assert report.blocks is not None
    assert [(b.name, b.starts_on, b.mentees) for b in report.blocks.rows] == [
        ("Block 1", date(2027, 1, 4), 2),
        ("Block 2", date(2027, 3, 29), 1),
        ("Block 3", date(2027, 6, 21), 1),
        ("Block 4", date(2027, 9, 13), 2),
    ]
    assert all(b.matched is not None and b.matched.count == b.mentees for b in report.blocks.rows)
    assert Enrolment.objects.filter(cohort=cohort, block__isnull=True).count() == 1  # Rita
