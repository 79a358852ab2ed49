"""A profile reaches the other side of a pair only while one's own enrolment lasts."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from mentora.programs.models import Enrolment


def test_a_former_mentor_no_longer_opens_their_mentees_profile(world, login):
    mark = login(world.mark)
    profile = reverse("person", args=[world.maya.pk])
    assert mark.get(profile).status_code == 200
    Enrolment.objects.filter(person=world.mark).update(expires_on=timezone.localdate())
    assert mark.get(profile).status_code == 404
    assert mark.get(reverse("person", args=[world.mark.pk])).status_code == 200
    assert login(world.maya).get(reverse("person", args=[world.mark.pk])).status_code == 200
