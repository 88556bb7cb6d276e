"""The offer's business rules that need no database: the band check, the approval
threshold, the joining date and what changed between two revisions. Pure, so the
services and the form use the same code and the tests need no rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from recruiting.core.money import format_band, format_money
from recruiting.core.workdays import is_working_day

# A band quoted per month is twelve months of pay; an hourly band cannot be compared
# with a yearly salary and is left out of the check.
_YEARLY = {"year": Decimal(1), "month": Decimal(12)}


@dataclass(frozen=True)
class Band:
    low: Decimal | None
    high: Decimal | None
    currency: str = "INR"
    period: str = "year"

    @classmethod
    def of(cls, posting) -> Band:
        return cls(posting.pay_min, posting.pay_max, posting.pay_currency or "INR", posting.pay_period or "year")

    @property
    def comparable(self) -> bool:
        return self.currency.upper() == "INR" and self.period in _YEARLY and (self.low or self.high) is not None

    def yearly(self, value: Decimal | None) -> Decimal | None:
        return None if value is None else value * _YEARLY[self.period]

    @property
    def label(self) -> str:
        return format_band(self.low, self.high, self.currency, self.period)


def band_position(fixed_pay: Decimal, band: Band) -> str:
    """ "below", "within", "above" the band, or "unknown" (no band, or not comparable)."""
    if not band.comparable:
        return "unknown"
    low, high = band.yearly(band.low), band.yearly(band.high)
    if high is not None and fixed_pay > high:
        return "above"
    if low is not None and fixed_pay < low:
        return "below"
    return "within"


def approval_reasons(*, fixed_pay: Decimal, total_ctc: Decimal, band: Band, threshold: Decimal) -> list[str]:
    """Why an offer needs approvals (empty: the hiring manager may send it as it is)."""
    reasons = []
    if band_position(fixed_pay, band) == "above":
        reasons.append(f"Fixed pay {format_money(fixed_pay, 'INR')} is above the band ({band.label}).")
    if total_ctc > threshold:
        reasons.append(
            f"Total CTC {format_money(total_ctc, 'INR')} is above the approval threshold "
            f"{format_money(threshold, 'INR')}."
        )
    return reasons


def earliest_joining(today: date, notice_days: int | None) -> date:
    """The first day the candidate can join after serving their stated notice period."""
    return today + timedelta(days=notice_days or 0)


def joining_problems(
    *, joining_date: date, expires_on: date, today: date, notice_days: int | None, early_reason: str, holidays
) -> dict[str, str]:
    """Field → message for a joining date or expiry the rules refuse."""
    problems: dict[str, str] = {}
    if joining_date <= today:
        problems["joining_date"] = "The joining date must be after today."
    elif not is_working_day(joining_date, holidays):
        problems["joining_date"] = f"{joining_date:%a %d %b %Y} is not a working day (weekend or holiday)."
    elif joining_date < earliest_joining(today, notice_days) and not early_reason.strip():
        problems["early_joining_reason"] = (
            f"The candidate's notice period is {notice_days} days (earliest "
            f"{earliest_joining(today, notice_days):%d %b %Y}); give a reason for an earlier joining date."
        )
    if expires_on < today:
        problems["expires_on"] = "The offer cannot expire in the past."
    elif expires_on > joining_date:
        problems["expires_on"] = "The offer must expire on or before the joining date."
    return problems


def _shown(value) -> str:
    if isinstance(value, Decimal):
        return format_money(value, "INR")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def revision_changes(before: dict | None, after: dict) -> dict[str, list[str]]:
    """{field: [old, new]} for the fields that differ, as text for the history."""
    if before is None:
        return {}
    return {
        name: [_shown(before.get(name)), _shown(value)] for name, value in after.items() if before.get(name) != value
    }
