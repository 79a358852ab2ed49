"""Direct observation (mini-CEX) and procedure logs: what a mentor saw a learner do.

The data flows one way: feedback reads mentorships (an observation belongs to a relationship,
a procedure may count toward one of its goals); mentorships never imports feedback. What
mentorships shows from here (the checklist's Observe step, a goal's count) it asks through the
sources registered in `mentora.mentorships.sources` when this app is ready.

The observer is the learner's mentor in that relationship: one person who already sees the
pair's content, so no new designation is needed yet (a program's named supervisors and
summative assessors come with issue 14's firewall).
"""
