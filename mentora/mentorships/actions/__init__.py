"""Every write to a relationship goes through one of these functions; each owns its transaction."""

from mentora.mentorships.actions.agreements import (
    AgreementError,
    EditConflict,
    agreement_of,
    do_draft_agreement,
    do_edit_agreement,
    do_sign_agreement,
)
from mentora.mentorships.actions.goals import (
    do_add_action_item,
    do_mark_action_item,
    do_record_progress,
    do_set_goal,
    do_set_goal_status,
)
from mentora.mentorships.actions.meetings import (
    MeetingDetails,
    MeetingError,
    do_cancel_meeting,
    do_log_meeting,
    do_reflect,
    do_schedule_meeting,
    do_write_private_note,
    grow_notes,
    readable_pairs,
    visible_reflections,
)
from mentora.mentorships.actions.plans import (
    PlanError,
    do_review_plan,
    do_share_plan,
    do_start_plan,
    do_write_plan,
)
from mentora.mentorships.actions.setup import (
    ensure_agreement_template,
    ensure_competencies,
    ensure_plan_templates,
    ensure_topics,
)
from mentora.mentorships.actions.status import (
    StatusError,
    do_decline,
    do_end,
    do_resolve_rematch,
    rematch_requests,
)

__all__ = [
    "AgreementError",
    "EditConflict",
    "MeetingDetails",
    "MeetingError",
    "PlanError",
    "StatusError",
    "agreement_of",
    "do_add_action_item",
    "do_cancel_meeting",
    "do_decline",
    "do_draft_agreement",
    "do_edit_agreement",
    "do_end",
    "do_log_meeting",
    "do_mark_action_item",
    "do_record_progress",
    "do_reflect",
    "do_resolve_rematch",
    "do_review_plan",
    "do_schedule_meeting",
    "do_set_goal",
    "do_set_goal_status",
    "do_share_plan",
    "do_sign_agreement",
    "do_start_plan",
    "do_write_plan",
    "do_write_private_note",
    "ensure_agreement_template",
    "ensure_competencies",
    "ensure_plan_templates",
    "ensure_topics",
    "grow_notes",
    "readable_pairs",
    "rematch_requests",
    "visible_reflections",
]
