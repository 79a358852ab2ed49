from __future__ import annotations

from django import forms

from mentora.api.tokens import NAME_LENGTH
from mentora.core.forms import SafeForm


class TokenForm(SafeForm):
    name = forms.CharField(
        max_length=NAME_LENGTH, help_text="What the token is for, e.g. the script that uses it."
    )
    expires_on = forms.DateField(
        label="Stops working on", required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Empty: until you revoke it.",
    )
