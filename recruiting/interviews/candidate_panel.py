"""The interviews panel of the candidate page (pipelines' page, a layer below): the
person's interviews, links to scheduling and decisions, and each application's feedback.
Contributed through the page slot "candidate.interviews" (core.slots)."""

from __future__ import annotations

from recruiting.core.slots import register_slot
from recruiting.interviews.models import Interview


@register_slot("candidate.interviews", order=10)
def interviews_panel(request, *, candidate, applications, reduced: bool):
    """`applications` are the rows the page shows (those `request.user` may see);
    interviewers (`reduced`) see only the interviews they are on. One query."""
    app_ids = [row["app"].pk for row in applications]
    interviews = Interview.objects.filter(application__in=app_ids).select_related("application__posting")
    if reduced:
        interviews = interviews.filter(panel__interviewer=request.user).distinct()
    context = {
        "candidate": candidate,
        "applications": applications,
        "reduced": reduced,
        "interviews": list(interviews.order_by("starts_at")),
    }
    return "interviews/_candidate_panel.html", context
