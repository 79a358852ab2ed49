"""Development plans: one per mentee per cycle, draft, shared, reviewed, exported."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from mentora.mentorships.models import DevelopmentPlan
from mentora.mentorships.pure.defaults import IDP_FULL, IDP_LUNCH


def _start(client, pair, kind="full"):
    client.post(reverse("start_plan", args=[pair.pk]), {"kind": kind})
    return DevelopmentPlan.objects.get(mentee=pair.mentee, cohort=pair.cohort)


@pytest.mark.parametrize(("kind", "sections"), [("full", IDP_FULL), ("lunch", IDP_LUNCH)])
def test_a_plan_starts_from_the_programs_full_or_lunch_template(world, login, kind, sections):
    plan = _start(login(world.maya), world.mark_maya, kind)
    page = login(world.maya).get(plan.get_absolute_url()).content.decode()
    for _, label in sections:
        assert label.replace("'", "&#x27;") in page


def test_one_plan_per_mentee_per_cycle(world, login):
    client = login(world.maya)
    first = _start(client, world.mark_maya, "full")
    again = client.post(reverse("start_plan", args=[world.mark_maya.pk]), {"kind": "lunch"})
    assert again.url == first.get_absolute_url()
    assert DevelopmentPlan.objects.count() == 1


def test_draft_shared_reviewed(world, login):
    maya = login(world.maya)
    plan = _start(maya, world.mark_maya, "lunch")
    maya.post(plan.get_absolute_url(), {"goals": "Match in internal medicine"})
    assert login(world.mark).get(plan.get_absolute_url()).status_code == 404  # still a draft
    maya = login(world.maya)
    maya.post(reverse("share_plan", args=[plan.pk]))
    mark = login(world.mark)
    page = mark.get(plan.get_absolute_url()).content.decode()
    assert "Match in internal medicine" in page and "Sign off the plan" in page
    mark.post(reverse("review_plan", args=[plan.pk]), {"comments": "Strong plan; add a QI project"})
    plan.refresh_from_db()
    assert plan.status == DevelopmentPlan.Status.REVIEWED
    assert plan.reviewed_by == world.mark and plan.reviewed_at is not None


def _docx_text(data: bytes) -> str:
    document = Document(BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_docx_export_opens_and_holds_the_plans_content(world, login):
    maya = login(world.maya)
    plan = _start(maya, world.mark_maya, "full")
    maya.post(plan.get_absolute_url(), {
        "vision": "Clerkship director within seven years",
        "work_values": "Teaching, fairness, time with family",
        "challenges": "Protected time for scholarship",
    })
    maya.post(
        reverse("new_goal", args=[world.mark_maya.pk]),
        {"specific": "Publish a medical education paper", "target_count": "1",
         "unit": "manuscript", "in_plan": "on"},
    )
    maya.post(reverse("share_plan", args=[plan.pk]))
    login(world.mark).post(reverse("review_plan", args=[plan.pk]), {"comments": "Ready for review"})
    response = login(world.mark).get(reverse("plan_export", args=[plan.pk, "docx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = _docx_text(response.content)
    for expected in (
        "Individual development plan: Maya Mentee",
        "Clerkship director within seven years",
        "Teaching, fairness, time with family",
        "Protected time for scholarship",
        "Publish a medical education paper",
        "Ready for review",
        "Mark Mentor",
        world.cohort.academic_year,
    ):
        assert expected in text


def test_the_pdf_export_is_a_pdf(world, login):
    plan = _start(login(world.maya), world.mark_maya, "lunch")
    response = login(world.maya).get(reverse("plan_export", args=[plan.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 1000


def test_coordinators_read_a_plan_only_when_the_mentee_shares_it_with_them(world, login):
    maya = login(world.maya)
    plan = _start(maya, world.mark_maya, "lunch")
    maya.post(plan.get_absolute_url(), {"goals": "Secret ambitions"})
    maya.post(reverse("share_plan", args=[plan.pk]))
    assert login(world.alice).get(plan.get_absolute_url()).status_code == 404
    login(world.maya).post(reverse("share_plan", args=[plan.pk]), {"with_coordinators": "on"})
    assert "Secret ambitions" in login(world.alice).get(plan.get_absolute_url()).content.decode()
    assert login(world.bob).get(plan.get_absolute_url()).status_code == 404
    assert login(world.nina).get(plan.get_absolute_url()).status_code == 404


def test_sharing_saves_the_text_typed_with_it(world, login):
    """One form: pressing share keeps what was typed and shares it, in one press."""
    maya = login(world.maya)
    plan = _start(maya, world.mark_maya, "lunch")
    page = maya.get(plan.get_absolute_url()).content.decode()
    assert f'action="{reverse("share_plan", args=[plan.pk])}"' not in page  # no second form
    assert 'name="share"' in page
    maya.post(plan.get_absolute_url(), {"goals": "Present at the regional meeting", "share": ""})
    plan.refresh_from_db()
    assert plan.answers["goals"] == "Present at the regional meeting"
    assert plan.status != DevelopmentPlan.Status.DRAFT
    shared = login(world.mark).get(plan.get_absolute_url()).content.decode()
    assert "Present at the regional meeting" in shared


def test_saving_alone_does_not_share(world, login):
    maya = login(world.maya)
    plan = _start(maya, world.mark_maya, "lunch")
    maya.post(plan.get_absolute_url(), {"goals": "Draft", "save": ""})
    plan.refresh_from_db()
    assert plan.status == DevelopmentPlan.Status.DRAFT and plan.answers["goals"] == "Draft"
