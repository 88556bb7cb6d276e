"""Writes on interviews: availability, plans, booking (atomic, double booking refused by
PostgreSQL), reschedule/cancel with iCalendar e-mails, self-scheduling links, scorecards
and decisions. Views and tasks call these; they never repeat them. One module per
concern; every public name is importable from here."""

from __future__ import annotations

from recruiting.interviews.services.availability import (
    availability_window_delete,
    availability_window_save,
    interviewer_settings_get,
    interviewer_settings_update,
    time_off_add,
    time_off_delete,
)
from recruiting.interviews.services.booking import (
    check_panel,
    interview_book,
    interview_cancel,
    interview_reschedule,
    when_label,
)
from recruiting.interviews.services.common import (
    DEFAULT_LINK_VALIDITY,
    LINK_SALT,
    AvailabilityRefused,
    InvalidPanel,
    LinkError,
    PlanRefused,
    SchedulingError,
    ScorecardIncomplete,
    ScorecardTooEarly,
    SlotNotOffered,
    SlotTaken,
    actor_or_none,
)
from recruiting.interviews.services.decisions import (
    application_decide,
    decision_stages,
)
from recruiting.interviews.services.links import (
    scheduling_link_book,
    scheduling_link_create,
    scheduling_link_resolve,
    scheduling_link_token,
    scheduling_link_url,
)
from recruiting.interviews.services.plans import (
    criterion_add,
    criterion_delete,
    criterion_update,
    default_criteria_for,
    round_create,
    round_delete,
    round_update,
)
from recruiting.interviews.services.scorecards import (
    RECOMMENDATION_POINTS,
    application_rating_average,
    scorecard_save,
    scorecard_score,
)

__all__ = [
    "AvailabilityRefused",
    "DEFAULT_LINK_VALIDITY",
    "InvalidPanel",
    "LINK_SALT",
    "LinkError",
    "PlanRefused",
    "RECOMMENDATION_POINTS",
    "SchedulingError",
    "ScorecardIncomplete",
    "ScorecardTooEarly",
    "SlotNotOffered",
    "SlotTaken",
    "actor_or_none",
    "application_decide",
    "application_rating_average",
    "availability_window_delete",
    "availability_window_save",
    "check_panel",
    "criterion_add",
    "criterion_delete",
    "criterion_update",
    "decision_stages",
    "default_criteria_for",
    "interview_book",
    "interview_cancel",
    "interview_reschedule",
    "interviewer_settings_get",
    "interviewer_settings_update",
    "round_create",
    "round_delete",
    "round_update",
    "scheduling_link_book",
    "scheduling_link_create",
    "scheduling_link_resolve",
    "scheduling_link_token",
    "scheduling_link_url",
    "scorecard_save",
    "scorecard_score",
    "time_off_add",
    "time_off_delete",
    "when_label",
]
