"""Relationships: agreements, development plans, SMART and GROW goals, meetings, the MENTOR
checklist and process measures.

Public functions for other parts of Mentora:

- `mentora.mentorships.actions.rematch_requests(cohort)`: open re-match requests (matching);
  `do_resolve_rematch(request, now)` once a new mentor is published.
- `mentora.mentorships.progress.meeting_log(cohort)`: held meetings as
  (mentorship_id, on, topics, mentee_ids) rows (evaluation).
- `mentora.mentorships.progress.cohort_summary(cohort, today)` and `measures_for(pairs, today)`:
  process measures and MENTOR checklists, counts and states only.
- `mentora.mentorships.pure`: the checklist and measures on plain data, no Django.
"""
