"""Direct observation (mini-CEX) and procedure logs: what a mentor saw a learner do.

The data flows one way: feedback reads mentorships (an observation belongs to a relationship,
a procedure may count toward one of its goals); mentorships never imports feedback. What
mentorships shows from here (the checklist's Observe step, a goal's count) it asks through the
sources registered in `mentora.mentorships.sources` when this app is ready.

The observer is the learner's mentor in that relationship: one person who already sees the
pair's content. A program may keep its feedback formative only and names its summative
assessors (`firewall`); it maps mini-CEX domains and procedures to competency items
(`mapping`). A mentor's dossier (`dossier`) sums up what they gave, for a promotion file.
"""
