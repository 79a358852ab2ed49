"""Keeps each cohort's `MeetingsStamp` moving with its meetings, and its `DemographicsStamp`
with its people's demographics (see stored.py for why).

Every meeting write of the product goes through the model (`do_log_meeting`,
`do_schedule_meeting`, `do_cancel_meeting`, the admin): a save or delete of a meeting, and a
change of its pairs or topics, gives the cohorts of its pairs a new stamp, in the writer's
transaction. Only bulk loaders skip these signals (the demo builder and the benchmark
generators), and they write whole new cohorts, whose other records change the version anyway.

Demographics belong to a person, who may be enrolled in several cohorts: a save or delete of
them (the intake form, the admin) gives every cohort the person is enrolled in a new
demographics stamp. Someone enrolled later changes the enrolments' part of the version.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from mentora.evaluation.models import DemographicsStamp, MeetingsStamp
from mentora.mentorships.models import Meeting, Mentorship
from mentora.people.models import Demographics
from mentora.programs.models import Enrolment

MENTORSHIPS = Meeting.mentorships.through
TOPICS = Meeting.topics.through


def touch(cohort_ids: Iterable[int],
          model: type[MeetingsStamp] | type[DemographicsStamp] = MeetingsStamp) -> None:
    """A new stamp for each cohort, in one statement (an insert or an update)."""
    stamps: list[Model] = [model(cohort_id=pk, stamp=uuid.uuid4().hex) for pk in set(cohort_ids)]
    if stamps:
        model._default_manager.bulk_create(stamps, update_conflicts=True,  # type: ignore[arg-type]
                                           unique_fields=["cohort"], update_fields=["stamp"])


def _demographics_changed(sender: Any, instance: Demographics, raw: bool = False,
                          **kwargs: Any) -> None:
    if not raw:
        touch(Enrolment.objects.filter(person_id=instance.person_id)
              .values_list("cohort_id", flat=True), DemographicsStamp)


def _cohorts_of_meetings(meeting_ids: Iterable[int]) -> list[int]:
    return list(MENTORSHIPS.objects.filter(meeting_id__in=list(meeting_ids))
                .values_list("mentorship__cohort_id", flat=True).distinct())


def _saved(sender: Any, instance: Meeting, created: bool, raw: bool = False,
           **kwargs: Any) -> None:
    if not created and not raw:  # a new meeting has no pairs yet: linking it touches them
        touch(_cohorts_of_meetings([instance.pk]))


def _deleted(sender: Any, instance: Meeting, **kwargs: Any) -> None:
    touch(_cohorts_of_meetings([instance.pk]))


def _pairs_changed(sender: Any, instance: Any, action: str, reverse: bool,
                   pk_set: set[int] | None, **kwargs: Any) -> None:
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:  # from a mentorship's side
        touch([instance.cohort_id])
    elif action == "pre_clear":
        touch(_cohorts_of_meetings([instance.pk]))
    else:
        touch(Mentorship.objects.filter(pk__in=pk_set or ()).values_list("cohort_id", flat=True))


def _topics_changed(sender: Any, instance: Any, action: str, reverse: bool,
                    pk_set: set[int] | None, **kwargs: Any) -> None:
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:  # from a topic's side: the meetings are in pk_set (or all of the topic's)
        meetings = pk_set if action != "pre_clear" else set(
            instance.meetings.values_list("pk", flat=True))
        touch(_cohorts_of_meetings(meetings or ()))
    else:
        touch(_cohorts_of_meetings([instance.pk]))


def connect() -> None:
    uid = "evaluation.meetings_stamp"
    post_save.connect(_saved, sender=Meeting, dispatch_uid=uid)
    pre_delete.connect(_deleted, sender=Meeting, dispatch_uid=uid)
    m2m_changed.connect(_pairs_changed, sender=MENTORSHIPS, dispatch_uid=uid)
    m2m_changed.connect(_topics_changed, sender=TOPICS, dispatch_uid=uid)
    uid = "evaluation.demographics_stamp"
    post_save.connect(_demographics_changed, sender=Demographics, dispatch_uid=uid)
    post_delete.connect(_demographics_changed, sender=Demographics, dispatch_uid=uid)
