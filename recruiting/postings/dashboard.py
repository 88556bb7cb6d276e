"""Dashboard panels for posting owners and recruiters."""

from __future__ import annotations

from recruiting.core.dashboard import register_panel
from recruiting.postings.models import Posting, active_application_counts

PANEL_SIZE = 8


def _with_counts(postings: list[Posting]) -> list[Posting]:
    counts = active_application_counts(p.pk for p in postings)
    for posting in postings:
        posting.active_count = counts.get(posting.pk, 0)
    return postings


@register_panel(10)
def my_postings(user) -> dict | None:
    """Hiring managers: the postings they own or share, not yet closed."""
    if not user.is_hiring_manager:
        return None
    postings = list(
        Posting.objects.visible_to(user)
        .for_lists()
        .exclude(status=Posting.Status.CLOSED)
        .order_by("-created_at")[:PANEL_SIZE]
    )
    return {
        "title": "My postings",
        "template": "postings/_panel.html",
        "postings": _with_counts(postings),
        "show_status": True,
        "empty": "You have no open or draft postings.",
    }


@register_panel(10)
def open_postings(user) -> dict | None:
    """Recruiters and admins: every open posting with its active applications."""
    if not (user.is_recruiter or user.is_admin):
        return None
    postings = list(Posting.objects.visible_to(user).for_lists().published().order_by("-opened_at")[:PANEL_SIZE])
    return {
        "title": "Open postings",
        "template": "postings/_panel.html",
        "postings": _with_counts(postings),
        "show_owner": True,
        "empty": "No postings are open.",
    }
