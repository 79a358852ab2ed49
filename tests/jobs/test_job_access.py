"""Who follows a job's progress: whoever started it, site admins, and the other live
coordinators of the program it works for; not mentors, not another program's coordinators."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentora.programs.models import ProgramCoordinator
from mentora.surveys.imports import Upload, do_queue_import
from mentora.surveys.models import SurveyImport
from tests import factories

RECORDS = "record_id,score\n1,3\n2,4\n"


@pytest.fixture
def queued_import(world, settings):
    """Alice's REDCap import, waiting for a worker."""
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": False}
    uploads = {"records": Upload("records", "records.csv", RECORDS)}
    return do_queue_import(world.cohort, SurveyImport.Kind.REDCAP, uploads, {"name": "x"},
                           world.alice, timezone.now())


@pytest.fixture
def colleague(world):
    """A second coordinator of Alice's program."""
    user = factories.make_user("carol@example.edu")
    world.clerkship.coordinators.add(user)
    return user


def _progress(login, who, survey_import):
    return login(who).get(reverse("job_progress", args=[survey_import.job_id]))


def test_another_coordinator_of_the_program_follows_a_queued_import(
        world, login, queued_import, colleague):
    assert queued_import.job.program == world.clerkship
    response = _progress(login, colleague, queued_import)
    assert response.status_code == 200
    assert response.json()["state"] == "queued"
    page = login(colleague).get(reverse("survey_import", args=[queued_import.pk]))
    assert reverse("job_progress", args=[queued_import.job_id]) in page.content.decode()
    assert _progress(login, world.alice, queued_import).status_code == 200


@pytest.mark.parametrize("who", ["bob", "mark", "maya"])
def test_a_mentor_a_mentee_or_another_programs_coordinator_gets_a_404(
        world, login, queued_import, who):
    assert _progress(login, getattr(world, who), queued_import).status_code == 404


def test_a_coordinator_whose_role_ended_no_longer_follows_it(
        world, login, queued_import, colleague):
    ProgramCoordinator.objects.filter(user=colleague).update(
        expires_on=timezone.localdate() - timedelta(days=1))
    assert _progress(login, colleague, queued_import).status_code == 404
