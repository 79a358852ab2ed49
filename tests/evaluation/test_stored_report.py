"""A large cohort's report comes from a job and is kept until the cohort's records change.

The threshold is lowered so the test cohort (a mentor and two mentees) counts as large. Jobs run
in process (sync) as in every test, except where `queued` leaves them waiting for a worker.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mentora.evaluation import stored
from mentora.evaluation.models import StoredReport
from mentora.jobs.models import Job
from mentora.jobs.queue import run_job
from mentora.mentorships.actions import (
    MeetingDetails,
    do_cancel_meeting,
    do_log_meeting,
    do_schedule_meeting,
)
from mentora.people.ladder import Stage
from mentora.people.models import Demographics
from mentora.surveys.actions import do_create_wave, do_save_answers, do_send_invitations
from mentora.surveys.library import ensure_library
from mentora.surveys.links import token_for
from tests import factories


@pytest.fixture(autouse=True)
def _large(settings):
    settings.REPORT_TASK_ABOVE = 2  # the world's cohort enrols 3 people


@pytest.fixture
def queued(settings):
    """Jobs wait in the database for a worker instead of running in process."""
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": False}


@pytest.fixture
def computed(monkeypatch):
    """How many times the report was computed (the real computation, counted)."""
    calls: list[int] = []
    real = stored.compute_report

    def counted(data, options):
        calls.append(1)
        return real(data, options)

    monkeypatch.setattr(stored, "compute_report", counted)
    return calls


def _page(world, **query):
    return reverse("evaluation_report", args=[world.cohort.pk]) + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _jobs():
    return Job.objects.filter(kind=stored.JOB_KIND)


def _meeting(world):
    do_log_meeting([world.mark_maya], MeetingDetails(on=date(2026, 9, 1)), world.mark,
                   timezone.now())


def _wave(world):
    instrument = ensure_library(timezone.now())["clerkship_survey"]
    wave = do_create_wave(world.cohort, instrument, "Post", date(2026, 7, 1),
                          date(2099, 12, 31), timezone.now())
    do_send_invitations(wave, timezone.now())
    return wave


def _answer(wave, person):
    invitation = wave.invitations.get(person=person)
    do_save_answers(token_for(invitation.nonce), {"program_helpful": "4"}, timezone.now(),
                    submit=True)


def test_a_large_cohorts_first_view_runs_a_job_and_shows_its_report(world, login, computed):
    """The first view asks a job for the report (run in process here) and shows the result."""
    _meeting(world)
    response = login(world.alice).get(_page(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Evaluation report" in page and "Computed by a background job" in page
    assert "Mentees meeting, first half of the year" in page
    job = _jobs().get()
    assert job.state == Job.State.DONE and job.owner_id == world.alice.pk
    assert len(computed) == 1


def test_a_second_view_and_the_downloads_read_the_stored_report(world, login, computed,
                                                                settings, tmp_path):
    """Nothing is computed again while the records stay as they were: not for the page, not
    for the DOCX, XLSX or CSV downloads of the same options (files written by export jobs,
    which read the stored report)."""
    settings.EXPORTS_DIR = tmp_path
    client = login(world.alice)
    assert client.get(_page(world)).status_code == 200
    assert client.get(_page(world)).status_code == 200
    for fmt in ("docx", "xlsx"):  # the page's options: its defaults
        url = reverse("evaluation_download", args=[world.cohort.pk, fmt])
        response = _export_file(client, url)
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert len(computed) == 1 and _jobs().count() == 1


def _export_file(client, url):
    """A large cohort's download: the export job's page, then its file (jobs run in process)."""
    asked = client.get(url)
    assert asked.status_code == 302 and "/export/" in asked["Location"]
    return client.get(asked["Location"] + "file")


def _stored_report(world):
    return stored._loaded(StoredReport.objects.get(cohort=world.cohort))


def _meetings(report):
    return sum(m.meetings for m in report.engagement.months)


def _count(figure):
    return 0 if figure is None else figure.count


def _scheduled(world):
    return do_schedule_meeting([world.mark_maya], MeetingDetails(on=date(2026, 9, 1)),
                               world.mark, timezone.now())[0]


def _held_on_schedule(world):
    """A scheduled meeting took place: the same meeting row turns held."""
    do_log_meeting([world.mark_maya], MeetingDetails(on=date(2026, 9, 1)), world.mark,
                   timezone.now(), meeting=world.scheduled)


def _topics(report):
    return dict(report.engagement.topics)


CHANGES = {
    # what is written, and what the report then says
    "meeting": (_meeting, lambda r: _meetings(r) == 1),
    "held on schedule": (_held_on_schedule, lambda r: _meetings(r) == 1),
    "cancelled": (lambda w: do_cancel_meeting(w.held), lambda r: _meetings(r) == 0),
    "topics": (lambda w: w.held.topics.set(w.cohort.program.topics.all()[:1]),
               lambda r: sum(_topics(r).values()) == 1),
    "topic renamed": (lambda w: w.cohort.program.topics.filter(
        pk=w.held_topic.pk).update(name="Wellbeing, renamed"),
        lambda r: "Wellbeing, renamed" in _topics(r)),
    "answer": (lambda w: _answer(w.wave, w.maya),
               lambda r: [a.item for a in r.agreements] == ["program_helpful"]),
    "decline": (lambda w: type(w.mark_nina).objects.filter(pk=w.mark_nina.pk).update(
        status="declined"), lambda r: _count(r.engagement.declined) == 1),
    "gender": (lambda w: Demographics.objects.update_or_create(
        person=w.maya, defaults={"gender": "woman"}),
        lambda r: "Woman" in {g.group for b in r.equity for g in b.groups}),
    "withdrawal": (lambda w: w.cohort.enrolments.filter(person=w.nina).update(
        status="withdrawn"), lambda r: _count(r.engagement.withdrawn) == 1),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_to_the_cohorts_records_makes_the_next_view_compute_again(
    world, login, computed, change
):
    """A logged meeting, a submitted answer, or an edit of a status or a gender the report
    reads makes the stored report stale: the next view once the refresh interval is over
    computes it again, with the change."""
    world.wave = _wave(world)
    world.scheduled = _scheduled(world)
    if change in ("cancelled", "topics", "topic renamed"):  # a held meeting to change
        world.held_topic = world.cohort.program.topics.last()
        world.held = do_log_meeting(
            [world.mark_nina], MeetingDetails(on=date(2026, 8, 1),
                                              topics=[world.held_topic] * (change != "topics")),
            world.mark, timezone.now())
    write, shows = CHANGES[change]
    client = login(world.alice)
    assert client.get(_page(world)).status_code == 200
    assert len(computed) == 1 and not shows(_stored_report(world))
    write(world)
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert client.get(_page(world)).status_code == 200
        assert len(computed) == 2 and _jobs().count() == 2
        assert shows(_stored_report(world))
        client.get(_page(world))
    assert len(computed) == 2  # and keeps it


UPDATING = "an update is being computed"


def test_a_busy_cohort_shows_its_last_report_while_the_update_computes(
    world, login, computed, settings
):
    """Once a report is stored, changed records never hide it: the page (and a download)
    serve it, saying when it was computed and that an update is being computed, with the
    job's progress; one job is asked for, then none for REPORT_REFRESH_MINUTES however the
    records change; once the job has run, the page shows the new report."""
    client = login(world.alice)
    start = timezone.now()
    assert client.get(_page(world)).status_code == 200  # computed in process
    assert _meetings(_stored_report(world)) == 0
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": False}  # a worker from now on
    _meeting(world)
    with time_machine.travel(start + timedelta(minutes=11), tick=False):
        response = client.get(_page(world))
        assert response.status_code == 200
        page = response.content.decode()
        computed_at = timezone.localtime(StoredReport.objects.get().computed_at)
        assert f"Computed at {computed_at:%H:%M}; {UPDATING}" in page
        assert "Mentees meeting, first half of the year" in page  # the old report
        job = _jobs().order_by("-pk").first()
        assert _jobs().count() == 2 and job.state == Job.State.QUEUED
        progress = reverse("evaluation_report_job", args=[world.cohort.pk, job.pk])
        assert f'data-job-url="{progress}"' in page
        docx = client.get(reverse("evaluation_download", args=[world.cohort.pk, "docx"]))
        assert docx.status_code == 302 and "/export/" in docx["Location"]  # an export job
        assert client.get(_page(world)).status_code == 200 and _jobs().count() == 2
        run_job(job.pk)  # what the worker does
        assert len(computed) == 2 and _meetings(_stored_report(world)) == 1
        page = client.get(_page(world)).content.decode()
        assert UPDATING not in page and "Computed by a background job" in page
    # Changed again within the interval after that job was asked for: the report stays, no job.
    _meeting(world)
    with time_machine.travel(start + timedelta(minutes=15), tick=False):
        response = client.get(_page(world))
        page = response.content.decode()
        assert response.status_code == 200 and _jobs().count() == 2
        assert "the records have changed since" in page and UPDATING not in page
        assert "every 10 minutes" in page
    with time_machine.travel(start + timedelta(minutes=22), tick=False):
        assert UPDATING in client.get(_page(world)).content.decode()
        assert _jobs().count() == 3
        run_job(_jobs().order_by("-pk").first().pk)
        assert StoredReport.objects.get().version == stored.data_version(world.cohort)
        assert len(computed) == 3


def test_the_first_view_of_a_busy_cohort_still_shows_the_progress(world, login, queued):
    """With nothing stored yet there is nothing to serve: the progress page, as before."""
    client = login(world.alice)
    assert client.get(_page(world)).status_code == 202
    _meeting(world)
    assert client.get(_page(world)).status_code == 202 and _jobs().count() == 1


def test_options_and_the_publication_switch_are_kept_apart(world, login, computed):
    """Each set of options has its own stored report; going back to one computes nothing."""
    client = login(world.alice)
    client.get(_page(world))
    page = client.get(_page(world, publication="1")).content.decode()
    assert "for publication" in page and len(computed) == 2
    client.get(_page(world))
    client.get(_page(world, publication="1"))
    assert len(computed) == 2 and StoredReport.objects.count() == 2


def test_a_small_cohort_is_computed_in_the_request(world, login, settings, computed):
    settings.REPORT_TASK_ABOVE = 500
    assert login(world.alice).get(_page(world)).status_code == 200
    assert not _jobs().exists() and not StoredReport.objects.exists()
    assert computed == []  # the stored path's computation was not used


def test_while_the_job_waits_the_page_shows_its_progress_and_asks_no_second_job(
    world, login, queued
):
    """With a worker: the page shows the job's progress, a second view (or a download) adds no
    job, and once the worker has run it the page shows the report."""
    client = login(world.alice)
    waiting = client.get(_page(world))
    assert waiting.status_code == 202
    page = waiting.content.decode()
    job = _jobs().get()
    progress = reverse("evaluation_report_job", args=[world.cohort.pk, job.pk])
    assert f'data-job-url="{progress}"' in page and "Waiting for a worker" in page
    assert client.get(_page(world)).status_code == 202
    docx = client.get(reverse("evaluation_download", args=[world.cohort.pk, "docx"]))
    assert docx.status_code == 302  # an export job's page, which shows its own progress
    assert "Waiting for a worker" in client.get(docx["Location"]).content.decode()
    assert _jobs().count() == 1
    assert client.get(progress).json()["state"] == "queued"
    run_job(job.pk)  # what the worker does
    assert client.get(progress).json()["finished"] is True
    page = client.get(_page(world)).content.decode()
    assert "Computed by a background job" in page and _jobs().count() == 1


def test_another_cohorts_coordinator_reaches_neither_the_report_nor_its_job(world, login, queued):
    """Bob coordinates another program: the report, its downloads and its job's progress (by
    either address, or through his own cohort) all answer 404; an evaluator may watch it."""
    login(world.alice).get(_page(world))
    job = _jobs().get()
    client = login(world.bob)
    assert client.get(_page(world)).status_code == 404
    assert client.get(reverse("evaluation_download", args=[world.cohort.pk, "xlsx"])
                      ).status_code == 404
    assert client.get(reverse("evaluation_report_job", args=[world.cohort.pk, job.pk])
                      ).status_code == 404
    assert client.get(reverse("evaluation_report_job", args=[world.faculty_cohort.pk, job.pk])
                      ).status_code == 404
    assert client.get(reverse("job_progress", args=[job.pk])).status_code == 404
    assert client.post(reverse("evaluation_report_compute", args=[world.cohort.pk])
                       ).status_code == 404
    evaluator = factories.make_person("Eve Evaluator", Stage.STAFF)
    evaluator.is_evaluator = True
    evaluator.save(update_fields=["is_evaluator"])
    watched = login(evaluator).get(reverse("evaluation_report_job", args=[world.cohort.pk, job.pk]))
    assert watched.status_code == 200 and watched.json()["id"] == job.pk
    assert _jobs().count() == 1


def test_a_failed_job_says_why_and_is_started_again_only_when_asked(world, login, monkeypatch):
    """A failure is shown with its reason; reloading does not start the job again on the same
    records, "Compute again" does."""
    def broken(data, options):
        raise ValueError("the statistics could not be computed")

    real = stored.compute_report
    monkeypatch.setattr(stored, "compute_report", broken)
    client = login(world.alice)
    page = client.get(_page(world)).content.decode()
    assert "could not be computed" in page and "Compute again" in page
    client.get(_page(world))
    assert _jobs().count() == 1
    monkeypatch.setattr(stored, "compute_report", real)
    response = client.post(reverse("evaluation_report_compute", args=[world.cohort.pk]))
    assert response.status_code == 302 and _jobs().count() == 2
    assert "Computed by a background job" in client.get(response["Location"]).content.decode()


def test_the_data_version_is_a_few_queries_whatever_the_cohorts_size(
    world, django_assert_max_num_queries
):
    """One aggregate query per table the report reads, never one per person or answer."""
    for i in range(5):
        mentee = factories.make_person(f"Mentee {i}", Stage.MS3)
        factories.enrol(world.cohort, mentee)
        factories.pair(world.cohort, world.mark, mentee)
    with django_assert_max_num_queries(14):  # 14 tables, invitations to events the last
        stored.data_version(world.cohort)


def test_a_change_of_demographics_changes_the_version_of_each_cohort_of_that_person(world):
    """Demographics belong to a person, who may be in several cohorts: saving or deleting them
    makes every one of those cohorts' reports stale, and no other cohort's."""
    factories.enrol(world.faculty_cohort, world.maya)
    cohorts = (world.cohort, world.faculty_cohort)
    before = [stored.data_version(c) for c in cohorts]
    others = [c for c in type(world.cohort).objects.exclude(pk__in=[c.pk for c in cohorts])]
    theirs = [stored.data_version(c) for c in others]
    Demographics.objects.update_or_create(person=world.maya, defaults={"gender": "woman"})
    saved = [stored.data_version(c) for c in cohorts]
    assert all(a != b for a, b in zip(before, saved, strict=True))
    assert [stored.data_version(c) for c in others] == theirs
    world.maya.demographics.delete()
    assert all(a != b for a, b in zip(saved, [stored.data_version(c) for c in cohorts],
                                       strict=True))
