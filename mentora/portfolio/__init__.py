"""The learning portfolio: what a learner shows of their training, for a residency application.

It gathers, for one learner, the goals they achieved, their confirmed procedures counted by
level, their mini-CEX domains over time (a chart drawn with matplotlib) and the observations and
reflections they chose to put in, and writes it as DOCX or PDF. The learner chooses what goes in
(`do_choose_portfolio`); nobody else opens or downloads it.

It comes last in the feedback part's flow: it reads feedback and mentorships, and nothing reads
it. `gather` collects the data into plain values (`Portfolio`); `word` and `pdf` lay those out;
`pure` holds the tables and the chart, which import no Django.
"""
