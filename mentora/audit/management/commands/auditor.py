"""`mentora auditor add|remove EMAIL`: give or take the right to read the audit trail (the group
"Auditors"); `mentora auditor list` names who holds it through the group."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentora.audit.rights import auditors_group


class Command(BaseCommand):
    help = "Give (add), take (remove) or list the right to read the audit trail."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", choices=["add", "remove", "list"])
        parser.add_argument("email", nargs="?", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        group = auditors_group()
        if options["verb"] == "list":
            for member in group.user_set.order_by("email"):
                self.stdout.write(member.email or member.get_username())
            return
        user = User.objects.filter(email__iexact=options["email"]).first()
        if not options["email"] or user is None:
            raise CommandError(f"No account with the email {options['email']!r}.")
        if options["verb"] == "add":
            user.groups.add(group)
        else:
            user.groups.remove(group)
        self.stdout.write(f"{user.email}: {options['verb']} done ({group.name}).")
