"""The interviews panel of the candidate page (pipelines' page, a layer below): the
person's interviews, links to scheduling and decisions, and each application's feedback.
Contributed through the page slot "candidate.interviews" (core.slots)."""

from __future__ import annotations

from django.db.models import Q

from recruiting.core.slots import register_slot
from recruiting.interviews.blind import hides_name_from
from recruiting.interviews.models import Interview, Scorecard


@register_slot("candidate.interviews", order=10)
def interviews_panel(request, *, candidate, applications, reduced: bool):
    """`applications` are the rows the page shows (those `request.user` may see);
    interviewers (`reduced`) see only the interviews they are on. Two queries: the
    interviews, and which applications have a scorecard this viewer may be shown (a
    submitted one, or their own) so the page loads feedback only for those and says
    "no scorecards yet" once, not once per application."""
    app_ids = [row["app"].pk for row in applications]
    interviews = Interview.objects.filter(application__in=app_ids).select_related("application__posting")
    if reduced:
        interviews = interviews.filter(panel__interviewer=request.user).distinct()
    with_cards = set(
        Scorecard.objects.filter(interview__application__in=app_ids)
        .filter(Q(status=Scorecard.Status.SUBMITTED) | Q(interviewer=request.user))
        .values_list("interview__application_id", flat=True)
        .distinct()
    )
    # Blind CV review: the interviewer's way to the CV is the redacted one.
    redacted = {row["app"].pk for row in applications if reduced and hides_name_from(request.user, row["app"])}
    context = {
        "with_cards": with_cards,
        "redacted": redacted,
        "candidate": candidate,
        "applications": applications,
        "reduced": reduced,
        "interviews": list(interviews.order_by("starts_at")),
    }
    return "interviews/_candidate_panel.html", context
