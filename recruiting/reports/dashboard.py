"""The dashboard strip: the three or four figures that matter to each role, each linking
to the report that explains it."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from recruiting.core.dashboard import register_panel
from recruiting.core.roles import MANAGER_ROLES


def _manager_figures(user) -> list[dict]:
    from recruiting.interviews.models import Interview
    from recruiting.pipelines.models import Application
    from recruiting.postings.models import Posting

    now = timezone.now()
    month_start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    postings = Posting.objects.visible_to(user)
    applications = Application.objects.filter(posting__in=postings.values("pk"))
    counts = applications.aggregate(
        active=Count("pk", filter=Q(state=Application.State.ACTIVE)),
        hired=Count("pk", filter=Q(state=Application.State.HIRED, stage_entered_at__gte=month_start)),
    )
    upcoming = Interview.objects.filter(
        application__in=applications.values("pk"),
        status=Interview.Status.SCHEDULED,
        starts_at__gte=now,
        starts_at__lt=now + timedelta(days=7),
    ).count()
    return [
        {
            "label": "Open postings",
            "value": postings.filter(status=Posting.Status.OPEN).count(),
            "url": reverse("postings:list"),
        },
        {"label": "Active applications", "value": counts["active"], "url": reverse("reports:funnel")},
        {"label": "Interviews in the next 7 days", "value": upcoming, "url": reverse("interviews:home")},
        {"label": "Hired this month", "value": counts["hired"], "url": reverse("reports:time-to-hire")},
    ]


def _interviewer_figures(user) -> list[dict]:
    from recruiting.interviews.models import Interview
    from recruiting.interviews.queries import pending_scorecards, upcoming_interviews

    now = timezone.now()
    month_start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return [
        {
            "label": "Interviews in the next 7 days",
            "value": upcoming_interviews(user, now).filter(starts_at__lt=now + timedelta(days=7)).count(),
            "url": reverse("interviews:home"),
        },
        {
            "label": "Scorecards to write",
            "value": pending_scorecards(user, now).count(),
            "url": reverse("interviews:home"),
        },
        {
            "label": "Interviews this month",
            "value": Interview.objects.filter(
                panel__interviewer=user, panel__active=True, starts_at__gte=month_start, starts_at__lt=now
            )
            .exclude(status=Interview.Status.CANCELLED)
            .count(),
            "url": reverse("reports:interviewers"),
        },
    ]


@register_panel(5)
def figures_strip(user) -> dict | None:
    if user.has_role(*MANAGER_ROLES):
        figures = _manager_figures(user)
    elif user.is_interviewer:
        figures = _interviewer_figures(user)
    else:
        return None
    return {"title": "At a glance", "template": "reports/_panel_strip.html", "figures": figures, "wide": True}
