"""What the load test needs from the database holding the national program, as JSON for the
client (which imports nothing of Django): the largest cohort, the known pairs and their
mentorships, and unused single-use survey links of that cohort's open wave.

A link is the HMAC of its invitation's nonce under SECRET_KEY. The links handed out are issued
again under this process's key (their stored hash updated), so the test works whatever key the
generator ran with, as long as the server runs with the same environment as this script.

  DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentora_national \\
      .venv/bin/python bench/load/prepare.py --links 1500 --out var/load/plan.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentora.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.national import known  # noqa: E402
from mentora.mentorships.models import Mentorship  # noqa: E402
from mentora.programs.models import Cohort  # noqa: E402
from mentora.surveys.links import token_for, token_hash  # noqa: E402
from mentora.surveys.models import Invitation  # noqa: E402


def health_path() -> str:
    try:
        return reverse("health")
    except NoReverseMatch:  # before /health/ existed: the sign-in page, the lightest page
        return reverse("login")


def plan(links: int) -> dict[str, Any]:
    today = timezone.localdate()
    cohorts = Cohort.objects.filter(
        program__slug__startswith=known.SLUG_PREFIX, starts_on__lte=today, ends_on__gte=today
    ).annotate(mentees=Count("enrolments", filter=Q(enrolments__role="mentee")))
    cohort = cohorts.order_by("-mentees").first()
    if cohort is None:
        raise SystemExit("No national cohort runs today in this database: run "
                         "bench/national/generate.py first (see docs/benchmarks.md).")
    pairs = []
    for n in range(1, known.KNOWN_PAIRS + 1):
        pair = Mentorship.objects.filter(
            mentor__email=known.mentor_email(n), mentee__email=known.mentee_email(n),
            status=Mentorship.Status.ACTIVE,
        ).first()
        if pair is not None:
            pairs.append({"mentor": known.mentor_email(n), "mentee": known.mentee_email(n),
                          "mentorship": pair.pk})
    with transaction.atomic():
        invitations = list(
            Invitation.objects.select_for_update()
            .filter(wave__cohort=cohort, used_at__isnull=True, wave__opens_on__lte=today,
                    wave__closes_on__gte=today)
            .exclude(person__email__endswith=f"@{known.DOMAIN}", person__user__isnull=False)
            .order_by("pk")[:links]
        )
        tokens = [token_for(i.nonce) for i in invitations]
        for invitation, token in zip(invitations, tokens, strict=True):
            invitation.token_hash = token_hash(token)
        Invitation.objects.bulk_update(invitations, ["token_hash"], batch_size=1000)
    return {
        "cohort": cohort.pk,
        "cohort_name": str(cohort),
        "cohort_mentees": cohort.mentees,
        "health": health_path(),
        "login": reverse("login"),
        "password": known.PASSWORD,
        "coordinator": known.COORDINATOR,
        "pairs": pairs,
        "survey_links": [reverse("survey_respond", args=[t]) for t in tokens],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--links", type=int, default=1500, help="survey links to hand out")
    parser.add_argument("--out", type=Path, default=Path("var/load/plan.json"))
    args = parser.parse_args()
    data = plan(args.links)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1))
    print(f"{data['cohort_name']} ({data['cohort_mentees']:,} mentees), "
          f"{len(data['pairs'])} known pairs, {len(data['survey_links'])} unused survey links "
          f"-> {args.out}")


if __name__ == "__main__":
    main()
