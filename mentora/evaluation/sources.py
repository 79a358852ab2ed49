"""The one place the evaluation reads other parts' records: a cohort into `CohortData` frames.

Meetings follow the layout of the mentorships' `meeting_log` and survey answers that of the
surveys' `responses_frame`, but both are read here as plain tuples, which a 10,000-person cohort
needs (tests check that the two agree); the rest is read with the ORM. A change elsewhere is
mended in this module alone. Only counts, dates, states and coded answers leave it: no notes.
"""

from __future__ import annotations

import json

import pandas as pd
from django.db.models import TextField
from django.db.models.functions import Cast

from mentora.evaluation.models import ScholarlyEntry
from mentora.evaluation.reports.data import (
    ANSWER_COLUMNS,
    ITEM_COLUMNS,
    MEETING_COLUMNS,
    MENTORSHIP_COLUMNS,
    WAVE_COLUMNS,
    CohortData,
    empty,
)
from mentora.mentorships.models import DevelopmentPlan, Meeting, Mentorship
from mentora.people.models import Demographics
from mentora.programs.models import Cohort
from mentora.surveys.models import Answer, Item, ItemType, Respondent, ScaleItem, Wave

GENDER_GROUPS = {"woman": "Woman", "man": "Man", "nonbinary": "Another gender",
                 "self_describe": "Another gender"}
URIM_GROUPS = {"yes": "Underrepresented in medicine", "no": "Not underrepresented"}
NOT_STATED = "Not stated"


def _frame(rows: object, columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(list(rows), columns=columns)  # type: ignore[call-overload]
    return frame if len(frame) else empty(columns)


def enrolments(cohort: Cohort) -> pd.DataFrame:
    rows = cohort.enrollments.values_list(
        "person_id", "role", "status", "enrolled_on", "withdrawn_on"
    )
    return _frame(rows, ["person", "role", "status", "enrolled_on", "withdrawn_on"])


def demographics(cohort: Cohort) -> pd.DataFrame:
    """Group labels only (never the answers themselves), for aggregate breakdowns."""
    rows = Demographics.objects.filter(person__enrollments__cohort=cohort).values_list(
        "person_id", "gender", "underrepresented"
    )
    return _frame(
        ((p, GENDER_GROUPS.get(g, NOT_STATED), URIM_GROUPS.get(u, NOT_STATED)) for p, g, u in rows),
        ["person", "gender", "urim"],
    )


def mentorships(cohort: Cohort) -> pd.DataFrame:
    rows = Mentorship.objects.filter(cohort=cohort).values_list(
        "id", "mentee_id", "mentor_id", "status", "source", "started_on", "declined_on",
        "ended_on", "created_at",
    )
    return _frame(
        ((*row[:-1], row[-1].date()) for row in rows), MENTORSHIP_COLUMNS
    )


def meetings(cohort: Cohort) -> pd.DataFrame:
    """Held meetings as the mentorships' `meeting_log` lists them, read as plain tuples.

    One row per mentorship in each held meeting, with every mentee of the meeting and its
    topic names. `meeting_log` builds a model instance per meeting: seconds for a large cohort.
    """
    held = Meeting.mentorships.through.objects.filter(
        meeting__status=Meeting.Status.HELD, meeting__mentorships__cohort=cohort
    ).values_list("meeting_id", "mentorship_id", "mentorship__mentee_id", "mentorship__cohort_id",
                  "meeting__on").distinct()
    links = pd.DataFrame.from_records(
        list(held), columns=["meeting", "mentorship", "mentee", "cohort", "on"]
    )
    if links.empty:
        return empty(MEETING_COLUMNS)
    mentees = links.groupby("meeting")["mentee"].agg(lambda m: tuple(sorted(m)))
    topics: dict[int, list[str]] = {}
    for meeting_id, name in Meeting.topics.through.objects.filter(
        meeting_id__in=links["meeting"].unique().tolist()
    ).values_list("meeting_id", "topic__name").order_by("topic__position", "topic__name"):
        topics.setdefault(meeting_id, []).append(name)
    links = links[links["cohort"] == cohort.pk].sort_values(["on", "meeting"])
    return pd.DataFrame({
        "mentorship": links["mentorship"].to_numpy(),
        "on": links["on"].to_numpy(),
        "mentees": links["meeting"].map(mentees).to_numpy(),
        "topics": [tuple(topics.get(m, ())) for m in links["meeting"]],
    })


def plans(cohort: Cohort) -> pd.DataFrame:
    rows = DevelopmentPlan.objects.filter(cohort=cohort).values_list("mentee_id", "status")
    return _frame(rows, ["mentee", "status"])


def waves(cohort: Cohort) -> pd.DataFrame:
    rows = Wave.objects.filter(cohort=cohort).values_list(
        "pk", "label", "instrument__name", "position", "opens_on", "anonymous", "instrument__title"
    )
    return _frame(rows, WAVE_COLUMNS)


def items(cohort: Cohort) -> pd.DataFrame:
    """Wording, type, anchors, section and multi-item scale of every item the cohort's waves ask."""
    chosen = Item.objects.filter(instrument__waves__cohort=cohort).distinct()
    scales: dict[int, str] = {}
    for item_id, label, size in _scale_members(chosen):
        if size > 1:
            scales.setdefault(item_id, label)
    rows = []
    for item in chosen.select_related("section", "instrument").order_by("instrument", "position"):
        section = item.section
        form_title = section.form_title or section.form.replace("_", " ").capitalize()
        rows.append((
            item.instrument.name, item.variable, item.type, item.label, list(item.choices),
            section.form, form_title, section.pk, section.header or form_title,
            scales.get(item.pk, ""), item.position,
        ))
    return _frame(rows, ITEM_COLUMNS)


def _scale_members(chosen: object) -> list[tuple[int, str, int]]:
    members = ScaleItem.objects.filter(item__in=chosen).select_related("scale")
    sizes = {m.scale_id: m.scale.members.count() for m in members}
    return [(m.item_id, m.scale.label, sizes[m.scale_id]) for m in members]


def answers(cohort: Cohort) -> pd.DataFrame:
    """Submitted answers, long: one row per respondent, wave and item (checkboxes as 0/1).

    The same rows as the surveys' `responses_frame` (whose layout this follows), read as plain
    tuples with the JSON value as text: a 10,000-person cohort has close to a million answers,
    and a model instance (or a JSON decode) for each took minutes, then seconds.
    """
    rows = Answer.objects.filter(
        response__wave__cohort=cohort, response__status="submitted"
    ).annotate(raw=Cast("value", TextField())).values_list(
        "response__respondent_id", "response__wave_id", "item_id", "raw"
    )
    frame = pd.DataFrame.from_records(
        list(rows), columns=["respondent_id", "wave_id", "item_id", "raw"]
    )
    if frame.empty:
        return empty(ANSWER_COLUMNS)
    who = {
        pk: (record, person)
        for pk, record, person in Respondent.objects.filter(cohort=cohort).values_list(
            "pk", "record_id", "person_id"
        )
    }
    meta = {
        pk: (variable, kind, choices, name)
        for pk, variable, kind, choices, name in Item.objects.filter(
            pk__in=frame["item_id"].unique().tolist()
        ).values_list("pk", "variable", "type", "choices", "instrument__name")
    }
    # Mapping through dicts is vectorised by pandas; a lambda per row is not.
    frame["respondent"] = frame["respondent_id"].map({k: v[0] for k, v in who.items()})
    frame["respondent"] = frame["respondent"].fillna("")
    frame["person_id"] = frame["respondent_id"].map({k: v[1] for k, v in who.items()})
    frame["item"] = frame["item_id"].map({k: v[0] for k, v in meta.items()})
    frame["instrument"] = frame["item_id"].map({k: v[3] for k, v in meta.items()})
    ticks = frame["item_id"].map({k: v[1] == ItemType.MULTIPLE for k, v in meta.items()})
    plain = frame[~ticks]
    text = plain["raw"].astype(str).str.strip('"')
    plain = plain.assign(value=pd.to_numeric(text, errors="coerce"))
    expanded = _checkboxes(frame[ticks], meta)
    parts = [plain[ANSWER_COLUMNS]] + ([expanded] if len(expanded) else [])
    long = pd.concat(parts, ignore_index=True)
    return long.astype({"person_id": "Int64", "value": "float64"})


def _checkboxes(rows: pd.DataFrame, meta: dict[int, tuple[str, str, list[list[str]], str]]) -> (
    pd.DataFrame
):
    """A checkbox answer as one 0/1 row per choice, named `variable___code` as REDCap does."""
    out = []
    for respondent, person, wave, item_id, raw, _, instrument in rows[
        ["respondent", "person_id", "wave_id", "item_id", "raw", "item", "instrument"]
    ].itertuples(index=False):
        variable, _, choices, _ = meta[item_id]
        value = json.loads(raw)
        ticked = set(value if isinstance(value, list) else [value])
        out += [
            (respondent, person, wave, instrument, f"{variable}___{code.lower()}",
             float(code in ticked))
            for code, _ in choices
        ]
    return pd.DataFrame.from_records(out, columns=ANSWER_COLUMNS)


def scholarship(cohort: Cohort) -> pd.DataFrame:
    rows = ScholarlyEntry.objects.filter(person__enrollments__cohort=cohort).values_list(
        "person_id", "kind", "year"
    )
    return _frame(rows, ["person", "kind", "year"])


def load_cohort(cohort: Cohort) -> CohortData:
    return CohortData(
        name=str(cohort),
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        enrolments=enrolments(cohort),
        demographics=demographics(cohort),
        mentorships=mentorships(cohort),
        meetings=meetings(cohort),
        plans=plans(cohort),
        answers=answers(cohort),
        items=items(cohort),
        waves=waves(cohort),
        scholarship=scholarship(cohort),
        events_recorded=False,  # no part records events or training attendance yet
    )
