"""The words of the demo's coding projects: seed 002's narrative comments (its Table 4, the
mentees' and the mentors' answers to the end-of-year survey's open questions) and a focus group
of seed 004's near-peer mentors, written from the seed's themes.

A comment is (text, its codes as the lead coder reads them, the second coder's reading where it
differs). The readings differ where the seed itself hesitates: it lists "My mentor was
available..." under both the relationship and time.
"""

from __future__ import annotations

R, T, RT = "Mentoring relationship", "Time", "Resources and tools"
POS, NEG, MIX = "positive", "negative", "mixed"

Reading = tuple[tuple[str, str], ...]
Comment = tuple[str, Reading, Reading | None]

CODEBOOK_002 = [
    (R, "The mentor and the mentee: the match, contact, trust, what each brings.", "#1f77b4"),
    (
        T,
        "Time for meetings, follow-up and development; competing demands; accountability.",
        "#ff7f0e",
    ),
    (
        RT,
        "The program's tools: the IDP, the shared drive, task lists, training, guidance.",
        "#2ca02c",
    ),
]

# "What worked well?" of the first 17 mentees (the ones who agreed the program was a positive
# addition), in the order they were enrolled.
MENTEES_WORKED: list[Comment] = [
    (
        "My mentor is a friend, valuable to me as genuine input for my career path.",
        ((R, POS),),
        None,
    ),
    (
        "My mentor was available, respectful, engaged, and supportive.",
        ((R, POS), (T, POS)),
        ((R, POS),),
    ),
    ("I appreciated her support, insight, candor.", ((R, POS),), None),
    ("Good opportunity to talk with experienced mentor.", ((T, POS),), ((R, POS), (T, POS))),
    ("Provided accountability.", ((T, POS),), None),
    ("Helped me focus my attention on career goals.", ((T, POS),), ((RT, POS),)),
    (
        "My mentor's guidance has been invaluable. It helped me take my data off the ground, "
        "navigate the promotion maze and make a road map for career growth.",
        ((RT, POS),),
        ((RT, POS), (R, POS)),
    ),
    ("Filling out the IDP was helpful.", ((RT, POS),), None),
    ("Specific task lists and tracking my various activities was beneficial.", ((RT, POS),), None),
    (
        "This provided a set of tools to help organize my strategy, clarify congruence between my "
        "activities and my goals.",
        ((RT, POS),),
        None,
    ),
    (
        "Meeting every few months kept my scholarly project moving; my mentor read two drafts.",
        ((R, POS), (T, POS)),
        None,
    ),
    ("The IDP made me write down what I want from the next three years.", ((RT, POS),), None),
    (
        "My mentor introduced me to the education research group, and it changed my year.",
        ((R, POS),),
        None,
    ),
    ("Regular check-ins gave me a reason to set aside time for my own goals.", ((T, POS),), None),
    ("Supportive mentor, honest feedback on my promotion packet.", ((R, POS),), None),
    ("The boot camp and the IDP together gave me a plan.", ((RT, POS),), None),
    ("I liked having someone outside my clinic to think out loud with.", ((R, POS),), None),
]

# "What should change?": mentee (by enrolment index) -> comment. The last six mentees (17-22)
# did not find the program a positive addition.
MENTEES_CHANGE: dict[int, Comment] = {
    0: (
        "No time to attend events, so couldn't go; having protected faculty development time "
        "during the workday is important.",
        ((T, NEG),),
        None,
    ),
    3: (
        "The shared drive is difficult to navigate; so many folders, takes time and effort to "
        "navigate.",
        ((RT, NEG),),
        ((RT, NEG), (T, NEG)),
    ),
    7: ("I don't actually recall ever using the shared drive.", ((RT, NEG),), None),
    9: ("I was unaware of the shared drive resources.", ((RT, NEG),), None),
    12: ("Protected time would help; I squeezed our meetings into lunch.", ((T, NEG),), None),
    17: (
        "Having a mentor assigned that was not an ideal match clouded my perception of the "
        "program.",
        ((R, NEG),),
        None,
    ),
    18: ("I had no substantive contact with my mentor.", ((R, NEG), (T, NEG)), ((R, NEG),)),
    19: (
        "I needed a better matched mentor in the way of interests, teaching experiences.",
        ((R, NEG),),
        None,
    ),
    20: (
        "Time. There are so many demands on my and my mentor's time; impossible to actually "
        "follow up on goals.",
        ((T, NEG),),
        None,
    ),
    21: ("The IDP seemed to be busy work of little value.", ((RT, NEG),), None),
    22: ("I just have too much on my plate.", ((T, NEG),), None),
}

# The eight mentors: (what worked well, what should change).
MENTORS: list[tuple[Comment, Comment]] = [
    (
        (
            "I enjoyed my mentees; they are interesting, engaging people, "
            "meeting with them is fun.",
            ((R, POS),),
            None,
        ),
        ("Time is a barrier for both myself and my mentees.", ((T, NEG),), None),
    ),
    (
        (
            "I get a sense of professional fulfillment in helping a junior colleague "
            "develop ideas.",
            ((R, POS),),
            None,
        ),
        ("Not sure how to make it work when there is a forced pairing.", ((R, NEG),), None),
    ),
    (
        ("I enjoy the culture of mentoring.", ((R, POS),), None),
        ("Busy schedules for all; I struggled.", ((T, NEG),), None),
    ),
    (
        (
            "I valued the timely completion of assigned tasks, and shared responsibility "
            "for meetings and follow-up.",
            ((T, POS),),
            None,
        ),
        ("We did not have a great deal of shared interests, goals.", ((R, NEG),), None),
    ),
    (
        (
            "Our meetings led to career planning, discussing work/life balance, providing focus to "
            "their current efforts.",
            ((T, POS),),
            ((T, POS), (R, POS)),
        ),
        ("We need more time to meet, more time to devote to academic pursuits.", ((T, NEG),), None),
    ),
    (
        (
            "The IDP provides a formal task with clear expectations around which to frame our "
            "conversation.",
            ((RT, POS),),
            None,
        ),
        (
            "May want to allow people to choose a mentor based on existing relationships or "
            "interests.",
            ((R, NEG),),
            None,
        ),
    ),
    (
        (
            "The IDP is helpful but some content areas are more helpful than others.",
            ((RT, MIX),),
            None,
        ),
        (
            "I am not a big user of the shared drive; direct e-mail contact is much more "
            "natural for me.",
            ((RT, NEG),),
            None,
        ),
    ),
    (
        ("The IDP helps in getting to know people better.", ((RT, POS), (R, POS)), None),
        (
            "Shorten the IDP form into something that can be done over lunch. Additional guidance "
            "would be helpful, more feedback from mentoring experts.",
            ((RT, NEG),),
            None,
        ),
    ),
]

CODEBOOK_004 = [
    (
        "Socialisation into medical school",
        "Mentors pass on what they lived: the hidden curriculum, who to ask, how to study.",
        "#9467bd",
    ),
    ("Medical knowledge", "Teaching consolidates the mentor's own knowledge.", "#1f77b4"),
    ("Patient care and procedures", "Skills the mentor practised while showing them.", "#d62728"),
    (
        "Interpersonal and communication skills",
        "Listening, explaining, reading a student.",
        "#2ca02c",
    ),
    ("Professionalism", "Reliability, honesty about limits, being a role model.", "#8c564b"),
    ("Practice-based improvement", "Asking for feedback and changing what they did.", "#e377c2"),
    ("Systems-based practice", "Working within the program and the school's resources.", "#7f7f7f"),
]

FOCUS_GROUP_004 = """Facilitator: Thank you all for coming. Think back to last summer. What did \
being a near-peer mentor in the prematriculation program mean for you?
Mentor A: Mostly I told them what nobody told me: which office to email, that it is fine to \
ask for help in the first block, how to study when there is simply too much.
Mentor B: Same. A lot of them were the first in their family in medicine, like me, and they \
wanted to know the unwritten rules.
Facilitator: Did mentoring change anything for you?
Mentor C: Explaining the anatomy block again showed me what I had only memorised. I had to \
understand it to teach it.
Mentor A: In the skills lab I walked a student through venipuncture and corrected my own \
technique while I was doing it.
Mentor D: For me it was listening. One student kept saying she was fine, and I learned to \
ask the second question.
Facilitator: What about how you carried yourselves?
Mentor B: I kept every meeting, and I said when I did not know an answer. They notice what a \
future colleague does.
Mentor C: After two weeks we asked our mentees what helped in the study sessions, and we \
changed the format halfway through the summer.
Mentor D: We also learned who in the school to send them to, the learning specialist and the \
Native American center, instead of trying to solve everything ourselves.
Facilitator: Anything you would change?
Mentor A: More time with them in the second month. By then we were back in our own courses.
"""

# (the words coded, the code, the valence), each found in the transcript.
FOCUS_GROUP_CODINGS = [
    (
        "Mostly I told them what nobody told me: which office to email, that it is fine to ask for "
        "help in the first block, how to study when there is simply too much.",
        "Socialisation into medical school",
        POS,
    ),
    ("they wanted to know the unwritten rules", "Socialisation into medical school", POS),
    (
        "Explaining the anatomy block again showed me what I had only memorised. I had to "
        "understand it to teach it.",
        "Medical knowledge",
        POS,
    ),
    (
        "In the skills lab I walked a student through venipuncture and corrected my own technique "
        "while I was doing it.",
        "Patient care and procedures",
        POS,
    ),
    (
        "One student kept saying she was fine, and I learned to ask the second question.",
        "Interpersonal and communication skills",
        POS,
    ),
    ("I kept every meeting, and I said when I did not know an answer.", "Professionalism", POS),
    (
        "we asked our mentees what helped in the study sessions, and we changed the format halfway "
        "through the summer",
        "Practice-based improvement",
        POS,
    ),
    (
        "who in the school to send them to, the learning specialist and the Native American center",
        "Systems-based practice",
        POS,
    ),
    (
        "More time with them in the second month. By then we were back in our own courses.",
        "Professionalism",
        MIX,
    ),
]
