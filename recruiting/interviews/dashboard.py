"""Dashboard panels: interviewers see their upcoming interviews and pending scorecards;
recruiters and hiring managers see the team's upcoming interviews, by day."""

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
def team_upcoming_panel(user) -> dict | None:
    if not user.has_role(*MANAGER_ROLES):
        return None
    from recruiting.interviews.queries import by_day, team_upcoming_interviews

    return {
        "title": "Upcoming interviews",
        "template": "interviews/_panel_interviews.html",
        "days": by_day(team_upcoming_interviews(user)[:8]),
        "items": [],  # the template reads panel.items, which a dict without the key answers with .items()
        "empty": "No interviews booked.",
        "scorecards": False,
    }


@register_panel(29)
def reschedule_panel(user) -> dict | None:
    """Interviews hit by time off or a holiday, with one-click new times."""
    if not user.has_role(*MANAGER_ROLES):
        return None
    from datetime import datetime

    from recruiting.interviews.leave import open_proposals_for

    proposals = open_proposals_for(user)
    if not proposals:
        return None
    items = [
        {
            "proposal": p,
            "options": [{**o, "start": datetime.fromisoformat(o["start"])} for o in p.options],
        }
        for p in proposals
    ]
    return {
        "title": "Interviews to reschedule",
        "template": "interviews/_panel_reschedule.html",
        "proposals": items,
        "items": [],
    }
