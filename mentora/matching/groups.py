"""Equity groups as codes: a stored run holds no one's group label in plain text.

The engine needs to know which mentees share a group (to guard its match rate and to report
how each group fared), never what the group is called. So a run's snapshot and result carry,
for every mentee, a code: an HMAC-SHA256 of the label under the site's secret key and the
cohort, which means nothing to whoever reads the JSON (a database dump, a backup, the admin)
without the key. Members and non-members both get a code, so no empty value marks who is in
the group. The run page turns the codes back into labels for those who may see the equity
diagnostics (coordinators of the program), by computing the codes of the labels it knows.

A rotated SECRET_KEY still reads older runs while the old key is in SECRET_KEY_FALLBACKS; a
code no key explains is shown as "a group".
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

URIM = "Underrepresented in medicine"
EVERYONE_ELSE = "(none)"  # the engine's name for mentees outside every group
KNOWN_LABELS = (URIM, EVERYONE_ELSE)
UNKNOWN = "A group"


def group_code(cohort_id: int, label: str, key: str | None = None) -> str:
    """The code a run stores for `label` (EVERYONE_ELSE for mentees in no group)."""
    secret = (settings.SECRET_KEY if key is None else key).encode()
    message = f"mentora.matching.group:{cohort_id}:{label or EVERYONE_ELSE}".encode()
    return "g-" + hmac.new(secret, message, hashlib.sha256).hexdigest()[:16]


def group_labels(cohort_id: int) -> dict[str, str]:
    """Code to label for every label the product knows, under the current and older keys."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return {group_code(cohort_id, label, key): label
            for key in reversed(keys) for label in KNOWN_LABELS}


def label_of(code: str, labels: dict[str, str]) -> str:
    """The label of a stored code; a run stored before codes holds the label itself."""
    if code in labels:
        return labels[code]
    return UNKNOWN if code.startswith("g-") else code
