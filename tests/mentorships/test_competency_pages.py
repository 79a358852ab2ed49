"""The competency pages: a coordinator's frameworks page, a mentor's growth entries."""

from __future__ import annotations

from django.urls import reverse

from mentora.mentorships.actions import ensure_competencies
from mentora.mentorships.models import Competency, Framework, MentorGrowth


def test_a_coordinator_adds_a_framework_and_an_item_on_the_page(world, login):
    ensure_competencies()
    client = login(world.alice)
    url = reverse("program_competencies", args=[world.clerkship.pk])
    assert client.post(url, {"name": "Research skills"}).status_code == 302
    own = Framework.objects.get(program=world.clerkship)
    client.post(url, {"framework": own.pk, "code": "RES1", "name": "Frame a question"})
    page = client.get(url).content.decode()
    assert "Research skills" in page and "Frame a question" in page
    assert "ACGME core competencies" in page


def test_a_duplicate_item_says_so_on_the_page(world, login):
    client = login(world.alice)
    url = reverse("program_competencies", args=[world.clerkship.pk])
    client.post(url, {"name": "Research skills"})
    own = Framework.objects.get(program=world.clerkship)
    client.post(url, {"framework": own.pk, "code": "RES1", "name": "Frame a question"})
    again = client.post(url, {"framework": own.pk, "code": "RES1", "name": "Again"})
    assert again.status_code == 400
    assert "already has an item RES1" in again.content.decode()
    assert own.items.count() == 1


def test_another_programs_coordinator_gets_no_page(world, login):
    url = reverse("program_competencies", args=[world.clerkship.pk])
    assert login(world.bob).get(url).status_code == 404


def test_a_mentor_records_growth_on_the_page_and_the_mentee_cannot_open_it(world, login):
    ensure_competencies()
    ics = Competency.objects.get(framework__program=None, code="ICS")
    url = reverse("mentor_growth", args=[world.mark_maya.pk])
    sent = login(world.mark).post(
        url, {"on": "2026-11-01", "text": "Listening first", "competencies": [ics.pk]}
    )
    assert sent.status_code == 302
    assert "Listening first" in login(world.mark).get(url).content.decode()
    assert MentorGrowth.objects.get().mentor == world.mark
    assert login(world.maya).get(url).status_code == 404
