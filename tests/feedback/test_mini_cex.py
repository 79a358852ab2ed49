"""A mentor records a mini-CEX; the learner acknowledges and reflects; nobody else sees it."""

import pytest
from django.urls import reverse

from mentora.feedback.actions import FeedbackError, do_acknowledge_observation, do_record_mini_cex
from mentora.feedback.models import MiniCex
from tests.feedback.conftest import NOW


def _form(fields):
    return {key: "" if value is None else value for key, value in fields.items()}


def test_the_mentor_records_a_mini_cex_from_the_form_and_the_learner_reads_it(
    world, login, mini_cex_fields
):
    pair = world.mark_maya
    response = login(world.mark).post(reverse("new_mini_cex", args=[pair.pk]),
                                      _form(mini_cex_fields))
    assert response.status_code == 302
    observation = MiniCex.objects.get()
    assert observation.observer == world.mark and observation.learner == world.maya
    assert observation.counseling is None and observation.examination == 7
    page = login(world.maya).get(observation.get_absolute_url()).content.decode()
    assert "Check neurovascular status first" in page
    assert "not observed" in page and "superior" in page
    assert "Acknowledge" in page


def test_the_next_step_is_required_and_the_form_says_so(world, login, mini_cex_fields):
    fields = _form(mini_cex_fields) | {"next_step": "  "}
    response = login(world.mark).post(reverse("new_mini_cex", args=[world.mark_maya.pk]), fields)
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not MiniCex.objects.exists()
    # At the top, where a phone user who pressed Save at the bottom looks: what and where.
    page = response.content.decode()
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert "One thing needs fixing" in summary
    assert 'href="#id_next_step"' in summary and "This field is required" in summary
    assert page.index('id="error-summary"') < page.index('name="observed_on"')


def test_a_rating_off_the_scale_is_a_message_not_a_record(world, login, mini_cex_fields):
    fields = _form(mini_cex_fields) | {"judgment": "10"}
    response = login(world.mark).post(reverse("new_mini_cex", args=[world.mark_maya.pk]), fields)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not MiniCex.objects.exists()


def test_only_the_mentor_records_one(world, mini_cex_fields):
    with pytest.raises(FeedbackError, match="mentor"):
        do_record_mini_cex(world.mark_maya, world.maya, NOW, **mini_cex_fields)


def test_the_learner_acknowledges_and_reflects_and_the_mentor_sees_it(
    world, login, mini_cex_fields
):
    observation = do_record_mini_cex(world.mark_maya, world.mark, NOW, **mini_cex_fields)
    url = observation.get_absolute_url()
    response = login(world.maya).post(url, {"reflection": "I will check pulses first"})
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.acknowledged_at is not None
    page = login(world.mark).get(url).content.decode()
    assert "Acknowledged" in page and "I will check pulses first" in page


def test_the_observer_cannot_acknowledge_for_the_learner(world, login, mini_cex_fields):
    observation = do_record_mini_cex(world.mark_maya, world.mark, NOW, **mini_cex_fields)
    response = login(world.mark).post(observation.get_absolute_url(), {"reflection": "x"})
    assert response.status_code == 404
    with pytest.raises(FeedbackError):
        do_acknowledge_observation(observation, world.mark, NOW)
    observation.refresh_from_db()
    assert observation.acknowledged_at is None


def test_nobody_but_the_learner_and_the_observer_opens_it(world, login, mini_cex_fields):
    observation = do_record_mini_cex(world.mark_maya, world.mark, NOW, **mini_cex_fields)
    url = observation.get_absolute_url()
    for reader in (world.nina, world.alice, world.bob):
        assert login(reader).get(url).status_code == 404
    assert login(world.alice).get(reverse("pair_feedback", args=[world.mark_maya.pk])
                                  ).status_code == 404
    # The mentee opens the pair's list but not the mentor's form.
    assert login(world.maya).get(reverse("new_mini_cex", args=[world.mark_maya.pk])
                                 ).status_code == 404


def test_the_coordinator_sees_the_count_in_the_checklist_not_the_content(
    world, login, mini_cex_fields
):
    do_record_mini_cex(world.mark_maya, world.mark, NOW, **mini_cex_fields)
    page = login(world.alice).get(reverse("mentorship", args=[world.mark_maya.pk]))
    text = page.content.decode()
    assert "1 recorded" in text
    assert "Anterior shoulder dislocation" not in text and "neurovascular" not in text
