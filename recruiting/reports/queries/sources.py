"""Sources: for the applications made in the range, per source, how many were
interviewed (an interview that was not cancelled), reached an offer (a stage of kind
offer or hired in their history) and were hired; and the people who referred them."""

from __future__ import annotations

from recruiting.pipelines.models import Source
from recruiting.reports.filters import Scope
from recruiting.reports.queries.base import Bar, Chart, Column, Result, Table, app_filter, fetch, ratio

# One scan: per source, and per referrer (GROUPING SETS), with the referrers' names.
_SOURCES = """
WITH g AS (
    SELECT GROUPING(f.source) AS by_referrer, f.source, f.referred_by_id, count(*) AS n,
           count(*) FILTER (WHERE f.interviewed) AS interviewed, count(*) FILTER (WHERE f.offered) AS offered,
           count(*) FILTER (WHERE f.state = 'hired') AS hired
    FROM reports_applicationfact f
    WHERE {where}
    GROUP BY GROUPING SETS ((f.source), (f.referred_by_id))
)
SELECT g.by_referrer, g.source, coalesce(nullif(u.full_name, ''), u.email), g.n, g.interviewed, g.offered, g.hired
FROM g LEFT JOIN accounts_user u ON u.id = g.referred_by_id
WHERE g.by_referrer = 0 OR g.referred_by_id IS NOT NULL
"""


def sources(scope: Scope) -> Result:
    where, params = app_filter(scope, "f")
    grouped = fetch(_SOURCES.format(where=where), params)
    by_source = {row[1]: row[3:] for row in grouped if not row[0]}
    referrers = sorted(([row[2], row[3], row[6]] for row in grouped if row[0]), key=lambda r: (-r[1], r[0]))[:25]
    rows = []
    for value, label in Source.choices:
        if value in by_source:
            n, interviewed, offered, hired = by_source[value]
            rows.append([label, n, interviewed, offered, hired, ratio(hired, n)])
    rows.sort(key=lambda r: -r[1])
    tables = [
        Table(
            "By source",
            [
                Column("Source"),
                Column("Applications", "int"),
                Column("Interviewed", "int"),
                Column("Reached offer", "int"),
                Column("Hired", "int"),
                Column("% hired", "pct"),
            ],
            rows,
            caption="Applications made in the range, followed to today.",
        ),
        Table(
            "Referrers",
            [Column("Referred by"), Column("Applications", "int"), Column("Hired", "int")],
            referrers,
        ),
    ]
    chart = Chart(
        kind="bars",
        title="Applications by source (marker: hired)",
        bars=[Bar(r[0], r[1], secondary=r[4], note=f"{r[4]} hired") for r in rows],
        unit="applications",
        secondary_label="hired",
    )
    summary = "; ".join(f"{r[0]}: {r[1]} applications, {r[2]} interviewed, {r[3]} offers, {r[4]} hired" for r in rows)
    return Result(tables=tables, chart=chart, summary=summary, notice="" if rows else "No applications in this range.")
