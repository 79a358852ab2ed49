"""The forms' shared clean step and the one upload field: bad input ends in a message.

Every form of Mentora derives from `SafeForm` or `SafeModelForm` (tests/security/test_bad_input.py
walks them), which before any field sees the data:

- cleans every submitted text of control characters (`mentora.core.text.clean_text`): NUL,
  which PostgreSQL refuses, and the characters Word pastes (\\x0b) that DOCX and XLSX cannot
  hold;
- bounds what a field left open: dates from YEARS_FROM to YEARS_TO (a meeting on 9999-12-31
  would break every calendar it reaches), whole numbers within a database integer, text within
  TEXT_LIMIT characters, and the keys ticked in a list of records within a database key (SQLite
  cannot even compare a key past 2**63 - 1).

`UploadField` refuses a file larger than settings.UPLOAD_MAX_BYTES before anything reads it,
and `read_upload` reads an accepted one through the one text reader (`mentora.core.uploads`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db.models import Model
from django.utils.datastructures import MultiValueDict

from mentora.core.text import TEXT_LIMIT, clean_text
from mentora.core.uploads import decode_text

YEARS_FROM, YEARS_TO = 1900, 2100
# Within PostgreSQL's integer, so that no number typed into a form overflows a column or a key.
INTEGER_LIMIT = 2**31 - 1
# The largest key a database holds: a ticked key past it names no record.
KEY_LIMIT = 2**63 - 1

_M = TypeVar("_M", bound=Model)


def _in_sane_years(value: date | datetime | None) -> None:
    if value is not None and not YEARS_FROM <= value.year <= YEARS_TO:
        raise ValidationError(
            f"Enter a date between {YEARS_FROM} and {YEARS_TO}.", code="out_of_range"
        )


def _keys_within_range(field: forms.ModelMultipleChoiceField[Any]) -> None:
    """A submitted key too large for a database key is refused as not a choice before the
    field asks the database which records the keys name."""
    check_values = field._check_values  # type: ignore[attr-defined]

    def checked(values: Any) -> Any:
        for value in values if isinstance(values, list | tuple) else ():
            text = str(value).strip().lstrip("+-")
            if text.isascii() and text.isdigit() and len(text) <= 4000 and int(text) > KEY_LIMIT:
                raise ValidationError(
                    field.error_messages["invalid_choice"], code="invalid_choice",
                    params={"value": value},
                )
        return check_values(values)

    field._check_values = checked  # type: ignore[attr-defined]


def _bound(field: forms.Field) -> None:
    """Limits for what a field leaves open; a field is bounded once."""
    if getattr(field, "_mentora_bounded", False):
        return
    field._mentora_bounded = True  # type: ignore[attr-defined]
    if isinstance(field, forms.DateField | forms.DateTimeField):
        field.validators.append(_in_sane_years)
    elif isinstance(field, forms.IntegerField):  # FloatField and DecimalField too
        if field.max_value is None:
            field.validators.append(MaxValueValidator(INTEGER_LIMIT))
        if field.min_value is None:
            field.validators.append(MinValueValidator(-INTEGER_LIMIT))
    elif isinstance(field, forms.CharField) and field.max_length is None:
        field.validators.append(MaxLengthValidator(TEXT_LIMIT))
    elif isinstance(field, forms.ModelMultipleChoiceField):
        _keys_within_range(field)


def _cleaned_value(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return [_cleaned_value(item) for item in value]
    return value


def cleaned_data_of(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """Submitted data with every text cleaned; a QueryDict stays a QueryDict."""
    if isinstance(data, MultiValueDict):
        copy = data.copy()
        for key, values in data.lists():
            copy.setlist(key, [_cleaned_value(value) for value in values])
        return copy
    return {key: _cleaned_value(value) for key, value in data.items()}


class CleanInput(forms.BaseForm):
    """The shared clean step (see the module): a mixin before forms.Form or forms.ModelForm."""

    def full_clean(self) -> None:
        if self.is_bound:
            self.data = cleaned_data_of(self.data)
        for field in self.fields.values():
            _bound(field)
        super().full_clean()


class SafeForm(CleanInput, forms.Form):
    """forms.Form with the shared clean step."""


class SafeModelForm(CleanInput, forms.ModelForm[_M]):
    """forms.ModelForm with the shared clean step."""


def upload_limit_mb() -> int:
    return int(settings.UPLOAD_MAX_BYTES) // (1024 * 1024)


class UploadField(forms.FileField):
    """A file of at most settings.UPLOAD_MAX_BYTES, refused by its size before it is read."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        size = getattr(value, "size", None) or 0
        if size > int(settings.UPLOAD_MAX_BYTES):
            raise ValidationError(
                f"This file is {size / (1024 * 1024):.1f} MB; files of at most "
                f"{upload_limit_mb()} MB are accepted. Split it or leave out what is not needed.",
                code="too_large",
            )


def read_upload(
    upload: UploadedFile, *, save_as: str = "CSV UTF-8", warnings: list[str] | None = None
) -> str:
    """The text of an accepted upload, whatever its encoding; UploadError if it is not text.
    A guessed encoding is named in `warnings` (mentora.core.uploads.decode_text)."""
    return decode_text(upload.read(), str(upload.name), save_as=save_as, warnings=warnings)
