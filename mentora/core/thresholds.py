"""The smallest group a page may show: every such threshold is read from settings here, only here.

Pages ask this module (the match review, the evaluation report, any later page that counts
people); the pure statistics core takes the number as an argument and never reads settings.

- `internal()`: pages read inside the institution (coordinators, evaluators) hide groups of
  fewer people than this (`SUPPRESS_BELOW_INTERNAL`, 5 by default).
- `publication()`: anything marked for publication hides groups of fewer people than this
  (`SUPPRESS_BELOW_PUBLICATION`, 11 by default).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

INTERNAL_SETTING = "SUPPRESS_BELOW_INTERNAL"
PUBLICATION_SETTING = "SUPPRESS_BELOW_PUBLICATION"


def internal() -> int:
    """Groups smaller than this are hidden on pages read inside the institution."""
    return _read(INTERNAL_SETTING)


def publication() -> int:
    """Groups smaller than this are hidden in anything marked for publication."""
    return _read(PUBLICATION_SETTING)


def _read(name: str) -> int:
    value = getattr(settings, name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number of people, 1 or more; "
                                   f"it is {value!r}.")
    return value
