"""A person's own profile, written through one door: `do_update_profile`.

Only the person themself changes it (the page that calls it acts as the signed-in person, with
no id to change): their interests, goals, communication style, time zone, the address Mentora
writes to, and their restricted demographics. Everything is checked before anything is
written, and all of it is written, with its audit events, in one transaction: a refused change
leaves the profile as it was. The events name the fields that changed, never their values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from mentora.audit.record import Action, record
from mentora.core.text import TEXT_LIMIT
from mentora.people.interests import interest_named, tidy
from mentora.people.models import Answer, CommunicationStyle, Demographics, Interest, Person

DEMOGRAPHIC_FIELDS = (
    "gender",
    "gender_self_description",
    "underrepresented",
    "first_generation",
    "rural_background",
    "race_ethnicity",
    "race_self_description",
)
PERSON_FIELDS = ("goals", "communication_style", "timezone", "notification_email")
MOST_INTERESTS = 30
NAME_LENGTH = 120  # Interest.name's column
SELF_DESCRIBE = "self_describe"
PREFER_NOT = "prefer_not"


class ProfileError(ValueError):
    """A value the profile cannot hold; `field` names where, the message says what."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Profile:
    """What a person's profile should become. Interests are names, matched to the known ones
    ignoring case and spacing (mentora.people.interests); `demographics` None leaves them."""

    specialties: Sequence[str] = ()
    scholarly: Sequence[str] = ()
    goals: str = ""
    communication_style: str = ""
    timezone: str = "America/Chicago"
    notification_email: str = ""
    demographics: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class ProfileUpdate:
    """The names of what changed: on the person, and in their demographics."""

    fields: tuple[str, ...] = ()
    demographic_fields: tuple[str, ...] = ()
    demographics_created: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.fields or self.demographic_fields)


@cache
def time_zones() -> tuple[str, ...]:
    """The IANA time zones a person may choose, sorted (no aliases of the tz database's own
    bookkeeping like 'Factory' or 'posixrules')."""
    return tuple(
        sorted(
            zone
            for zone in available_timezones()
            if zone == "UTC" or ("/" in zone and not zone.startswith("Etc/"))
        )
    )


def split_names(text: str) -> list[str]:
    """'Emergency medicine; ; global  health' -> ['Emergency medicine', 'global health']."""
    return [tidy(part) for part in text.split(";") if tidy(part)]


def names_problem(names: Sequence[str], what: str) -> str:
    """Why these interest names cannot be kept, or ''."""
    for name in names:
        if len(name) > NAME_LENGTH:
            return (
                f"Keep {what} to {NAME_LENGTH} characters; separate several with "
                f"semicolons ('{name[:30]}...' has {len(name)})."
            )
    return ""


def demographics_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """Answers that do not fit together, by field: words for a choice that was not made, or
    'Prefer not to say' beside other answers."""
    problems: dict[str, str] = {}
    if values.get("gender_self_description") and values.get("gender") != SELF_DESCRIBE:
        problems["gender_self_description"] = (
            "To describe your gender in your words, choose 'Prefer to self-describe' under "
            "Gender; or leave this empty."
        )
    races = list(values.get("race_ethnicity") or [])
    if values.get("race_self_description") and SELF_DESCRIBE not in races:
        problems["race_self_description"] = (
            "To describe your race or ethnicity in your words, tick 'Prefer to self-describe' "
            "too; or leave this empty."
        )
    if PREFER_NOT in races and len(races) > 1:
        problems["race_ethnicity"] = (
            "'Prefer not to say' goes alone: untick it, or untick the other answers."
        )
    return problems


def _choice(value: Any, choices: Sequence[tuple[str, str]], field: str, label: str) -> None:
    if value not in {"", *(key for key, _ in choices)}:
        raise ProfileError(field, f"{label}: '{str(value)[:40]}' is not one of the choices.")


def _check_demographics(values: Mapping[str, Any]) -> dict[str, Any]:
    clean = {
        key: values.get(key) or ("" if key != "race_ethnicity" else [])
        for key in DEMOGRAPHIC_FIELDS
    }
    unknown = set(values) - set(DEMOGRAPHIC_FIELDS)
    if unknown:
        raise ProfileError(sorted(unknown)[0], f"No such demographic: {sorted(unknown)[0]}.")
    _choice(clean["gender"], Demographics.Gender.choices, "gender", "Gender")
    for key, label in (
        ("underrepresented", "Underrepresented in medicine"),
        ("first_generation", "First generation"),
        ("rural_background", "Rural background"),
    ):
        _choice(clean[key], Answer.choices, key, label)
    races = clean["race_ethnicity"]
    if not isinstance(races, list | tuple):
        raise ProfileError("race_ethnicity", "Race and ethnicity: a list of choices.")
    for race in races:
        _choice(race, Demographics.Race.choices, "race_ethnicity", "Race and ethnicity")
    clean["race_ethnicity"] = sorted(set(races))
    for key, most in (("gender_self_description", 120), ("race_self_description", 200)):
        clean[key] = str(clean[key]).strip()
        if len(clean[key]) > most:
            raise ProfileError(key, f"Keep it to {most} characters (it has {len(clean[key])}).")
    for key, message in demographics_problems(clean).items():
        raise ProfileError(key, message)
    return clean


def check(profile: Profile) -> dict[str, Any]:
    """The profile's values as they will be stored; ProfileError names the first that cannot."""
    for names, where, what in (
        (profile.specialties, "specialty_interests", "a specialty interest"),
        (profile.scholarly, "scholarly_interests", "a scholarly interest"),
    ):
        problem = names_problem([tidy(n) for n in names], what)
        if problem:
            raise ProfileError(where, problem)
        if len({tidy(n).lower() for n in names if tidy(n)}) > MOST_INTERESTS:
            raise ProfileError(where, f"Keep to {MOST_INTERESTS} interests of a kind at most.")
    if len(profile.goals) > TEXT_LIMIT:
        raise ProfileError("goals", f"Keep your goals to {TEXT_LIMIT:,} characters.")
    _choice(
        profile.communication_style,
        CommunicationStyle.choices,
        "communication_style",
        "Communication style",
    )
    if profile.timezone not in time_zones():
        raise ProfileError(
            "timezone",
            f"'{profile.timezone[:64]}' is not a time zone Mentora "
            "knows; choose one from the list.",
        )
    email = profile.notification_email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ProfileError(
                "notification_email", f"'{email[:60]}' is not an email address."
            ) from None
        if len(email) > 254:
            raise ProfileError("notification_email", "An email address has 254 characters at most.")
    values: dict[str, Any] = {
        "goals": profile.goals.strip(),
        "communication_style": profile.communication_style,
        "timezone": profile.timezone,
        "notification_email": email,
    }
    if profile.demographics is not None:
        values["demographics"] = _check_demographics(profile.demographics)
    return values


def _set_interests(person: Person, field_name: str, kind: str, names: Sequence[str]) -> bool:
    """The person's interests of a kind become these names (known spellings kept)."""
    wanted: dict[int, Interest] = {}
    for name in names:
        if tidy(name):
            interest = interest_named(kind, name)
            wanted.setdefault(interest.pk, interest)
    links = getattr(person, field_name)
    before = set(links.values_list("pk", flat=True))
    if before == set(wanted):
        return False
    links.set(list(wanted.values()))
    return True


@transaction.atomic
def do_update_profile(person: Person, profile: Profile) -> ProfileUpdate:
    """Write the person's own profile as `profile` says, all or nothing, and audit it: an
    update of the person naming the fields that changed, and a create or update of their
    demographics naming theirs. Raises ProfileError (nothing written) for a value that
    cannot be kept."""
    values = check(profile)
    person = Person.objects.select_for_update().get(pk=person.pk)
    changed = [name for name in PERSON_FIELDS if getattr(person, name) != values[name]]
    for name in changed:
        setattr(person, name, values[name])
    if changed:
        person.save(update_fields=changed)
    if _set_interests(person, "specialty_interests", Interest.Kind.SPECIALTY, profile.specialties):
        changed.append("specialty_interests")
    if _set_interests(person, "scholarly_interests", Interest.Kind.SCHOLARLY, profile.scholarly):
        changed.append("scholarly_interests")
    if changed:
        record(Action.UPDATE, person, fields=changed, by=person, note="their own profile")
    wanted = values.get("demographics")
    demographic_fields, created = _write_demographics(person, wanted) if wanted else ([], False)
    return ProfileUpdate(tuple(changed), tuple(demographic_fields), created)


def _write_demographics(person: Person, wanted: dict[str, Any]) -> tuple[list[str], bool]:
    """The person's demographics become `wanted`, audited by field: the fields that changed,
    and whether the record was created (only when some answer is given)."""
    mine = Demographics.objects.select_for_update().filter(person=person).first()
    created = mine is None
    if mine is None:
        if not any(wanted.values()):
            return [], False
        mine = Demographics(person=person)
    changed = [key for key in DEMOGRAPHIC_FIELDS if _stored(mine, key) != wanted[key]]
    if not changed:
        return [], False
    for key in changed:
        setattr(mine, key, wanted[key])
    mine.save(update_fields=None if created else changed)
    action = Action.CREATE if created else Action.UPDATE
    record(action, mine, fields=changed, by=person, note="their own demographics")
    return changed, created


def _stored(demographics: Demographics, key: str) -> Any:
    """A stored answer as `check` writes it (race and ethnicity as a sorted list)."""
    value = getattr(demographics, key)
    return sorted(set(value or [])) if key == "race_ethnicity" else value
