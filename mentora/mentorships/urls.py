from django.urls import path

from mentora.mentorships.views import (
    agreements,
    calendar,
    cohort,
    competencies,
    goals,
    meetings,
    plans,
    relationship,
    sponsorship,
)

urlpatterns = [
    path("mentorships/<int:mentorship_id>/", relationship.mentorship, name="mentorship"),
    path("mentorships/<int:mentorship_id>/decline/", relationship.decline, name="decline"),
    path("mentorships/<int:mentorship_id>/end/", relationship.end, name="end_mentorship"),
    path(
        "mentorships/<int:mentorship_id>/meetings/log/", meetings.log_meeting, name="log_meeting"
    ),
    path(
        "mentorships/<int:mentorship_id>/meetings/schedule/",
        meetings.schedule_meeting,
        name="schedule_meeting",
    ),
    path("meetings/<int:meeting_id>/", meetings.meeting, name="meeting"),
    path("meetings/<int:meeting_id>/held/", meetings.mark_held, name="meeting_held"),
    path("meetings/<int:meeting_id>/reflection/", meetings.reflect, name="meeting_reflect"),
    path("meetings/<int:meeting_id>/private-note/", meetings.private_note, name="private_note"),
    path("meetings/<int:meeting_id>/cancel/", meetings.cancel, name="meeting_cancel"),
    path("meetings/<int:meeting_id>/meeting.ics", meetings.meeting_download, name="meeting_ics"),
    path("mentorships/<int:mentorship_id>/goals/new/", goals.new_goal, name="new_goal"),
    path("goals/<int:goal_id>/", goals.goal, name="goal"),
    path("mentorships/<int:mentorship_id>/growth/", competencies.mentor_growth,
         name="mentor_growth"),
    path("programs/<int:program_id>/competencies/", competencies.program_competencies,
         name="program_competencies"),
    path("goals/<int:goal_id>/edit/", goals.edit_goal, name="edit_goal"),
    path("goals/<int:goal_id>/progress/", goals.record_progress, name="goal_progress"),
    path("goals/<int:goal_id>/status/", goals.goal_status, name="goal_status"),
    path(
        "mentorships/<int:mentorship_id>/action-items/",
        goals.add_action_item,
        name="add_action_item",
    ),
    path(
        "action-items/<int:item_id>/toggle/", goals.toggle_action_item, name="toggle_action_item"
    ),
    path("mentorships/<int:mentorship_id>/agreement/", agreements.agreement, name="agreement"),
    path("mentorships/<int:mentorship_id>/agreement/sign/", agreements.sign, name="sign"),
    path("mentorships/<int:mentorship_id>/plan/", plans.start_plan, name="start_plan"),
    path("plans/<int:plan_id>/", plans.plan, name="plan"),
    path("plans/<int:plan_id>/share/", plans.share_plan, name="share_plan"),
    path("plans/<int:plan_id>/review/", plans.review_plan, name="review_plan"),
    path("plans/<int:plan_id>/export.<str:fmt>", plans.plan_export, name="plan_export"),
    path("calendar/", calendar.calendar, name="calendar"),
    path("calendar/reset/", calendar.reset_calendar, name="reset_calendar"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path(
        "cohorts/<int:cohort_id>/relationships/",
        cohort.cohort_relationships,
        name="cohort_relationships",
    ),
    path("sponsorship/", sponsorship.my_sponsorship, name="sponsorship"),
    path("cohorts/<int:cohort_id>/sponsorship/", sponsorship.cohort_sponsorship,
         name="cohort_sponsorship"),
    path("guidance/mentee/", sponsorship.menteeship, name="menteeship"),
]
