"""Dashboard panels of the pipelines app."""

from __future__ import annotations

from recruiting.core.dashboard import register_panel
from recruiting.core.roles import MANAGER_ROLES
from recruiting.pipelines.models import Application


@register_panel(20)
def recently_applied(user) -> dict | None:
    """Recruiters and hiring managers: the five latest applications they may see (one query)."""
    if not user.has_role(*MANAGER_ROLES):
        return None
    latest = list(
        Application.objects.visible_to(user)
        .filter(candidate__merged_into__isnull=True)
        .select_related("candidate", "posting", "stage")
        .order_by("-created_at", "-pk")[:5]
    )
    return {"title": "Recently applied", "template": "pipelines/_panel_recent.html", "applications": latest}
