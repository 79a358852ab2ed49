"""Mentorships, meetings and goals, scoped as their pages are (mentora.mentorships.access):
a coordinator sees a program's mentorships but never opens a meeting or a goal; a meeting's
notes reach whom the meeting page shows them to; a private note reaches its author only."""

from django.db.models import QuerySet, prefetch_related_objects
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from mentora.api.auth import auth_for, caller
from mentora.api.endpoints.common import answers
from mentora.api.filters import GoalFilter, MeetingFilter, MentorshipFilter
from mentora.api.logged import logged
from mentora.api.paging import Id, LimitOffset
from mentora.api.schemas import (
    GoalOut,
    GrowNotes,
    MeetingDetail,
    MeetingOut,
    MentorshipOut,
    ReflectionOut,
)
from mentora.api.scopes import Scope
from mentora.audit.record import Action, record
from mentora.mentorships.access import (
    access_goal,
    access_meeting,
    access_mentorship,
    goals_for,
    meetings_for,
    mentorships_for,
)
from mentora.mentorships.actions import grow_notes, readable_pairs, visible_reflections
from mentora.mentorships.models import Goal, Meeting, Mentorship, PrivateNote
from mentora.people.access import access_me

router = Router(tags=["relationships"], auth=auth_for(Scope.RELATIONSHIPS))


@router.get("/mentorships", response=answers(list[MentorshipOut]))
@logged(Mentorship)
@paginate(LimitOffset)
def list_mentorships(
    request: HttpRequest, filters: Query[MentorshipFilter]
) -> QuerySet[Mentorship]:
    """The reader's own pairs, and the pairs of the programs they coordinate."""
    return filters.filter(mentorships_for(caller(request))).order_by("cohort_id", "pk")


@router.get("/mentorships/{mentorship_id}", response=answers(MentorshipOut))
@logged(Mentorship)
def get_mentorship(request: HttpRequest, mentorship_id: Id) -> Mentorship:
    return access_mentorship(caller(request), mentorship_id)


@router.get("/meetings", response=answers(list[MeetingOut]))
@logged(Meeting)
@paginate(LimitOffset)
def list_meetings(request: HttpRequest, filters: Query[MeetingFilter]) -> QuerySet[Meeting]:
    """Meetings of the reader's own pairs, without notes (read a meeting for those)."""
    meetings = filters.filter(meetings_for(caller(request)))
    return meetings.prefetch_related("mentorships", "topics").order_by("-on", "pk")


@router.get("/meetings/{meeting_id}", response=answers(MeetingDetail))
@logged(Meeting, found=lambda detail: Meeting(pk=detail.meeting.id))
def get_meeting(request: HttpRequest, meeting_id: Id) -> MeetingDetail:
    user = caller(request)
    meeting = access_meeting(user, meeting_id)
    me = access_me(user)
    pairs = list(meeting.mentorships.all())  # once, for the summary and the notes alike
    prefetch_related_objects([meeting], "topics")
    mine = PrivateNote.objects.filter(meeting=meeting, author=me).first()
    if mine is not None:  # read through the API as on the meeting's page: logged
        record(Action.READ, mine)
    return MeetingDetail(
        meeting=meeting,  # type: ignore[arg-type]  # read by MeetingOut's resolvers
        grow=[
            GrowNotes(mentorship_id=pair.pk, **notes)
            for pair, notes in grow_notes(meeting, readable_pairs(pairs, me))
        ],
        reflections=[ReflectionOut.from_orm(r) for r in visible_reflections(meeting, me)],
        my_private_note=mine.text if mine else None,
    )


@router.get("/goals", response=answers(list[GoalOut]))
@logged(Goal)
@paginate(LimitOffset)
def list_goals(request: HttpRequest, filters: Query[GoalFilter]) -> QuerySet[Goal]:
    """Goals of the reader's own pairs."""
    goals = filters.filter(goals_for(caller(request)))
    return goals.prefetch_related("progress").order_by("mentorship_id", "status", "due_on", "pk")


@router.get("/goals/{goal_id}", response=answers(GoalOut))
@logged(Goal)
def get_goal(request: HttpRequest, goal_id: Id) -> Goal:
    return access_goal(caller(request), goal_id)
