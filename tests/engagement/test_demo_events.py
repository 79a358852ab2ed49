"""On the demo: seed 002's cohort holds its mentor training, orientation and the two scholarship
boot camps with their attendance, and its report shows them (a quarter of the mentees at a boot
camp, as the seed reports); the mentors' dossier lists their training."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.urls import reverse

from mentora.engagement.models import Event, Invitee
from mentora.feedback.dossier import dossier_of


def test_seed_002s_boot_camps_and_training_show_in_its_report(demo, client):
    cohort = demo.cohorts["002"]
    kinds = set(Event.objects.filter(cohort=cohort).values_list("kind", flat=True))
    assert {"mentor_training", "orientation", "boot_camp"} <= kinds
    mentees = cohort.enrolments.filter(role__in=("mentee", "both")).count()
    camp_goers = (
        Invitee.objects.filter(event__cohort=cohort, event__kind="boot_camp", attended=True)
        .values("person")
        .distinct()
        .count()
    )
    assert abs(camp_goers / mentees - 0.25) < 0.05

    client.force_login(get_user_model().objects.get(username="coordinator@demo.mentora.test"))
    page = client.get(reverse("evaluation_report", args=[cohort.pk])).content.decode()
    assert "Events and training attendance" in page
    row = re.search(
        r"<th scope=\"row\">Boot camp</th><td>mentees</td><td class=\"num\">2</td>"
        r"<td>(\d+) of (\d+) \((\d+)%",
        page,
    )
    assert row is not None, "no boot camp row for mentees"
    assert (int(row.group(1)), int(row.group(2))) == (camp_goers, mentees)
    assert re.search(r"<th scope=\"row\">Mentor training</th><td>mentors</td>", page)

    trained = Invitee.objects.filter(
        event__cohort=cohort, event__kind="mentor_training", attended=True
    ).first()
    assert trained is not None
    assert any("Mentor training" in what for _, what in dossier_of(trained.person).training)
