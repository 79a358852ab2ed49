"""A person edits their own profile (issue 13, item 10): interests joined to the known spelling,
goals, communication style, time zone, the address Mentora writes to, and their own restricted
demographics. One door (do_update_profile), audited by field name; bad input is named and
nothing is half-written; there is no id to change, so nobody reaches another's profile."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse

from mentora.audit.models import AuditEvent
from mentora.people.contact import notification_address
from mentora.people.interests import interest_named
from mentora.people.models import Demographics, Interest, Person
from mentora.people.profile import Profile, ProfileError, do_update_profile

PAGE = "/account/profile/"


def _form(**changes: Any) -> dict[str, Any]:
    """What the page posts when nothing is changed but `changes`."""
    data: dict[str, Any] = {"timezone": "America/Chicago", "goals": "", "communication_style": ""}
    data.update(changes)
    return data


def _events(action: str, object_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_type=object_type))


def _fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def _page(response: Any) -> str:
    """The page's text as a reader sees it (quotes unescaped)."""
    return html.unescape(response.content.decode())


def test_the_address_has_no_id_and_the_menu_leads_to_it(world, login):
    assert reverse("my_profile") == PAGE
    home = _page(login(world.maya).get("/"))
    assert f'href="{PAGE}"' in home
    assert "My profile" in home


def test_an_interest_in_another_case_joins_the_known_one(world, login):
    known = interest_named("specialty", "Emergency Medicine")
    world.mark.specialty_interests.add(known)
    response = login(world.maya).post(
        PAGE, _form(add_specialties="emergency  medicine; Global health")
    )
    assert response.status_code == 302
    maya = _fresh(world.maya)
    assert sorted(i.name for i in maya.specialty_interests.all()) == [
        "Emergency Medicine",
        "Global health",
    ]
    assert Interest.objects.filter(kind="specialty", name__iexact="emergency medicine").count() == 1
    page = _page(login(world.maya).get(PAGE))
    assert '<option value="Emergency Medicine">' in page  # offered as she types
    assert '<option value="emergency  medicine">' not in page


def test_unticking_an_interest_takes_it_off(world, login):
    keep = interest_named("scholarly", "Medical education")
    drop = interest_named("scholarly", "Health policy")
    world.maya.scholarly_interests.add(keep, drop)
    login(world.maya).post(PAGE, _form(scholarly_interests=[keep.pk]))
    assert list(_fresh(world.maya).scholarly_interests.all()) == [keep]
    assert Interest.objects.filter(pk=drop.pk).exists()  # still someone else's to choose


def test_a_save_is_audited_by_field_never_by_value(world, login):
    response = login(world.maya).post(
        PAGE,
        _form(
            goals="Lead a code",
            communication_style="direct",
            timezone="Europe/Lisbon",
            notification_email="maya.pager@example.org",
            gender="woman",
            underrepresented="yes",
        ),
    )
    assert response.status_code == 302
    maya = _fresh(world.maya)
    assert (maya.goals, maya.communication_style, maya.timezone) == (
        "Lead a code",
        "direct",
        "Europe/Lisbon",
    )
    assert notification_address(maya) == "maya.pager@example.org"
    [update] = _events(AuditEvent.Action.UPDATE, "people.person")
    assert update.fields == ["communication_style", "goals", "notification_email", "timezone"]
    assert update.actor_id == world.maya.user_id
    [created] = _events(AuditEvent.Action.CREATE, "people.demographics")
    assert created.fields == ["gender", "underrepresented"]
    assert created.object_id == str(maya.demographics.pk)
    logged = str([e.__dict__ for e in AuditEvent.objects.all()])
    for value in ("Lead a code", "maya.pager", "Europe/Lisbon", "woman"):
        assert value not in logged


def test_saving_an_unchanged_profile_writes_nothing(world, login):
    Demographics.objects.create(person=world.maya, gender="man")
    client = login(world.maya)
    response = client.post(PAGE, _form(gender="man"), follow=True)
    assert "Nothing changed" in _page(response)
    assert not AuditEvent.objects.filter(action__in=["create", "update"]).exists()


def test_opening_the_page_shows_her_demographics_and_logs_the_read(world, login):
    Demographics.objects.create(
        person=world.maya, gender="self_describe", gender_self_description="Genderfluid"
    )
    page = _page(login(world.maya).get(PAGE))
    assert 'value="Genderfluid"' in page
    [read] = _events(AuditEvent.Action.READ, "people.demographics")
    assert read.actor_id == world.maya.user_id


def test_her_mentor_and_coordinator_neither_see_nor_change_her_demographics(world, login):
    Demographics.objects.create(
        person=world.maya, gender="self_describe", gender_self_description="Maya's words"
    )
    mark = login(world.mark)
    assert "Maya's words" not in _page(mark.get(PAGE))  # his own profile
    assert "Maya's words" not in _page(mark.get(f"/people/{world.maya.pk}/"))
    # Ids posted along are no way into hers: the page is always the signed-in person's.
    mark.post(
        PAGE + f"?person={world.maya.pk}",
        _form(person=world.maya.pk, person_id=world.maya.pk, gender="man"),
    )
    assert _fresh(world.maya).demographics.gender == "self_describe"
    assert _fresh(world.mark).demographics.gender == "man"
    # A coordinator account is no person: it has no profile here.
    coordinator = login(world.alice)
    response = coordinator.get(PAGE)
    assert response.status_code == 404
    assert "My profile" not in _page(coordinator.get("/"))


def test_another_persons_interest_cannot_be_ticked_as_kept(world, login):
    theirs = interest_named("specialty", "Neurosurgery")
    world.nina.specialty_interests.add(theirs)
    response = login(world.maya).post(PAGE, _form(specialty_interests=[theirs.pk]))
    assert response.status_code == 400
    assert "Select a valid choice" in _page(response)
    assert not _fresh(world.maya).specialty_interests.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"notification_email": "maya at home"}, "notification_email", "valid email address"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Select a valid choice"),
        ({"timezone": ""}, "timezone", "This field is required"),
        ({"add_specialties": "x" * 121}, "add_specialties", "Keep a specialty interest to 120"),
        (
            {"gender": "man", "gender_self_description": "words"},
            "gender_self_description",
            "choose 'Prefer to self-describe' under Gender",
        ),
        (
            {"race_ethnicity": ["prefer_not", "asian"]},
            "race_ethnicity",
            "'Prefer not to say' goes alone",
        ),
        (
            {"race_self_description": "words"},
            "race_self_description",
            "tick 'Prefer to self-describe' too",
        ),
        (
            {"add_scholarly": "; ".join(f"Topic {n}" for n in range(31))},
            "add_scholarly",
            "Keep to 30 scholarly interests",
        ),
        ({"communication_style": "telepathy"}, "communication_style", "Select a valid choice"),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(world, login, changes, field, message):
    before = _fresh(world.maya)
    data = _form(goals="Should not be saved", add_specialties="Cardiology")
    data.update(changes)
    response = login(world.maya).post(PAGE, data)
    assert response.status_code == 400
    page = _page(response)
    assert "Nothing was saved" in page
    assert message in page
    after = _fresh(world.maya)
    assert (after.goals, after.timezone, after.notification_email) == (
        before.goals,
        before.timezone,
        before.notification_email,
    )
    assert not after.specialty_interests.exists()
    assert not Interest.objects.filter(name="Cardiology").exists()
    assert not Demographics.objects.filter(person=world.maya).exists()
    assert not AuditEvent.objects.filter(action__in=["create", "update"]).exists()


# The door itself, for any caller


@pytest.mark.parametrize(
    ("profile", "field"),
    [
        (Profile(timezone="Nowhere/Else"), "timezone"),
        (Profile(communication_style="loud"), "communication_style"),
        (Profile(notification_email="not-an-email"), "notification_email"),
        (Profile(specialties=["y" * 121]), "specialty_interests"),
        (Profile(demographics={"gender": "robot"}), "gender"),
        (Profile(demographics={"race_ethnicity": ["martian"]}), "race_ethnicity"),
        (Profile(demographics={"shoe_size": "42"}), "shoe_size"),
        (Profile(goals="g" * 20_001), "goals"),
    ],
)
def test_the_door_refuses_what_the_profile_cannot_hold(world, profile, field):
    with pytest.raises(ProfileError) as refused:
        do_update_profile(world.maya, profile)
    assert refused.value.field == field
    assert not AuditEvent.objects.exists()


def test_a_failure_midway_leaves_the_profile_as_it_was(world, monkeypatch):
    """The demographics' event fails after the person was saved: all of it is rolled back."""
    from mentora.people import profile as door

    real = door.record

    def failing(action: str, obj: Any = None, **kwargs: Any) -> Any:
        if isinstance(obj, Demographics):
            raise RuntimeError("the audit trail is unavailable")
        return real(action, obj, **kwargs)

    monkeypatch.setattr(door, "record", failing)
    with pytest.raises(RuntimeError):
        do_update_profile(
            world.maya,
            Profile(
                goals="New goals", specialties=["Cardiology"], demographics={"gender": "woman"}
            ),
        )
    maya = _fresh(world.maya)
    assert maya.goals == ""
    assert not maya.specialty_interests.exists()
    assert not Interest.objects.filter(name="Cardiology").exists()
    assert not Demographics.objects.filter(person=maya).exists()
    assert not AuditEvent.objects.exists()


def test_demographics_left_out_are_left_as_they_are(world):
    Demographics.objects.create(person=world.maya, gender="woman", race_ethnicity=["asian"])
    update = do_update_profile(world.maya, Profile(goals="Only goals"))
    assert update.fields == ("goals",) and update.demographic_fields == ()
    mine = Demographics.objects.get(person=world.maya)
    assert (mine.gender, mine.race_ethnicity) == ("woman", ["asian"])


def test_the_notification_address_is_the_sign_in_email_unless_one_is_given(world):
    assert notification_address(world.maya) == world.maya.email
    do_update_profile(world.maya, Profile(notification_email="  pager@example.org "))
    assert notification_address(_fresh(world.maya)) == "pager@example.org"
    do_update_profile(world.maya, Profile(notification_email=""))
    assert notification_address(_fresh(world.maya)) == world.maya.email


def test_a_new_time_zone_holds_from_the_page_that_follows_the_save(world, login):
    """The session keeps the viewer's zone (mentora.people.zones); the save itself moves it, so the
    profile page it leads back to already shows her times on her new clock."""
    from mentora.people.zones import ZONE_KEY

    client = login(world.maya)
    client.get(PAGE)
    assert client.session.get(ZONE_KEY) != "Asia/Tokyo"
    assert client.post(PAGE, _form(timezone="Asia/Tokyo")).status_code == 302
    assert client.session[ZONE_KEY] == "Asia/Tokyo"
