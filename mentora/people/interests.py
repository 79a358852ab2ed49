"""Interests are one vocabulary: names that differ only by case or spacing are one interest."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from mentora.people.models import Interest


def tidy(name: str) -> str:
    """Spacing made single and trimmed: 'Emergency  medicine ' -> 'Emergency medicine'."""
    return " ".join(name.split())


def interest_named(kind: str, name: str) -> Interest:
    """The interest of that kind whose name matches ignoring case (the first spelling kept),
    or a new one."""
    clean = tidy(name)
    found = Interest.objects.filter(kind=kind, name__iexact=clean).order_by("pk").first()
    if found is not None:
        return found
    try:
        with transaction.atomic():  # a savepoint: another writer may add it at the same time
            return Interest.objects.create(kind=kind, name=clean)
    except IntegrityError:
        return Interest.objects.filter(kind=kind, name__iexact=clean).order_by("pk")[0]


def known_names(kind: str | None = None) -> QuerySet[Interest, str]:
    """The names people have used, for the list a field offers as the person types."""
    interests = Interest.objects.all() if kind is None else Interest.objects.filter(kind=kind)
    return interests.order_by("name").values_list("name", flat=True).distinct()
