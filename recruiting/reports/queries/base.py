"""What every report query shares: the result shape, the application scope as SQL, the
working-day calendar, and running the SQL.

Reports are read-only and aggregate in PostgreSQL: one statement per table, grouped
there, so 100 applications and 100,000 cost the same number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import connection
from django.utils import timezone

from recruiting.pipelines.board import holidays_since
from recruiting.reports.filters import Scope


@dataclass
class Column:
    label: str
    kind: str = "text"  # text | int | num | pct | date


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list]
    caption: str = ""

    @property
    def header(self) -> list[str]:
        return [c.label for c in self.columns]


@dataclass
class Bar:
    label: str
    value: float | None
    secondary: float | None = None  # a marker (the cap, the 90th percentile)
    note: str = ""


@dataclass
class Chart:
    kind: str  # "bars" (horizontal) | "line"
    title: str
    bars: list[Bar] = field(default_factory=list)
    unit: str = ""
    secondary_label: str = ""


@dataclass
class Result:
    tables: list[Table]
    chart: Chart | None = None
    summary: str = ""  # one sentence: the chart's text alternative
    notice: str = ""  # "Offers are not available yet", "No data in this range"


def fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def app_filter(scope: Scope, alias: str = "a", *, created: bool = True) -> tuple[str, list]:
    """WHERE conditions choosing the scope's applications (`alias` is pipelines_application)."""
    clauses, params = ["TRUE"], []
    if scope.posting_ids is not None:
        clauses.append(f"{alias}.posting_id = ANY(%s)")
        params.append(scope.posting_ids)
    if scope.source:
        clauses.append(f"{alias}.source = %s")
        params.append(scope.source)
    if created:
        clauses.append(f"{alias}.created_at >= %s AND {alias}.created_at < %s")
        params += [scope.start, scope.end]
    return " AND ".join(clauses), params


def local_date(column: str) -> str:
    """The IST (settings.TIME_ZONE) calendar day of a timestamptz column, in SQL."""
    return f"(({column}) AT TIME ZONE %s)::date"


def tz() -> str:
    return settings.TIME_ZONE


def working_day_holidays(today: date | None = None, years_back: int = 4) -> list[date]:
    """The holidays the stage limits count (pipelines.board.holidays_since), weekdays only."""
    today = today or timezone.localdate()
    return sorted(d for d in holidays_since(today.year - years_back, today) if d.weekday() < 5)


# Working days in SQL, counted as core.workdays.working_days_between counts them: the
# Monday-to-Friday days up to a date in closed form (1900-01-01 was a Monday), less the
# weekday holidays up to it, found by binary search in the sorted holiday array
# (width_bucket). The working days in (a, b] are workdays_through(b) - workdays_through(a).
def workdays_through(day_sql: str) -> str:
    """SQL for the working days up to `day_sql` (a date); takes one parameter: the sorted
    weekday holidays as a date array."""
    o = f"(({day_sql}) - DATE '1900-01-01' + 1)"
    return f"(({o} / 7) * 5 + least(mod({o}, 7), 5) - width_bucket(({day_sql}), %s::date[]))"


def ratio(part, whole) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def num(value, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)
