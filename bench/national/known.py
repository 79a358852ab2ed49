"""The accounts the generator makes for a few known people, and the load test signs in with."""

from __future__ import annotations

PASSWORD = "mentora-national"
DOMAIN = "national.mentora.test"
COORDINATOR = f"coordinator@{DOMAIN}"  # coordinates every regional program
KNOWN_PAIRS = 10  # mentorNN and menteeNN are a pair of the largest cohort
SLUG_PREFIX = "national-"


def mentor_email(n: int) -> str:
    return f"mentor{n:02d}@{DOMAIN}"


def mentee_email(n: int) -> str:
    return f"mentee{n:02d}@{DOMAIN}"
