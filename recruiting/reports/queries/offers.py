"""Offers: sent, accepted, declined (with reasons), acceptance rate and time to answer.

The offers app is not part of the portal yet; until it is, the report says so plainly
rather than showing zeros that look like figures."""

from __future__ import annotations

from django.apps import apps

from recruiting.reports.filters import Scope
from recruiting.reports.queries.base import Result

NOT_AVAILABLE = "Offers are not available yet: the portal does not record offers, so there is nothing to count."


def offers_available() -> bool:
    return apps.is_installed("recruiting.offers")


def offers(scope: Scope) -> Result:
    return Result(tables=[], chart=None, summary=NOT_AVAILABLE, notice=NOT_AVAILABLE)
