"""What the interview services share: their domain errors and small helpers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

LINK_SALT = "recruiting.interviews.scheduling-link"
DEFAULT_LINK_VALIDITY = timedelta(days=7)


class SchedulingError(Exception):
    """A booking request that cannot be honoured; the message is for the person."""


class SlotTaken(SchedulingError):
    def __init__(self, message: str = "That slot was just taken. Please pick one of the fresh proposals below."):
        super().__init__(message)


class SlotNotOffered(SchedulingError):
    """A time nobody offered (a weekend, the year 9999, off the 15-minute grid), as
    opposed to SlotTaken: a time that was offered and has gone since."""

    def __init__(self, message: str = "That time is not one of the offered slots. Please pick one of the times below."):
        super().__init__(message)


class InvalidPanel(SchedulingError):
    pass


class LinkError(Exception):
    """A self-scheduling link that cannot be used; `status` is the HTTP status to answer."""

    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


class ScorecardIncomplete(Exception):
    pass


class ScorecardTooEarly(ScorecardIncomplete):
    """A scorecard submitted before its interview started (drafts are fine)."""


class AvailabilityRefused(ValueError):
    """A window, time off or setting the rules refuse (forms catch these first)."""


class PlanRefused(ValueError):
    """A change to an interview plan (rounds, criteria) the rules refuse."""


def actor_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
