"""What the interviews app adds to pages of the apps below it (core.slots)."""

from __future__ import annotations

from recruiting.core.slots import register_slot


@register_slot("application.actions", order=30)
def schedule_action(request, *, application):
    """Next to move and reject on the candidate page: schedule an interview for this
    application (the scheduling page checks who is asking, as every page does)."""
    if application.state != "active":
        return None
    return "interviews/_schedule_action.html", {"application": application}
