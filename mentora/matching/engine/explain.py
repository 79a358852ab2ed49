"""A pair's score in words, one phrase per component that counted."""

from __future__ import annotations

from .model import Mentee, Mentor

NOTICEABLE = 0.05  # points; a trace of shared goal words is not worth a phrase


def explain_pair(mentee: Mentee, mentor: Mentor, components: dict[str, float],
                 fixed: str = "") -> str:
    """E.g. "both interested in cardiology; shared interest in medical education"."""
    phrases = [fixed] if fixed else []
    for name, points in components.items():
        if points >= NOTICEABLE:
            phrases.append(_phrase(name, mentee, mentor, points))
    if not phrases:
        return "eligible, but they share nothing the program scores"
    return "; ".join(phrases)


def _phrase(name: str, mentee: Mentee, mentor: Mentor, points: float) -> str:
    if name == "specialty":
        return f"both interested in {mentee.specialty.strip()}"
    if name == "interests":
        return f"shared interest in {_shared_interests(mentee, mentor)}"
    if name == "communication":
        return f"same communication style ({mentee.communication_style.strip()})"
    if name == "requested":
        place = list(mentee.requested).index(mentor.id) + 1 if mentor.id in mentee.requested else 0
        return "the mentee asked for this mentor" + (f" (choice {place})" if place > 1 else "")
    if name == "affinity":
        shared = [a for a in ("gender", "background") if a in mentee.affinity
                  and getattr(mentee, a).strip().lower() == getattr(mentor, a).strip().lower()]
        return f"same {' and '.join(shared)}, as the mentee asked"
    if name == "site":
        return f"same site ({mentee.site.strip()})"
    return _FIXED_PHRASES.get(name, f"{name}: {points:.2f} points")


_FIXED_PHRASES = {
    "goals": "similar goals",
    "mentor_requested": "the mentor asked for this mentee",
    "existing": "they already work together",
    "given": "score from the uploaded candidates",
}


def _shared_interests(mentee: Mentee, mentor: Mentor) -> str:
    theirs = {i.strip().lower() for i in mentor.interests}
    shared = [i.strip() for i in mentee.interests if i.strip().lower() in theirs]
    if len(shared) <= 1:
        return "".join(shared)
    return ", ".join(shared[:-1]) + " and " + shared[-1]
