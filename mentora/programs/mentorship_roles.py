"""The roles a mentor fills for a mentee (career, research, clinical skills, sponsor, near-peer).

They belong to intake: a program's teams, the roles a mentee asks for and a mentor offers are
set before any match, and both the matching workflow and the relationships read them from here.
"""

from __future__ import annotations

from django.db import models


class MentorshipRole(models.TextChoices):
    CAREER = "career", "Career"
    RESEARCH = "research", "Research"
    CLINICAL = "clinical", "Clinical skills"
    SPONSOR = "sponsor", "Sponsor"
    NEAR_PEER = "near_peer", "Near-peer"
