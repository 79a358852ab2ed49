from __future__ import annotations

from django import forms

from mentora.api.scopes import Scope
from mentora.api.tokens import NAME_LENGTH
from mentora.core.forms import SafeForm


class TokenForm(SafeForm):
    name = forms.CharField(
        max_length=NAME_LENGTH, help_text="What the token is for, e.g. the script that uses it."
    )
    scopes = forms.MultipleChoiceField(
        label="It may read", choices=Scope.choices, widget=forms.CheckboxSelectMultiple,
        help_text="Only what the script needs: a token that leaks reads no more than this.",
        error_messages={"required": "Choose at least one part of the API for it to read."},
    )
    expires_on = forms.DateField(
        label="Stops working on", required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Empty: until you revoke it.",
    )
