"""A large cohort's exports are written by a job: the same file as the direct download, for its
owner alone while they keep the right, deleted after the keeping time; a second delivery does
no harm.

The thresholds are lowered so the world's cohort (three people) counts as large; jobs run in
process (sync) as in every test, except where `queued` leaves them for a worker.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import docx
import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from mentora.jobs import exports
from mentora.jobs.models import Job
from mentora.jobs.queue import run_job
from mentora.programs.models import ProgramCoordinator
from mentora.surveys.interchange.csvio import write_rows
from mentora.surveys.redcap import do_import_redcap
from tests import factories
from tests.surveys.pure.test_tiers import FREE_CANARY, _instrument

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
RECORDS = "records"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def world(world, settings, tmp_path):
    """Alice's cohort with imported answers; she holds the full export right."""
    from mentora.surveys import interchange as ix

    settings.EXPORTS_DIR = tmp_path / "exports"
    data = write_rows([
        ["record_id", "email", "seen_on", "score", "comment", "survey_complete"],
        ["r1", "a@example.org", "2026-03-10", "4", FREE_CANARY, "2"],
        ["r2", "b@example.org", "2026-03-12", "2", "", "2"],
    ])
    do_import_redcap(world.cohort, ix.dictionary_to_csv(_instrument()), data, NOW, name="canary")
    ProgramCoordinator.objects.filter(user=world.alice).update(export_right="full")
    return world


@pytest.fixture
def large(settings):
    settings.EXPORT_TASK_ABOVE = 2  # the world's cohort enrols 3 people
    settings.REPORT_TASK_ABOVE = 2


@pytest.fixture
def queued(settings):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": False}


def _survey_url(world, part=RECORDS):
    return reverse("survey_export", args=[world.cohort.pk, "canary", part])


def _report_url(world, fmt="docx"):
    return reverse("evaluation_download", args=[world.cohort.pk, fmt])


def _export_job(client, url):
    """Ask for a large cohort's export: the answer sends the browser to the job's page."""
    response = client.get(url)
    assert response.status_code == 302
    job = Job.objects.filter(kind="export").order_by("-pk").first()
    assert response["Location"] == reverse("export_job", args=[job.pk])
    return job


def _file(client, job):
    return client.get(reverse("export_file", args=[job.pk]))


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _files() -> list[Path]:
    folder = Path(django_settings.EXPORTS_DIR)
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_a_large_cohorts_records_export_is_the_direct_files_bytes(world, login, settings):
    client = login(world.alice)
    direct = client.get(_survey_url(world))
    assert direct.status_code == 200 and FREE_CANARY in direct.content.decode()
    settings.EXPORT_TASK_ABOVE = 2
    job = _export_job(client, _survey_url(world))
    page = client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert "canary_records.csv is ready" in page
    assert reverse("export_file", args=[job.pk]) in page and "Only you can download it" in page
    response = _file(client, job)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="canary_records.csv"'
    assert _body(response) == direct.content
    assert [p.name for p in _files()] == [f"job-{job.pk}.export"]


def test_the_report_tables_from_a_job_are_the_direct_downloads(world, login, settings):
    client = login(world.alice)
    direct_csv = client.get(reverse("evaluation_csv", args=[world.cohort.pk, 1]))
    direct_docx = client.get(_report_url(world))
    assert direct_csv.status_code == direct_docx.status_code == 200
    settings.REPORT_TASK_ABOVE = 2
    csv_job = _export_job(client, reverse("evaluation_csv", args=[world.cohort.pk, 1]))
    assert _body(_file(client, csv_job)) == direct_csv.content
    docx_job = _export_job(client, _report_url(world))
    queued_docx = _file(client, docx_job)
    assert queued_docx["Content-Disposition"].endswith(f'"cohort-{world.cohort.pk}-tables.docx"')

    def text(body: bytes) -> list[str]:
        document = docx.Document(io.BytesIO(body))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return [p.text for p in document.paragraphs] + cells

    assert text(_body(queued_docx)) == text(direct_docx.content)  # a DOCX stamps its time


def test_the_page_shows_the_progress_until_a_worker_writes_the_file(world, login, large,
                                                                     queued):
    client = login(world.alice)
    job = _export_job(client, _survey_url(world))
    page = client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert "Waiting for a worker" in page and "data-job-url" in page
    assert _file(client, job).status_code == 404  # not written yet
    assert _export_job(client, _survey_url(world)) == job  # asked again: the same job
    run_job(job.pk)  # what the worker does
    assert _file(client, job).status_code == 200


@pytest.mark.parametrize("who", ["bob", "olga", "colleague", "mark"])
def test_nobody_but_its_owner_gets_the_file_or_its_page(world, login, large, who):
    job = _export_job(login(world.alice), _survey_url(world))
    if who == "colleague":  # another coordinator of Alice's program, with the full right too
        user = factories.make_user("carol@example.edu")
        world.clerkship.coordinators.add(user)
        ProgramCoordinator.objects.filter(user=user).update(export_right="full")
    else:
        user = getattr(world, who)
    client = login(user)
    assert _file(client, job).status_code == 404
    assert client.get(reverse("export_job", args=[job.pk])).status_code == 404
    if who != "olga":  # a site admin may watch any job's progress, never take the file
        assert client.get(reverse("job_progress", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("change", ["role ended", "right lowered"])
def test_the_right_is_checked_again_at_download_time(world, login, large, change):
    client = login(world.alice)
    job = _export_job(client, _survey_url(world))
    roles = ProgramCoordinator.objects.filter(user=world.alice)
    if change == "role ended":
        roles.update(expires_on=timezone.localdate() - timedelta(days=1))
    else:
        roles.update(export_right="deidentified")
    assert _file(client, job).status_code == 404


def test_the_report_file_follows_the_reports_access(world, login, large):
    job = _export_job(login(world.alice), _report_url(world, "xlsx"))
    world.clerkship.coordinators.remove(world.alice)
    assert _file(login(world.alice), job).status_code == 404


def test_a_second_delivery_does_no_harm(world, login, large, queued):
    client = login(world.alice)
    job = _export_job(client, _survey_url(world))
    run_job(job.pk)
    first = _body(_file(client, job))
    assert run_job(job.pk) == "nothing to do"  # delivered again once done
    # A worker died while writing: delivered again, it writes the same file once more.
    long_ago = timezone.now() - timedelta(hours=2)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, attempts=1, file="",
                                         started_at=long_ago, finished_at=None)
    run_job(job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.DONE, 2)
    assert _body(_file(client, job)) == first
    assert [p.name for p in _files()] == [f"job-{job.pk}.export"]


def test_the_file_is_deleted_after_the_keeping_time(world, login, large, settings):
    from mentora.jobs.pruning import prune_jobs

    settings.EXPORTS_KEEP_HOURS = 24
    client = login(world.alice)
    job = _export_job(client, _survey_url(world))
    later = timezone.now() + timedelta(hours=25)
    with time_machine.travel(later, tick=False):
        client = login(world.alice)  # signed in again: sessions end when idle
        assert _file(client, job).status_code == 404  # no longer offered, even before pruning
        assert "No longer kept" in client.get(reverse("export_job", args=[job.pk])).content.decode()
        prune_jobs()
    assert _files() == []
    job.refresh_from_db()
    assert job.file == "" and job.state == Job.State.DONE


def test_a_failed_export_says_why(world, login, large):
    client = login(world.alice)
    job = _export_job(client, _survey_url(world, "events"))  # one wave: no events
    page = client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert "Failed" in page and "canary has no events to export" in page


def test_a_small_cohort_keeps_the_direct_download(world, login):
    assert login(world.alice).get(_survey_url(world)).status_code == 200
    assert not Job.objects.filter(kind="export").exists()


def test_files_are_kept_in_private_storage_by_default():
    """As a deployed site reads its settings (a fresh process, outside pytest)."""
    script = ("import json, mentora.settings as s; print(json.dumps([str(s.EXPORTS_DIR), "
              "str(s.VAR_DIR), str(s.STATIC_ROOT), str(getattr(s, 'MEDIA_ROOT', '') or '')]))")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EXPORTS_", "MENTORA_"))}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=60,
                          env={**clean, "ALLOWED_HOSTS": "mentora.example.edu",
                               "SECRET_KEY": "x" * 50})
    assert done.returncode == 0, done.stderr
    folder, var, *public = (Path(p).resolve() for p in json.loads(done.stdout) if p)
    assert folder == var / "exports"
    for root in public:
        assert not folder.is_relative_to(root)
    assert exports.keep_for() == timedelta(hours=django_settings.EXPORTS_KEEP_HOURS)
