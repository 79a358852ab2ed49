"""What a token may read: the API's parts, each a router of operations. A token reads its parts
only, and within them what its user's pages show; a call outside them answers 403 saying which
part the token lacks. The browser's session reads every part (it is the person themself)."""

from __future__ import annotations

from django.db import models


class Scope(models.TextChoices):
    PEOPLE = "people", "People, programs, cohorts and enrolments"
    RELATIONSHIPS = "relationships", "Pairs, meetings and goals"
    MATCHING = "matching", "Match runs"
    SURVEYS = "surveys", "Survey instruments and answers (in your export tier)"


ALL_SCOPES: tuple[str, ...] = tuple(Scope.values)


def scopes_text(scopes: list[str]) -> str:
    """`people, surveys`: the parts in the order the API lists them."""
    return ", ".join(scope for scope in ALL_SCOPES if scope in scopes) or "nothing"
