"""Pages of a relationship, one module per area: the pair, meetings, goals, agreement, plans,
calendar, and the coordinator's cohort view. Views parse, call an action, render."""
