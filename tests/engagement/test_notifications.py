"""Notifications as their people see them: the bell's count, the page, opening one, the
preferences, and the email (which links to the thing and to the preferences)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from mentora.engagement.delivery import deliver
from mentora.engagement.models import Kind, Notification
from mentora.engagement.notify import Draft, notify


def _note(person, key="k1", kind=Kind.GOAL_REVIEW, link="", subject="Time to review your goals"):
    notify(
        [
            Draft(
                person.pk,
                kind,
                key,
                subject,
                "Review them together.",
                link or reverse("mentorship", args=[1]),
            )
        ],
        timezone.now(),
    )
    return Notification.objects.get(recipient=person, key=key)


def test_the_bell_counts_unread_notifications_and_the_page_lists_them(world, login):
    for n in range(3):
        _note(world.maya, key=f"k{n}", subject=f"Reminder number {n}")
    _note(world.nina, key="nina", subject="Nina's own reminder")
    page = login(world.maya).get(reverse("home")).content.decode()
    assert "3 new" in page
    listed = login(world.maya).get(reverse("notifications")).content.decode()
    assert "Reminder number 2" in listed and "Nina's own reminder" not in listed


def test_opening_a_notification_marks_it_read_and_goes_to_its_thing(world, login):
    link = reverse("mentorship", args=[world.mark_maya.pk])
    note = _note(world.maya, link=link)
    client = login(world.maya)
    response = client.post(reverse("notification_open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == link
    note.refresh_from_db()
    assert note.read_at is not None
    assert "new</span>" not in client.get(reverse("home")).content.decode()


def test_nobody_opens_or_reads_anothers_notification(world, login):
    note = _note(world.maya)
    client = login(world.nina)
    assert client.post(reverse("notification_open", args=[note.pk])).status_code == 404
    client.post(reverse("notifications_read_all"))
    note.refresh_from_db()
    assert note.read_at is None


def test_read_all_clears_the_bell(world, login):
    for n in range(2):
        _note(world.maya, key=f"k{n}")
    client = login(world.maya)
    client.post(reverse("notifications_read_all"))
    assert not Notification.objects.filter(recipient=world.maya, read_at__isnull=True).exists()
    assert "new</span>" not in client.get(reverse("notifications")).content.decode()


def test_preferences_turn_email_or_the_app_off_per_kind(world, login, mailoutbox):
    client = login(world.maya)
    page = client.get(reverse("notification_preferences"))
    assert page.status_code == 200
    # Every box ticked but goal reviews by email and drift in the app.
    ticked = {f"{kind.value}_{how}": "on" for kind in Kind for how in ("email", "in_app")}
    del ticked[f"{Kind.GOAL_REVIEW.value}_email"], ticked[f"{Kind.DRIFT.value}_in_app"]
    assert client.post(reverse("notification_preferences"), ticked).status_code == 302
    _note(world.maya, key="goals", kind=Kind.GOAL_REVIEW, subject="Goals to review")
    _note(world.maya, key="drift", kind=Kind.DRIFT, subject="Time to meet Mark")
    deliver(timezone.now())
    assert [m.subject for m in mailoutbox] == ["Time to meet Mark"]
    listed = client.get(reverse("notifications")).content.decode()
    assert "Goals to review" in listed and "Time to meet Mark" not in listed


def test_every_email_links_to_its_thing_and_to_the_preferences(world, mailoutbox, settings):
    settings.SITE_URL = "https://mentora.example.edu"
    link = reverse("mentorship", args=[world.mark_maya.pk])
    _note(world.maya, link=link)
    deliver(timezone.now())
    (mail,) = mailoutbox
    assert mail.to == [world.maya.email]
    assert f"https://mentora.example.edu{link}" in mail.body
    preferences = f"https://mentora.example.edu{reverse('notification_preferences')}"
    assert preferences in mail.body
    assert mail.extra_headers["List-Unsubscribe"] == f"<{preferences}>"


def test_the_same_notification_is_written_once(world):
    now = timezone.now()
    draft = Draft(world.maya.pk, Kind.DRIFT, "drift:1:2026-09-01:mentee", "s", "b")
    assert notify([draft, draft], now) == 1
    assert notify([draft], now + timedelta(days=1)) == 0
    assert Notification.objects.filter(recipient=world.maya).count() == 1


def test_an_account_without_a_profile_sees_an_empty_page(world, login):
    client = login(world.alice)
    assert client.get(reverse("notifications")).status_code == 200
    assert client.get(reverse("notification_preferences")).status_code == 200


def test_email_goes_to_the_notification_address_of_the_profile(world, mailoutbox):
    world.maya.notification_email = "maya.pager@example.org"
    world.maya.save(update_fields=["notification_email"])
    _note(world.maya)
    deliver(timezone.now())
    assert [m.to for m in mailoutbox] == [["maya.pager@example.org"]]
