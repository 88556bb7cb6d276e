"""Dashboard panels: interviewers see their upcoming interviews and pending scorecards;
recruiters and hiring managers see the upcoming interviews of their postings."""

from __future__ import annotations

from recruiting.core.dashboard import register_panel
from recruiting.core.roles import MANAGER_ROLES


@register_panel(30)
def upcoming_panel(user) -> dict | None:
    from recruiting.interviews.queries import upcoming_interviews

    items = list(upcoming_interviews(user)[:5])
    if not items and not user.is_interviewer:
        return None
    return {
        "title": "My upcoming interviews",
        "template": "interviews/_panel_interviews.html",
        "items": items,
        "empty": "No interviews booked for you.",
        "scorecards": False,
    }


@register_panel(31)
def pending_scorecards_panel(user) -> dict | None:
    from recruiting.interviews.queries import pending_scorecards

    items = list(pending_scorecards(user)[:5])
    if not items and not user.is_interviewer:
        return None
    return {
        "title": "Scorecards to write",
        "template": "interviews/_panel_interviews.html",
        "items": items,
        "empty": "All your scorecards are in.",
        "scorecards": True,
    }


@register_panel(32)
def upcoming_on_postings_panel(user) -> dict | None:
    # "This week" said "No interviews this week" on a Friday with six booked for Monday.
    if not user.has_role(*MANAGER_ROLES):
        return None
    from recruiting.interviews.queries import upcoming_on_postings

    return {
        "title": "Upcoming interviews",
        "template": "interviews/_panel_interviews.html",
        "items": list(upcoming_on_postings(user)[:8]),
        "empty": "No interviews booked on your postings.",
        "scorecards": False,
    }
