"""The agreement: drafted from the template (on the first save or signature, never on reading),
signed by both, re-signed after an edit."""

from __future__ import annotations

from django.urls import reverse

from mentora.mentorships.actions import agreement_of
from mentora.mentorships.models import Agreement, AgreementVersion

FIELDS = ("goals_summary", "meeting_frequency", "scope", "confidentiality", "boundaries",
          "channels")


def _sections(agreement, **changes):
    """What the agreement page posts: its text and the version it showed."""
    return {**{name: getattr(agreement, name) for name in FIELDS}, "version": agreement.version,
            **changes}


def _sign(client, pair):
    version = agreement_of(pair).version
    return client.post(reverse("sign", args=[pair.pk]), {"version": version})


def test_the_agreement_is_drafted_from_the_program_template(world, login):
    """The page shows the template's text; the first signature saves it as version 1."""
    page = login(world.maya).get(reverse("agreement", args=[world.mark_maya.pk])).content.decode()
    assert "at least 4 times this year" in page and "Confidentiality" in page
    assert "Sign version 1" in page
    assert not Agreement.objects.exists()
    _sign(login(world.maya), world.mark_maya)
    agreement = Agreement.objects.get()
    assert "at least 4 times this year" in agreement.meeting_frequency
    assert agreement.versions.count() == 1 and agreement.mentee_signed_at


def test_both_sign_and_who_signed_when_is_recorded(world, login):
    pair = world.mark_maya
    login(world.maya).get(reverse("agreement", args=[pair.pk]))
    _sign(login(world.maya), pair)
    agreement = Agreement.objects.get()
    assert agreement.mentee_signed_at and not agreement.mentor_signed_at
    _sign(login(world.mark), pair)
    agreement.refresh_from_db()
    assert agreement.signed_by_both
    version = agreement.versions.get(number=1)
    assert version.mentor_signed_at == agreement.mentor_signed_at
    page = login(world.maya).get(reverse("mentorship", args=[pair.pk])).content.decode()
    assert "signed by both" in page


def test_an_edit_after_signing_clears_both_signatures_and_keeps_every_version(world, login):
    pair = world.mark_maya
    login(world.maya).get(reverse("agreement", args=[pair.pk]))
    _sign(login(world.maya), pair)
    _sign(login(world.mark), pair)
    agreement = Agreement.objects.get()
    login(world.mark).post(
        reverse("agreement", args=[pair.pk]),
        _sections(agreement, meeting_frequency="Every two weeks, 30 minutes, on Zoom"),
    )
    agreement.refresh_from_db()
    assert agreement.version == 2
    assert agreement.mentor_signed_at is None and agreement.mentee_signed_at is None
    old, new = AgreementVersion.objects.get(number=1), AgreementVersion.objects.get(number=2)
    assert old.mentor_signed_at and old.mentee_signed_at  # the signed text stays signed
    assert new.meeting_frequency == "Every two weeks, 30 minutes, on Zoom"
    assert new.edited_by == world.mark
    _sign(login(world.maya), pair)
    _sign(login(world.mark), pair)
    agreement.refresh_from_db()
    assert agreement.signed_by_both and agreement.version == 2


def test_saving_the_same_text_keeps_the_signatures(world, login):
    pair = world.mark_maya
    login(world.maya).get(reverse("agreement", args=[pair.pk]))
    _sign(login(world.maya), pair)
    agreement = Agreement.objects.get()
    login(world.maya).post(reverse("agreement", args=[pair.pk]), _sections(agreement))
    agreement.refresh_from_db()
    assert agreement.version == 1 and agreement.mentee_signed_at


def test_a_stale_page_cannot_sign_a_newer_version(world, login):
    pair = world.mark_maya
    agreement = agreement_of(pair)
    login(world.mark).post(reverse("agreement", args=[pair.pk]), _sections(agreement, scope="x"))
    login(world.maya).post(reverse("sign", args=[pair.pk]), {"version": 1})
    agreement = Agreement.objects.get()
    assert agreement.version == 2 and agreement.mentee_signed_at is None


def test_the_text_of_every_version_stays_readable(world, login):
    pair = world.mark_maya
    agreement = agreement_of(pair)
    original = agreement.scope
    login(world.mark).post(
        reverse("agreement", args=[pair.pk]), _sections(agreement, scope="Research only")
    )
    page = login(world.maya).get(reverse("agreement", args=[pair.pk])).content.decode()
    assert "Text of version 1" in page and "Text of version 2" in page
    assert original in page and "Research only" in page and "Preferred channels" in page
