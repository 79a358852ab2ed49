"""Who reads the audit trail: holders of `audit.view_auditevent`, given through the group
"Auditors" (site admins hold every right). The group is made on demand (`mentora auditor`), not
by a migration: a database fresh from `migrate` stays empty for `mentora restore`."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission, User

from mentora.people.auth import AnyUser

AUDITORS = "Auditors"
RIGHT = "audit.view_auditevent"


def is_auditor(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(RIGHT)


def auditors_group() -> Group:
    """The group "Auditors", holding the right to read the audit trail."""
    group, _ = Group.objects.get_or_create(name=AUDITORS)
    app_label, codename = RIGHT.split(".")
    group.permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    return group


def make_auditor(user: User) -> None:
    user.groups.add(auditors_group())
