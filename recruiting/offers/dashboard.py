"""Dashboard panels: approvals waiting for me; filled postings asking about the rest."""

from __future__ import annotations

from recruiting.core.dashboard import register_panel


@register_panel(20)
def approvals_panel(user) -> dict | None:
    from recruiting.offers.services import pending_approvals_for

    if user.is_interviewer or not (user.is_offer_approver or user.has_role("hiring_manager")):
        return None
    items = pending_approvals_for(user)
    if not items and not user.is_offer_approver:
        return None
    return {
        "title": "Offers to approve",
        "template": "offers/_panel_approvals.html",
        "items": items,
        "empty": "No offer is waiting for you.",
    }


@register_panel(21)
def filled_postings_panel(user) -> dict | None:
    if not user.has_role("hiring_manager"):
        return None
    from recruiting.offers.models import PostingFill
    from recruiting.postings.models import Posting

    fills = list(
        PostingFill.objects.filter(
            resolved_at__isnull=True, posting__in=Posting.objects.manageable_by(user).values("pk")
        ).select_related("posting")[:5]
    )
    if not fills:
        return None
    return {"title": "Filled postings", "template": "offers/_panel_filled.html", "items": fills}
