"""A coordinator is told things: an account given a coordinator role without a profile gets one
(career stage Administrator), so that the pairs flagged behind their cadence, the weekly digest
and every other notification reach it; a spreadsheet that later enrols that person names their
real stage; another person's profile is never taken over."""

from __future__ import annotations

import importlib
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from mentora.engagement.delivery import remind
from mentora.engagement.models import DriftPolicy, Kind, Notification
from mentora.mentorships.actions import MeetingDetails, do_log_meeting
from mentora.people.ladder import Stage
from mentora.people.models import Person
from mentora.programs.actions import do_enrol_participants
from mentora.programs.models import Enrolment, ProgramCoordinator
from mentora.programs.roles import do_give_coordinator_role
from tests import factories


def _morning(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(8, 0)))


def test_a_new_coordinator_is_flagged_the_pairs_behind_their_cadence(world, client):
    ada = factories.make_user("ada.director@example.edu", first_name="Ada", last_name="Byron")
    do_give_coordinator_role(world.clerkship, ada)
    profile = Person.objects.get(user=ada)
    assert (profile.full_name, profile.email) == ("Ada Byron", "ada.director@example.edu")
    assert profile.career_stage == Stage.ADMINISTRATOR
    DriftPolicy.objects.create(program=world.clerkship, mentee_after_days=2,
                               mentor_after_days=4, coordinator_after_days=6)
    start = world.cohort.starts_on
    for day in (start + timedelta(n) for n in range(0, 200, 5)):
        remind(_morning(day))
        if Notification.objects.filter(recipient=profile, kind=Kind.AT_RISK).exists():
            break
    flags = Notification.objects.filter(recipient=profile, kind=Kind.AT_RISK)
    assert {n.about_id for n in flags} <= {world.mark_maya.pk, world.mark_nina.pk} and flags
    client.force_login(ada)
    page = client.get(reverse("notifications")).content.decode()
    assert flags[0].subject in page
    # Each flag names its pair, so a list of them tells them apart.
    pair = next(p for p in (world.mark_maya, world.mark_nina) if p.pk == flags[0].about_id)
    assert flags[0].subject.startswith(f"{pair.mentee.full_name} and Mark Mentor are behind")
    assert "Notifications reach people with a profile" not in page

    # Her home says where the flagged pairs are, until they meet again.
    flagged = {n.about_id for n in flags}
    home = client.get(reverse("home")).content.decode()
    count = f"{len(flagged)} pair{'s' if len(flagged) > 1 else ''} flagged behind their cadence"
    assert f'href="{reverse("at_risk", args=[world.cohort.pk])}"' in home and count in home
    met_on = timezone.localdate(max(n.created_at for n in flags))
    for pair in (world.mark_maya, world.mark_nina):
        if pair.pk in flagged:
            do_log_meeting([pair], MeetingDetails(on=met_on), world.mark, _morning(met_on))
    assert "flagged behind their cadence" not in client.get(reverse("home")).content.decode()


def test_an_email_another_profile_holds_is_not_taken_over(world):
    """Maya's address on a new account gives that account no profile, and hers stays hers."""
    twin = get_user_model().objects.create_user(username="twin", email=world.maya.email)
    do_give_coordinator_role(world.clerkship, twin)
    world.maya.refresh_from_db()
    assert world.maya.user_id != twin.pk and not Person.objects.filter(user=twin).exists()


def test_a_coordinator_enrolled_later_as_a_mentor_takes_the_spreadsheets_stage(world):
    ada = factories.make_user("ada.director@example.edu")
    do_give_coordinator_role(world.clerkship, ada)
    sheet = (b"name,email,career_stage,role,capacity\n"
             b"Ada Byron,ada.director@example.edu,Assistant professor,mentor,2\n")
    do_enrol_participants(world.cohort, sheet, "people.csv", timezone.now())
    profile = Person.objects.get(user=ada)
    assert profile.career_stage == Stage.ASSISTANT_PROFESSOR
    assert Enrolment.objects.get(cohort=world.cohort, person=profile).role == "mentor"


def test_a_coordinator_added_in_the_admin_gets_a_profile(world, client):
    ada = factories.make_user("ada.director@example.edu")
    client.force_login(world.olga)
    url = reverse("admin:programs_program_change", args=[world.faculty.pk])
    page = client.get(url)
    data = _form_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= _form_data(formset.management_form)
        for form in formset.forms:
            data |= _form_data(form)
        if formset.model.__name__ == "ProgramCoordinator":
            prefix = formset.prefix
            total = formset.total_form_count()
            data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
            data[f"{prefix}-{total}-user"] = str(ada.pk)
            data[f"{prefix}-{total}-program"] = str(world.faculty.pk)
            data[f"{prefix}-{total}-export_right"] = "none"
    answer = client.post(url, data)
    assert answer.status_code == 302, [
        (f.prefix, f.errors, f.non_form_errors()) for f in
        (i.formset for i in answer.context["inline_admin_formsets"])] + [
        answer.context["adminform"].form.errors]
    assert world.faculty.coordinators.filter(pk=ada.pk).exists()
    assert Person.objects.get(user=ada).career_stage == Stage.ADMINISTRATOR


def test_the_migration_gives_existing_coordinators_a_profile(world):
    """Coordinators from before (alice, bob) get one; a site admin who coordinates nothing
    does not."""
    migration = importlib.import_module("mentora.programs.migrations.0010_coordinator_profiles")
    migration.give_profiles(apps, None)
    assert set(Person.objects.filter(career_stage=Stage.ADMINISTRATOR).values_list(
        "email", flat=True)) == {"alice@example.edu", "bob@example.edu"}
    migration.give_profiles(apps, None)  # run again: nobody twice
    assert Person.objects.filter(career_stage=Stage.ADMINISTRATOR).count() == 2


def _form_data(form: Any) -> dict[str, str]:
    """What the browser would send back for a form as shown (its initial values)."""
    data: dict[str, str] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        key = form.add_prefix(name)
        if isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]  # type: ignore[assignment]
        else:
            data[key] = "on" if value is True else str(value)
    return data


LONG_FIRST, LONG_LAST = "Maximiliana" * 13, "Wolfeschlegelsteinhausen" * 6  # 143 and 144


def test_a_coordinator_with_names_longer_than_a_profile_holds_gets_one(world):
    """An account's names hold 150 characters each, a profile's name 200: the profile is made
    (PostgreSQL refused a longer name, a 500 in the admin), its name cut to what it holds."""
    long = factories.make_user("long.names@example.edu", first_name=LONG_FIRST,
                               last_name=LONG_LAST)
    do_give_coordinator_role(world.clerkship, long)
    profile = Person.objects.get(user=long)
    assert len(profile.full_name) == 200 and profile.full_name.startswith(LONG_FIRST + " Wolfe")


def test_the_migration_gives_a_coordinator_with_long_names_a_profile(world):
    long = factories.make_user("long.names@example.edu", first_name=LONG_FIRST,
                               last_name=LONG_LAST)
    blank = get_user_model().objects.create_user(username="blank", email="   ")
    for user in (long, blank):
        ProgramCoordinator.objects.create(program=world.clerkship, user=user)
    migration = importlib.import_module("mentora.programs.migrations.0010_coordinator_profiles")
    migration.give_profiles(apps, None)
    assert len(Person.objects.get(user=long).full_name) == 200
    assert not Person.objects.filter(user=blank).exists()
