"""Who reaches a cohort's report and its scholarly entries: everyone else gets a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from mentora.evaluation.models import ScholarlyEntry
from mentora.people.ladder import Stage
from tests import factories


def _evaluator():
    person = factories.make_person("Eve Evaluator", Stage.STAFF)
    person.is_evaluator = True
    person.save(update_fields=["is_evaluator"])
    return person


def _entry(world):
    return ScholarlyEntry.objects.create(person=world.maya, kind="publication", year=2026,
                                         title="Near-peer mentoring", created_at=timezone.now())


@pytest.mark.parametrize(("who", "status"), [
    ("alice", 200),  # coordinates the cohort's program
    ("olga", 200),  # site admin
    ("evaluator", 200),
    ("bob", 404),  # coordinates another program
    ("mark", 404),  # mentor in the cohort
    ("maya", 404),  # mentee in the cohort
])
def test_report_reaches_coordinators_admins_and_evaluators_only(world, login, who, status):
    """The report answers its program's coordinators, site admins and evaluators; others 404."""
    user = _evaluator() if who == "evaluator" else getattr(world, who)
    response = login(user).get(reverse("evaluation_report", args=[world.cohort.pk]))
    assert response.status_code == status


def test_evaluator_sees_no_names_and_cannot_reach_entries(world, login):
    """An evaluator's report is de-identified: no names, no link to the entries, which 404."""
    _entry(world)
    client = login(_evaluator())
    page = client.get(reverse("evaluation_report", args=[world.cohort.pk])).content.decode()
    assert "de-identified" in page
    for name in ("Maya Mentee", "Nina Other", "Mark Mentor"):
        assert name not in page
    assert client.get(reverse("evaluation_scholarship", args=[world.cohort.pk])).status_code == 404


@pytest.mark.parametrize("who", ["bob", "maya"])
def test_entries_are_out_of_reach_by_changing_ids(world, login, who):
    """Another program's coordinator or a mentee cannot list, add to or delete the entries."""
    entry = _entry(world)
    client = login(getattr(world, who))
    cohort = world.cohort.pk
    assert client.get(reverse("evaluation_scholarship", args=[cohort])).status_code == 404
    delete = reverse("evaluation_delete_entry", args=[cohort, entry.pk])
    assert client.post(delete).status_code == 404
    add = reverse("evaluation_add_entry", args=[cohort])
    assert client.post(add, {"person": world.maya.pk, "kind": "grant", "year": 2026,
                             "title": "x"}).status_code == 404
    assert ScholarlyEntry.objects.count() == 1


def test_entry_of_another_cohort_is_not_reached_through_this_one(world, login):
    """Alice cannot delete an entry of Bob's cohort by putting its id under her cohort."""
    stranger = factories.make_person("Fay Faculty", Stage.ASSISTANT_PROFESSOR)
    factories.enrol(world.faculty_cohort, stranger)
    entry = ScholarlyEntry.objects.create(person=stranger, kind="grant", year=2026, title="R01",
                                          created_at=timezone.now())
    url = reverse("evaluation_delete_entry", args=[world.cohort.pk, entry.pk])
    assert login(world.alice).post(url).status_code == 404
    assert ScholarlyEntry.objects.filter(pk=entry.pk).exists()


def test_downloads_follow_the_same_access(world, login):
    """Bob cannot download Alice's tables; an evaluator can."""
    url = reverse("evaluation_download", args=[world.cohort.pk, "docx"])
    assert login(world.bob).get(url).status_code == 404
    assert login(_evaluator()).get(url).status_code == 200
