"""The reports, named once: their URL slug, title, who may open them and how they are built."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from recruiting.core.roles import ANY_ROLE, MANAGER_ROLES, Role
from recruiting.reports.filters import Scope
from recruiting.reports.queries.base import Result
from recruiting.reports.queries.funnel import funnel
from recruiting.reports.queries.hiring import time_to_hire
from recruiting.reports.queries.interviewers import interviewer_load
from recruiting.reports.queries.offers import offers
from recruiting.reports.queries.sources import sources
from recruiting.reports.queries.stages import time_in_stage


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    question: str  # what it answers, on the index
    roles: tuple[str, ...]
    build: Callable[[Scope, object], Result]


def own_load_only(user) -> bool:
    """Interviewers see their own line; recruiters and hiring managers the postings' panels."""
    return user.effective_role == Role.INTERVIEWER


REPORTS: dict[str, Report] = {
    r.slug: r
    for r in (
        Report(
            "funnel",
            "Funnel",
            "How many applications reach each stage, and where do people leave?",
            MANAGER_ROLES,
            lambda scope, user: funnel(scope),
        ),
        Report(
            "time-in-stage",
            "Time in stage",
            "How long do people wait in each stage, and who is over the limit now?",
            MANAGER_ROLES,
            lambda scope, user: time_in_stage(scope),
        ),
        Report(
            "time-to-hire",
            "Time to hire and fill",
            "How long from application (or posting) to hire, month by month?",
            MANAGER_ROLES,
            lambda scope, user: time_to_hire(scope),
        ),
        Report(
            "sources",
            "Sources",
            "Which sources bring interviews, offers and hires? Who refers people?",
            MANAGER_ROLES,
            lambda scope, user: sources(scope),
        ),
        Report(
            "interviewers",
            "Interviewer load",
            "How many interviews does each interviewer take, and are scorecards in on time?",
            ANY_ROLE,
            lambda scope, user: interviewer_load(scope, only_user=user if own_load_only(user) else None),
        ),
        Report(
            "offers",
            "Offers",
            "How many offers are sent, accepted and declined, and how fast do people answer?",
            MANAGER_ROLES,
            lambda scope, user: offers(scope),
        ),
    )
}


def reports_for(user) -> list[Report]:
    return [r for r in REPORTS.values() if user.has_role(*r.roles)]
