"""Who an observation reaches (issue 14, Access): the learner and the observer read it; the
program's evaluators see aggregates, unless its feedback is formative only; coordinators see
counts; nobody else sees anything."""

import pytest
from django.urls import reverse

from mentora.feedback.actions import do_record_mini_cex
from mentora.feedback.firewall import do_set_formative_only
from mentora.people.ladder import Stage
from tests import factories
from tests.feedback.conftest import NOW
from tests.personas import account, coordinator, mentee, mentor, nobody

STRENGTH = "Explained the reduction calmly"
LEARNERS = 5  # the internal threshold: fewer learners observed and ratings are hidden


def _evaluator():
    person = factories.make_person("Eve Evaluator", Stage.ASSOCIATE_PROFESSOR)
    person.is_evaluator = True
    person.save(update_fields=["is_evaluator"])
    return person


@pytest.fixture
def observed(world, mini_cex_fields):
    """Mark observes Maya; four more learners of the cohort are observed by their mentors."""
    first = do_record_mini_cex(world.mark_maya, world.mark, NOW, **mini_cex_fields)
    for i in range(LEARNERS - 1):
        mentor_i = factories.make_person(f"Mentor {i}", Stage.PGY2)
        learner = factories.make_person(f"Learner {i}", Stage.MS3)
        factories.enrol(world.cohort, mentor_i, "mentor", capacity=1)
        factories.enrol(world.cohort, learner)
        pair = factories.pair(world.cohort, mentor_i, learner)
        do_record_mini_cex(pair, mentor_i, NOW, **(mini_cex_fields | {"examination": 3 + i}))
    return first


def _read(client, url):
    response = client.get(url)
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("persona", [mentee, mentor], ids=["learner", "observer"])
def test_the_learner_and_the_observer_read_the_observation(world, client, observed, persona):
    client.force_login(account(persona(world)))
    status, page = _read(client, observed.get_absolute_url())
    assert status == 200 and STRENGTH in page
    status, page = _read(client, reverse("pair_feedback", args=[world.mark_maya.pk]))
    assert status == 200 and observed.patient_problem in page


def test_the_coordinator_sees_counts_and_no_observation(world, client, observed):
    client.force_login(account(coordinator(world)))
    assert client.get(observed.get_absolute_url()).status_code == 404
    assert client.get(reverse("pair_feedback", args=[world.mark_maya.pk])).status_code == 404
    status, page = _read(client, reverse("cohort_observations", args=[world.cohort.pk]))
    assert status == 200
    assert "<th scope=\"row\">Mini-CEX observations</th><td>5</td>" in page
    assert "<th scope=\"row\">Learners observed</th><td>5</td>" in page
    assert STRENGTH not in page and "Mean" not in page and world.maya.full_name not in page


def test_the_evaluator_sees_aggregates_and_no_observation(world, client, observed):
    client.force_login(account(_evaluator()))
    assert client.get(observed.get_absolute_url()).status_code == 404
    assert client.get(reverse("pair_feedback", args=[world.mark_maya.pk])).status_code == 404
    status, page = _read(client, reverse("cohort_observations", args=[world.cohort.pk]))
    assert status == 200
    # Physical examination: Maya's 7 and the others' 3, 4, 5, 6: a mean of 5
    assert "Physical examination</th><td>5</td><td>5.0</td>" in page
    assert STRENGTH not in page and world.maya.full_name not in page
    assert world.mark.full_name not in page


def test_the_evaluator_sees_no_ratings_of_a_few_learners(world, client, mini_cex_fields):
    do_record_mini_cex(world.mark_maya, world.mark, NOW, **mini_cex_fields)
    client.force_login(account(_evaluator()))
    status, page = _read(client, reverse("cohort_observations", args=[world.cohort.pk]))
    assert status == 200 and "Fewer than 5 learners observed" in page
    assert "Ratings per domain" not in page


def test_the_evaluator_sees_nothing_of_a_formative_only_program(world, client, observed):
    do_set_formative_only(world.alice, world.clerkship, True, NOW)
    client.force_login(account(_evaluator()))
    status, page = _read(client, reverse("cohort_observations", args=[world.cohort.pk]))
    assert status == 200 and "not shown to evaluators" in page
    assert "Ratings per domain" not in page and "Mini-CEX observations" not in page
    client.force_login(account(coordinator(world)))  # the coordinator still sees counts
    status, page = _read(client, reverse("cohort_observations", args=[world.cohort.pk]))
    assert "<th scope=\"row\">Mini-CEX observations</th><td>5</td>" in page


def test_nobody_else_reaches_anything(world, client, observed):
    urls = [observed.get_absolute_url(), reverse("pair_feedback", args=[world.mark_maya.pk]),
            reverse("cohort_observations", args=[world.cohort.pk]),
            reverse("pair_competencies", args=[world.mark_maya.pk])]
    assert nobody(world) is None
    for url in urls:  # signed out: the sign-in page
        assert client.get(url)["Location"].startswith(reverse("login"))
    for other in (world.nina, world.bob, world.olga):  # another mentee, program, a site admin
        client.force_login(account(other))
        for url in urls:
            if other is world.olga and "observations/" in url:
                continue  # a site admin coordinates every program: counts, checked below
            assert client.get(url).status_code == 404, (other, url)
    client.force_login(account(world.olga))
    page = client.get(urls[2]).content.decode()
    assert STRENGTH not in page and "Mean" not in page
