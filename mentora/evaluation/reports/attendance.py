"""Event and training attendance (seed 002): of the cohort's mentees, and of its mentors, the
share who attended at least one event of each kind, with its Wilson 95% CI.

A kind is shown for a side when someone of that side was invited to an event of that kind.
Attended and not attended split the side's enrolled people, so the two counts pass through
the statistics core's suppression together: a count below the threshold hides the share (its
complement would give it away).
"""

from __future__ import annotations

from dataclasses import dataclass

from mentora.evaluation.reports.data import CohortData
from mentora.evaluation.stats import Share, share, suppress_counts

SIDES = (("Mentees", ("mentee", "both")), ("Mentors", ("mentor", "both")))


@dataclass(frozen=True)
class KindAttendance:
    kind: str  # its label, "Boot camp"
    side: str  # "Mentees" or "Mentors"
    events: int  # events of this kind this side was invited to
    enrolled: int  # the side's enrolled people: the denominator
    attended: Share | None  # None when suppressed


@dataclass(frozen=True)
class Attendance:
    rows: tuple[KindAttendance, ...]
    threshold: int

    @property
    def hidden(self) -> bool:
        return any(row.attended is None for row in self.rows)


def attendance(data: CohortData, threshold: int) -> Attendance | None:
    """The shares per kind and side; None while the cohort has no event."""
    invites = data.attendance
    if invites.empty:
        return None
    rows = []
    order = invites.sort_values(["kind_position", "kind"])["kind"].drop_duplicates()
    for side, roles in SIDES:
        enrolled = data.enrolments[data.enrolments["role"].isin(roles)]
        people = set(enrolled["person"].astype("int64"))
        if not people:
            continue
        mine = invites[invites["person"].astype("int64").isin(people)]
        for kind in order:
            of_kind = mine[mine["kind"] == kind]
            if of_kind.empty:
                continue
            came = int(of_kind.loc[of_kind["attended"].astype(bool), "person"].nunique())
            cell = suppress_counts([came, len(people) - came], threshold=threshold).cells[0][0]
            figure = None if cell.hidden else share(came, len(people), group=side)
            events = int(of_kind["event"].nunique())
            rows.append(KindAttendance(str(kind), side, events, len(people), figure))
    return Attendance(tuple(rows), threshold)
