"""Competency evidence (issue 14, item 3): a program maps mini-CEX domains and tags procedures
to items of its frameworks (data); the learner's competency view counts goals, observations
and confirmed procedures toward each item."""

import pytest
from django.urls import reverse

from mentora.audit.models import AuditEvent
from mentora.feedback.actions import do_confirm_procedure, do_log_procedure, do_record_mini_cex
from mentora.feedback.mapping import (
    MappingError,
    do_map_domain,
    do_tag_procedure,
    do_tag_reflection,
    evidence_for,
)
from mentora.feedback.models import DomainCompetency, ProcedureCompetency, ReflectionCompetency
from mentora.mentorships.actions import do_set_goal
from mentora.mentorships.actions.competencies import do_add_competency, do_add_framework
from mentora.mentorships.models import competencies_for
from tests.feedback.conftest import NOW
from tests.personas import coordinator, mentee, mentor


@pytest.fixture
def item(world):
    """An item of the program's own framework, added through the coordinator's doors (a test
    that relied on the site-wide frameworks seeded by migrations would fail after any
    transactional test in the same process, whose flush deletes them)."""
    framework = do_add_framework(world.alice, world.clerkship, "Clerkship skills")
    added = do_add_competency(world.alice, framework, "CS1", "Reduces a dislocated joint")
    assert added in competencies_for(world.clerkship)
    return added


def _page(world):
    return reverse("program_feedback", args=[world.clerkship.pk])


def test_the_coordinator_maps_a_domain_and_tags_a_procedure(world, login, item):
    client = login(coordinator(world))
    assert client.post(_page(world), {"action": "domain", "domain": "examination",
                                      "competency": item.pk}).status_code == 302
    assert client.post(_page(world), {"action": "procedure", "procedure": "Shoulder  Reduction",
                                      "competency": item.pk}).status_code == 302
    assert DomainCompetency.objects.get().domain == "examination"
    assert ProcedureCompetency.objects.get().procedure == "shoulder reduction"
    assert AuditEvent.objects.filter(object_type="feedback.domaincompetency").exists()
    page = client.get(_page(world)).content.decode()
    assert "Physical examination →" in page and "shoulder reduction →" in page


def test_the_learners_view_counts_evidence_toward_the_item(world, login, item,
                                                           mini_cex_fields):
    do_map_domain(world.alice, world.clerkship, "examination", item)
    do_map_domain(world.alice, world.clerkship, "judgment", item)
    do_tag_procedure(world.alice, world.clerkship, "shoulder reduction", item)
    do_record_mini_cex(world.mark_maya, world.mark, NOW, **mini_cex_fields)  # 7 and 5
    entry = do_log_procedure(world.mark_maya, world.maya, NOW, procedure="Shoulder reduction",
                             performed_on=NOW.date(), level="supervised")
    do_log_procedure(world.mark_maya, world.maya, NOW, procedure="shoulder reduction",
                     performed_on=NOW.date(), level="supervised")  # not confirmed
    do_confirm_procedure(entry, world.mark, NOW)
    do_set_goal(world.mark_maya, world.maya, NOW, specific="Reduce", competencies=[item])
    row = next(r for r in evidence_for(world.mark_maya) if r.competency == item)
    assert (row.goals, row.observations, row.mean_rating, row.procedures) == (1, 1, 6.0, 1)
    others = [r for r in evidence_for(world.mark_maya) if r.competency != item]
    assert not any(r.observations or r.procedures for r in others)
    assert not evidence_for(world.mark_nina)[0].any
    for reader in (mentee(world), mentor(world)):
        page = login(reader).get(reverse("pair_competencies", args=[world.mark_maya.pk]))
        assert page.status_code == 200
        assert f"{item}</th><td>1 (0)</td><td>1</td><td>6.0</td><td>1</td><td>0</td>" in (
            page.content.decode())


def test_an_item_of_another_programs_framework_is_refused(world, item):
    own = do_add_framework(world.bob, world.faculty, "Faculty skills")
    theirs = do_add_competency(world.bob, own, "FS1", "Grant writing")
    with pytest.raises(MappingError, match="this program's frameworks"):
        do_map_domain(world.alice, world.clerkship, "examination", theirs)
    with pytest.raises(MappingError, match="not a mini-CEX domain"):
        do_map_domain(world.alice, world.clerkship, "charm", item)
    with pytest.raises(MappingError, match="coordinators"):
        do_tag_procedure(world.bob, world.clerkship, "suturing", item)
    with pytest.raises(MappingError, match="already"):
        do_tag_procedure(world.alice, world.clerkship, "Suturing", item)
        do_tag_procedure(world.alice, world.clerkship, "suturing ", item)
    assert ProcedureCompetency.objects.count() == 1
    assert not DomainCompetency.objects.exists()


def test_a_bad_form_says_what_and_writes_nothing(world, login, item):
    response = login(world.alice).post(_page(world), {"action": "domain", "domain": "charm",
                                                      "competency": "x"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not DomainCompetency.objects.exists()


def _reflection(pair, learner, text="I kept the patient informed"):
    from datetime import date

    from mentora.mentorships.actions import MeetingDetails, do_log_meeting
    from mentora.mentorships.actions.meetings import do_reflect

    meeting = do_log_meeting([pair], MeetingDetails(on=date(2026, 10, 1)), pair.mentor, NOW)
    return do_reflect(meeting, learner, text, "", NOW)


def test_the_learner_tags_a_reflection_and_the_view_counts_it(world, login, item):
    reflection = _reflection(world.mark_maya, world.maya)
    url = reverse("pair_competencies", args=[world.mark_maya.pk])
    client = login(mentee(world))
    assert "After the meeting of 2026-10-01: I kept the patient informed" in (
        client.get(url).content.decode())
    response = client.post(url, {"action": "tag", "reflection": reflection.pk,
                                 "competency": item.pk})
    assert response.status_code == 302
    assert ReflectionCompetency.objects.get().reflection == reflection
    assert AuditEvent.objects.filter(object_type="feedback.reflectioncompetency",
                                     actor=world.maya.user).exists()
    row = next(r for r in evidence_for(world.mark_maya) if r.competency == item)
    assert row.reflections == 1 and row.any
    page = login(mentor(world)).get(url).content.decode()  # the mentor reads, does not tag
    assert f"{item}</th><td>0 (0)</td><td>0</td><td>–</td><td>0</td><td>1</td>" in page
    assert "Tag the reflection" not in page
    assert login(mentor(world)).post(url, {"action": "tag", "reflection": reflection.pk,
                                           "competency": item.pk}).status_code == 404
    tag = ReflectionCompetency.objects.get()
    response = login(mentee(world)).post(url, {"action": "untag", "id": tag.pk})
    assert response.status_code == 302 and not ReflectionCompetency.objects.exists()


def test_a_reflection_of_another_pair_or_learner_cannot_be_tagged(world, login, item):
    theirs = _reflection(world.mark_nina, world.nina, "Nina's own")
    url = reverse("pair_competencies", args=[world.mark_maya.pk])
    response = login(world.maya).post(url, {"action": "tag", "reflection": theirs.pk,
                                            "competency": item.pk})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    with pytest.raises(MappingError, match="one of your reflections"):
        do_tag_reflection(world.maya, world.mark_maya, theirs, item, NOW)
    with pytest.raises(MappingError, match="Only the learner"):
        do_tag_reflection(world.mark, world.mark_nina, theirs, item, NOW)
    assert not ReflectionCompetency.objects.exists()
