"""Time to hire (application to hire) and time to fill (posting opened to hire), in
calendar days, for the hires made in the range (the latest move to hired of each
application, from the rollup): median per posting and per month (the
trend). One statement with GROUPING SETS gives both groupings."""

from __future__ import annotations

from recruiting.reports.filters import Scope
from recruiting.reports.queries.base import Bar, Chart, Column, Result, Table, app_filter, fetch, num, tz

_HIRES = """
WITH hires AS (
    SELECT f.posting_id, date_trunc('month', f.hired_at AT TIME ZONE %s)::date AS month,
           extract(epoch FROM f.hired_at - f.created_at) / 86400.0 AS to_hire,
           extract(epoch FROM f.hired_at - coalesce(p.opened_at, p.created_at)) / 86400.0 AS to_fill
    FROM reports_applicationfact f
    JOIN postings_posting p ON p.id = f.posting_id
    WHERE f.hired_at >= %s AND f.hired_at < %s AND {where}
)
SELECT GROUPING(posting_id) AS by_month, posting_id, month, count(*),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY to_hire),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY to_fill)
FROM hires
GROUP BY GROUPING SETS ((posting_id), (month))
"""


def time_to_hire(scope: Scope) -> Result:
    where, params = app_filter(scope, "f", created=False)
    rows = fetch(_HIRES.format(where=where), [tz(), scope.start, scope.end, *params])
    titles = {p.pk: p.title for p in scope.postings}
    per_posting = sorted(
        ([titles.get(r[1], "(posting not visible)"), r[3], num(r[4]), num(r[5])] for r in rows if not r[0]),
        key=lambda r: r[0].lower(),
    )
    per_month = sorted(([r[2], r[3], num(r[4]), num(r[5])] for r in rows if r[0]), key=lambda r: r[0])
    tables = [
        Table(
            "By month of hire",
            [
                Column("Month", "date"),
                Column("Hires", "int"),
                Column("Median days to hire", "num"),
                Column("Median days to fill", "num"),
            ],
            per_month,
            caption="Calendar days: application to hire, and posting opened to hire.",
        ),
        Table(
            "By posting",
            [
                Column("Posting"),
                Column("Hires", "int"),
                Column("Median days to hire", "num"),
                Column("Median days to fill", "num"),
            ],
            per_posting,
        ),
    ]
    chart = Chart(
        kind="line",
        title="Median days to hire by month (marker: days to fill)",
        bars=[Bar(f"{r[0]:%b %Y}", r[2], secondary=r[3]) for r in per_month],
        unit="days",
        secondary_label="days to fill",
    )
    total = sum(r[1] for r in per_month)
    trend = ""
    if len(per_month) >= 2 and per_month[0][2] is not None and per_month[-1][2] is not None:
        change = per_month[-1][2] - per_month[0][2]
        trend = f" From {per_month[0][0]:%b %Y} to {per_month[-1][0]:%b %Y} the median went " + (
            f"up by {change:.1f} days."
            if change > 0
            else f"down by {-change:.1f} days."
            if change < 0
            else "unchanged."
        )
    summary = f"{total} hires in the range." + trend
    return Result(tables=tables, chart=chart, summary=summary, notice="" if total else "No hires in this range.")
