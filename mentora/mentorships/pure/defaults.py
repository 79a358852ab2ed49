"""What a new program starts with, taken from the seeds: topics, agreement, IDP templates,
competencies. Programs may edit their own copies; these are only the starting text.
"""

from __future__ import annotations

# Seed 000 ("career advice and personal development were most often discussed") and seed 001.
TOPICS = (
    "Career advice",
    "Personal development",
    "Specialty choice",
    "Research and scholarship",
    "Clinical skills",
    "Work-life balance",
    "Wellness and burnout",
    "Promotion",
    "Networking",
    "Residency applications",
)
# Seed 001: "Set scope, frequency, confidentiality, and boundaries in a written agreement."
AGREEMENT_SECTIONS = (
    ("goals_summary", "Goals for this year"),
    ("meeting_frequency", "How often we meet"),
    ("scope", "Scope: what this mentorship covers"),
    ("confidentiality", "Confidentiality"),
    ("boundaries", "Boundaries"),
    ("channels", "Preferred channels"),
)
AGREEMENT_TEMPLATE = {
    "goals_summary": "The mentee's main goals for the year, in a sentence or two each.",
    "meeting_frequency": "We meet at least {meetings} times this year, for 30 to 60 minutes, "
    "and put the next meeting in our calendars before we part.",
    "scope": "Career advice, clinical skills and personal development. Formal evaluation of "
    "the mentee is outside this mentorship.",
    "confidentiality": "What we discuss stays between us, unless someone's safety is at risk. "
    "The program sees only whether we met and which steps are done, never our notes.",
    "boundaries": "Either of us may end the mentorship at any time, without blame, by telling "
    "the other and the program.",
    "channels": "Email for scheduling; a page or text only for anything urgent.",
}

# Seed 002: "IDPs prompted mentees to articulate goals, self-assess work values and skills,
# define scholarly interests, and identify professional challenges and support needs."
IDP_FULL = (
    ("vision", "Where I want to be in 5 to 7 years"),
    ("goals", "My goals for this year"),
    ("work_values", "Self-assessment: my work values"),
    ("skills", "Self-assessment: my skills (strengths and gaps)"),
    ("time_by_role", "How I spend my time across roles (clinical, teaching, scholarship)"),
    ("scholarly_interests", "My scholarly interests"),
    ("challenges", "Professional challenges"),
    ("support_needs", "Support I need (from my mentor, division, resources)"),
    ("accomplishments", "Accomplishments this year (for the annual review)"),
)
# "Shorten the IDP form into something that can be done over lunch."
IDP_LUNCH = (
    ("goals", "My three goals for this year"),
    ("scholarly_interests", "My scholarly focus"),
    ("challenges", "What is in my way"),
    ("support_needs", "What would help"),
)

ACGME_COMPETENCIES = (
    ("PC", "Patient care"),
    ("MK", "Medical knowledge"),
    ("PBLI", "Practice-based learning and improvement"),
    ("ICS", "Interpersonal and communication skills"),
    ("PROF", "Professionalism"),
    ("SBP", "Systems-based practice"),
)
AAMC_CORE_EPAS = (
    ("EPA1", "Gather a history and perform a physical examination"),
    ("EPA2", "Prioritize a differential diagnosis following a clinical encounter"),
    ("EPA3", "Recommend and interpret common diagnostic and screening tests"),
    ("EPA4", "Enter and discuss orders and prescriptions"),
    ("EPA5", "Document a clinical encounter in the patient record"),
    ("EPA6", "Provide an oral presentation of a clinical encounter"),
    ("EPA7", "Form clinical questions and retrieve evidence to advance patient care"),
    ("EPA8", "Give or receive a patient handover to transition care responsibility"),
    ("EPA9", "Collaborate as a member of an interprofessional team"),
    ("EPA10", "Recognize a patient requiring urgent or emergent care and initiate evaluation"),
    ("EPA11", "Obtain informed consent for tests and/or procedures"),
    ("EPA12", "Perform general procedures of a physician"),
    ("EPA13", "Identify system failures and contribute to a culture of safety"),
)

# The site-wide frameworks a new database starts with (name, items), in their order.
SITE_FRAMEWORKS = (
    ("ACGME core competencies", ACGME_COMPETENCIES),
    ("AAMC Core EPAs", AAMC_CORE_EPAS),
)
