"""What a person says about themselves: their restricted demographics (the intake form asks
them too) and their own profile page (mentora/people/profile.py writes it)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from mentora.core.forms import SafeForm
from mentora.people import profile
from mentora.people.models import Answer, CommunicationStyle, Demographics, Interest, Person

DEMOGRAPHIC_KEYS = profile.DEMOGRAPHIC_FIELDS
NO_ANSWER = [("", "-")]


class DemographicsFields(SafeForm):
    """The demographic questions, all optional: seen only by the person, counted only in totals."""

    gender = forms.ChoiceField(
        label="Gender", choices=[*NO_ANSWER, *Demographics.Gender.choices], required=False
    )
    gender_self_description = forms.CharField(
        label="Gender, in your words", max_length=120, required=False
    )
    underrepresented = forms.ChoiceField(
        label="Do you identify as underrepresented in medicine?",
        choices=[*NO_ANSWER, *Answer.choices],
        required=False,
    )
    first_generation = forms.ChoiceField(
        label="First in your family to attend college?",
        choices=[*NO_ANSWER, *Answer.choices],
        required=False,
    )
    rural_background = forms.ChoiceField(
        label="Rural background?", choices=[*NO_ANSWER, *Answer.choices], required=False
    )
    race_ethnicity = forms.MultipleChoiceField(
        label="Race and ethnicity (choose all that apply)",
        choices=Demographics.Race.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    race_self_description = forms.CharField(
        label="Race or ethnicity, in your words", max_length=200, required=False
    )

    # The fieldsets a page shows: (legend, field names), in order.
    SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.SECTIONS]


def _interest_field(label: str) -> forms.ModelMultipleChoiceField[Interest]:
    return forms.ModelMultipleChoiceField(
        queryset=Interest.objects.none(),
        required=False,
        label=label,
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick one to take it off your profile.",
    )


def _add_field(label: str, datalist: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=1000,
        help_text="One or more, separated by semicolons; names already in use are offered as "
        "you type, and one written in another case is the same interest.",
        widget=forms.TextInput(attrs={"list": datalist, "autocomplete": "off"}),
    )


class ProfileForm(DemographicsFields):
    """The signed-in person's own profile: there is no id to change, it is always theirs."""

    specialty_interests = _interest_field("My specialty interests")
    add_specialties = _add_field("Add specialty interests", "known-specialties")
    scholarly_interests = _interest_field("My scholarly interests")
    add_scholarly = _add_field("Add scholarly interests", "known-scholarly")
    goals = forms.CharField(
        label="What I hope to gain from mentoring",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    communication_style = forms.ChoiceField(
        label="How I like to communicate",
        choices=[("", "No preference"), *CommunicationStyle.choices],
        required=False,
    )
    timezone = forms.ChoiceField(label="My time zone", choices=())
    notification_email = forms.EmailField(
        label="Email for notifications",
        max_length=254,
        required=False,
    )

    SECTIONS = (
        (
            "Interests",
            ("specialty_interests", "add_specialties", "scholarly_interests", "add_scholarly"),
        ),
        ("Goals and how I work", ("goals", "communication_style", "timezone")),
        ("Where Mentora writes to me", ("notification_email",)),
        ("My demographics (optional; only you see them, counted only in totals)", DEMOGRAPHIC_KEYS),
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        for name, interests in (
            ("specialty_interests", person.specialty_interests),
            ("scholarly_interests", person.scholarly_interests),
        ):
            cast(
                "forms.ModelMultipleChoiceField[Interest]", self.fields[name]
            ).queryset = interests.all()
        cast(forms.ChoiceField, self.fields["timezone"]).choices = [
            ("", "Choose your time zone"),
            *((zone, zone.replace("_", " ")) for zone in profile.time_zones()),
        ]
        self.fields[
            "notification_email"
        ].help_text = f"Leave empty to use the email you sign in with ({person.email})."

    def _names(self, field: str, what: str) -> list[str]:
        names = profile.split_names(self.cleaned_data.get(field, ""))
        problem = profile.names_problem(names, what)
        if problem:
            raise forms.ValidationError(problem)
        return names

    def clean_add_specialties(self) -> list[str]:
        return self._names("add_specialties", "a specialty interest")

    def clean_add_scholarly(self) -> list[str]:
        return self._names("add_scholarly", "a scholarly interest")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        for field, message in profile.demographics_problems(
            {key: data.get(key, "") for key in DEMOGRAPHIC_KEYS}
        ).items():
            if field not in self.errors:
                self.add_error(field, message)
        for kept, added, what in (
            ("specialty_interests", "add_specialties", "specialty"),
            ("scholarly_interests", "add_scholarly", "scholarly"),
        ):
            count = len(data.get(kept) or ()) + len(data.get(added) or ())
            if count > profile.MOST_INTERESTS and added not in self.errors:
                self.add_error(
                    added,
                    f"Keep to {profile.MOST_INTERESTS} {what} interests at "
                    f"most (this would make {count}).",
                )
        return data

    def changes(self) -> profile.Profile:
        """What the valid form asks the profile to be."""
        data = self.cleaned_data
        return profile.Profile(
            specialties=tuple(
                [i.name for i in data["specialty_interests"]] + data["add_specialties"]
            ),
            scholarly=tuple([i.name for i in data["scholarly_interests"]] + data["add_scholarly"]),
            goals=data["goals"],
            communication_style=data["communication_style"],
            timezone=data["timezone"],
            notification_email=data["notification_email"],
            demographics={key: data[key] for key in DEMOGRAPHIC_KEYS},
        )


def profile_initial(person: Person, demographics: Demographics | None) -> dict[str, Any]:
    """The form's starting values: the person's profile as it is."""
    initial: dict[str, Any] = {
        "specialty_interests": list(person.specialty_interests.all()),
        "scholarly_interests": list(person.scholarly_interests.all()),
        "goals": person.goals,
        "communication_style": person.communication_style,
        "timezone": person.timezone,
        "notification_email": person.notification_email,
    }
    if demographics is not None:
        initial.update({key: getattr(demographics, key) for key in DEMOGRAPHIC_KEYS})
    return initial
