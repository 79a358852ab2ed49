"""Events and training (issue 16 item 5): a coordinator creates an event and invites a cohort's
mentors, mentees or both by notification; invited people answer; the coordinator takes
attendance; attending a mentor training makes a mentor trained; the dossier and the cohort
report read the attendance."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from mentora.audit.models import AuditEvent
from mentora.engagement.events import (
    EventDetails,
    do_create_event,
    do_mark_attendance,
    trained_people,
)
from mentora.engagement.models import Event, Invitee, Kind, Notification
from mentora.evaluation.reports import ReportOptions, compute_report
from mentora.evaluation.sources import load_cohort
from mentora.evaluation.stored import data_version
from mentora.feedback.dossier import dossier_of
from mentora.matching.adapter import build_problem
from mentora.matching.match_requests import can_mentor
from mentora.people.ladder import Stage
from tests import factories

OPTIONS = ReportOptions((2024, 2026), (2026, 2026))


def _form(**over: str) -> dict[str, str]:
    day = timezone.localdate() + timedelta(days=7)
    form = {
        "kind": "mentor_training",
        "title": "Mentoring skills (90 minutes)",
        "day": day.isoformat(),
        "time": "17:30",
        "minutes": "90",
        "place": "Room 4B",
        "audience": "mentors",
    }
    form.update(over)
    return form


def _event(world, kind: str = "mentor_training", audience: str = "mentors") -> Event:
    details = EventDetails(kind, "Training", timezone.now(), 90, "Room 1", audience)
    return do_create_event(world.cohort, details, world.alice, timezone.now())


def test_the_coordinator_creates_an_event_and_its_audience_is_notified(world, login):
    client = login(world.alice)
    url = reverse("cohort_events", args=[world.cohort.pk])
    response = client.post(url, _form(), follow=True)
    page = response.content.decode()
    event = Event.objects.get(cohort=world.cohort)
    assert "Created Mentoring skills (90 minutes): 1 invited" in page
    assert set(event.invitees.values_list("person_id", flat=True)) == {world.mark.pk}
    note = Notification.objects.get(kind=Kind.EVENT)
    assert note.recipient == world.mark
    assert "Room 4B" in note.body and note.link == reverse("event", args=[event.pk])
    assert AuditEvent.objects.filter(
        object_type="engagement.event", object_id=str(event.pk), actor=world.alice
    ).exists()
    listing = client.get(url).content.decode()
    assert "Mentoring skills (90 minutes)" in listing

    both = client.post(url, _form(audience="both", kind="boot_camp", title="Boot camp"))
    assert both.status_code == 302
    camp = Event.objects.get(kind="boot_camp")
    invited = set(camp.invitees.values_list("person_id", flat=True))
    assert invited == {world.mark.pk, world.maya.pk, world.nina.pk}


def test_bad_input_says_what_and_writes_nothing(world, login):
    client = login(world.alice)
    url = reverse("cohort_events", args=[world.cohort.pk])
    for bad in ({"kind": "party"}, {"minutes": "0"}, {"day": "31/02"}, {"title": ""}):
        response = client.post(url, _form(**bad))
        assert response.status_code == 400, bad
        assert 'class="errorlist' in response.content.decode()
    assert not Event.objects.exists()
    assert not Notification.objects.exists()


def test_an_invited_mentee_answers_and_others_cannot_open_it(world, login):
    event = _event(world, audience="mentees")
    url = reverse("event", args=[event.pk])
    client = login(world.maya)
    assert "Are you coming?" in client.get(url).content.decode()
    page = client.post(
        reverse("event_reply", args=[event.pk]), {"coming": "yes"}, follow=True
    ).content.decode()
    assert "Saved: you are coming." in page
    invite = Invitee.objects.get(event=event, person=world.maya)
    assert invite.reply == "yes"
    # Not invited (the mentor, for a mentees' event), another program's coordinator: 404.
    assert login(world.mark).get(url).status_code == 404
    assert (
        login(world.mark)
        .post(reverse("event_reply", args=[event.pk]), {"coming": "yes"})
        .status_code
        == 404
    )
    assert login(world.bob).get(url).status_code == 404
    # The mentee cannot take attendance, not even her own.
    mark_url = reverse("event_attendance", args=[event.pk, invite.pk])
    assert login(world.maya).post(mark_url, {"present": "1"}).status_code == 404
    invite.refresh_from_db()
    assert invite.attended is False


def test_the_coordinator_takes_attendance_one_tap_each(world, login):
    event = _event(world, audience="both")
    client = login(world.alice)
    page = client.get(reverse("event", args=[event.pk])).content.decode()
    assert "0 of 3 present" in page
    maya = Invitee.objects.get(event=event, person=world.maya)
    url = reverse("event_attendance", args=[event.pk, maya.pk])
    page = client.post(url, {"present": "1"}, follow=True).content.decode()
    assert "1 of 3 present" in page
    assert AuditEvent.objects.filter(
        object_type="engagement.invitee", object_id=str(maya.pk), note="present"
    ).exists()
    client.post(url, {"present": "0"})
    maya.refresh_from_db()
    assert maya.attended is False
    # Another event's invitation through this event's address: 404.
    other = _event(world, audience="mentees")
    stranger = Invitee.objects.get(event=other, person=world.nina)
    wrong = reverse("event_attendance", args=[event.pk, stranger.pk])
    assert client.post(wrong, {"present": "1"}).status_code == 404


def test_a_mentor_training_attended_makes_the_mentor_trained(world):
    program = world.clerkship
    program.mentor_training_required = True
    program.save(update_fields=["mentor_training_required"])
    newcomer = factories.make_person("Ted Trainee", Stage.PGY3)
    enrolment = factories.enrol(world.cohort, newcomer, "mentor", capacity=2)
    assert enrolment.mentor_trained is False

    def trained() -> bool:
        problem = build_problem(world.cohort)
        return next(m for m in problem.mentors if m.id == str(newcomer.pk)).trained

    assert trained() is False
    event = _event(world)
    invite = Invitee.objects.get(event=event, person=newcomer)
    assert trained() is False  # invited is not trained
    do_mark_attendance(world.alice, event.pk, invite.pk, True, timezone.now())
    assert trained() is True
    # The pair-by-pair rule (a mentee browsing mentors) reads the same attendance.
    plain = factories.make_program("Plain", world.alice, mentor_training_required=True)
    cohort = factories.make_cohort(plain)
    mentor = factories.enrol(cohort, factories.make_person("Pat Mentor", Stage.PGY3), "mentor", 2)
    mentee = factories.enrol(cohort, factories.make_person("Mo Mentee", Stage.MS3))
    assert not can_mentor(plain, mentor, mentee, trained_people(plain))
    details = EventDetails("mentor_training", "Skills", timezone.now(), 90, "", "mentors")
    skills = do_create_event(cohort, details, world.alice, timezone.now())
    pat = Invitee.objects.get(event=skills, person=mentor.person)
    do_mark_attendance(world.alice, skills.pk, pat.pk, True, timezone.now())
    assert can_mentor(plain, mentor, mentee, trained_people(plain))
    assert trained_people(world.clerkship) == {newcomer.pk}  # one program's training only
    # A boot camp attended trains nobody.
    camp = _event(world, kind="boot_camp")
    other = factories.make_person("Una Untrained", Stage.PGY3)
    factories.enrol(world.cohort, other, "mentor", capacity=2)
    camp_invite, _ = Invitee.objects.get_or_create(event=camp, person=other)
    do_mark_attendance(world.alice, camp.pk, camp_invite.pk, True, timezone.now())
    problem = build_problem(world.cohort)
    assert next(m for m in problem.mentors if m.id == str(other.pk)).trained is False


def test_the_dossier_lists_trainings_attended(world):
    event = _event(world)
    assert dossier_of(world.mark).training == []
    invite = Invitee.objects.get(event=event, person=world.mark)
    do_mark_attendance(world.alice, event.pk, invite.pk, True, timezone.now())
    training = dossier_of(world.mark).training
    assert training == [(timezone.localdate(), "Training (90 minutes, Clerkship)")]


def test_the_report_shows_attendance_by_kind_and_side_and_its_version_changes(world):
    # Twelve mentees more, so shares pass suppression (threshold 5).
    mentees = [factories.make_person(f"Mentee {i}", Stage.MS3) for i in range(12)]
    for person in mentees:
        factories.enrol(world.cohort, person)
    camp = _event(world, kind="boot_camp", audience="mentees")
    before = data_version(world.cohort)
    came = mentees[:7]
    for person in came:
        invite = Invitee.objects.get(event=camp, person=person)
        do_mark_attendance(world.alice, camp.pk, invite.pk, True, timezone.now())
    assert data_version(world.cohort) != before

    report = compute_report(load_cohort(world.cohort), OPTIONS)
    assert report.attendance is not None
    rows = {(r.kind, r.side): r for r in report.attendance.rows}
    row = rows[("Boot camp", "Mentees")]
    assert (row.attended.count, row.attended.n) == (7, 14)
    assert row.attended.ci_low < 0.5 < row.attended.ci_high
    assert ("Boot camp", "Mentors") not in rows  # not invited

    # One mentor in the cohort: the mentors' share of a training is suppressed.
    training = _event(world)
    invite = Invitee.objects.get(event=training, person=world.mark)
    do_mark_attendance(world.alice, training.pk, invite.pk, True, timezone.now())
    report = compute_report(load_cohort(world.cohort), OPTIONS)
    rows = {(r.kind, r.side): r for r in report.attendance.rows}
    assert rows[("Mentor training", "Mentors")].attended is None


def test_the_report_page_shows_the_attendance_table(world, login):
    camp = _event(world, kind="boot_camp", audience="mentees")
    for invite in Invitee.objects.filter(event=camp):
        do_mark_attendance(world.alice, camp.pk, invite.pk, True, timezone.now())
    page = login(world.alice).get(reverse("evaluation_report", args=[world.cohort.pk]))
    html = page.content.decode()
    assert "Events and training attendance" in html
    assert "Boot camp" in html
