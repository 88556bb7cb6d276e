"""Offer terms the rules accept (override what a test is about), shared with the sweeps."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from recruiting.core.workdays import is_working_day
from recruiting.interviews.scheduling import holidays_for

WITHIN_BAND = Decimal("2500000.00")
ABOVE_BAND = Decimal("4000000.00")


def working_day_after(days: int):
    day = timezone.localdate() + timedelta(days=days)
    holidays = holidays_for({day.year, day.year + 1})
    while not is_working_day(day, holidays):
        day += timedelta(days=1)
    return day


def make_terms(**overrides) -> dict:
    terms = {
        "title": "Lead Backend Engineer",
        "level": "L5",
        "fixed_pay": WITHIN_BAND,
        "variable_pay": Decimal("300000.00"),
        "joining_bonus": Decimal("0.00"),
        "relocation": Decimal("0.00"),
        "equity_units": 0,
        "equity_vesting": "",
        "work_location": "Chennai",
        "workplace_type": "hybrid",
        "reporting_manager": "Hari Manager",
        "joining_date": working_day_after(30),
        "early_joining_reason": "",
        "expires_on": timezone.localdate() + timedelta(days=7),
        "note_to_candidate": "",
    }
    terms.update(overrides)
    return terms
