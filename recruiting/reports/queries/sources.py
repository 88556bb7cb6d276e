"""Sources: for the applications made in the range, per source, how many were
interviewed (an interview that was not cancelled), reached an offer (a stage of kind
offer or hired in their history) and were hired; and the people who referred them."""

from __future__ import annotations

from recruiting.pipelines.models import Source
from recruiting.reports.filters import Scope
from recruiting.reports.queries.base import Bar, Chart, Column, Result, Table, app_filter, fetch, ratio

_SOURCES = """
SELECT f.source, count(*), count(*) FILTER (WHERE f.interviewed), count(*) FILTER (WHERE f.offered),
       count(*) FILTER (WHERE f.state = 'hired')
FROM reports_applicationfact f
WHERE {where}
GROUP BY f.source
"""

_REFERRERS = """
SELECT coalesce(nullif(u.full_name, ''), u.email), r.n, r.hired
FROM (
    SELECT f.referred_by_id, count(*) AS n, count(*) FILTER (WHERE f.state = 'hired') AS hired
    FROM reports_applicationfact f
    WHERE f.referred_by_id IS NOT NULL AND {where}
    GROUP BY f.referred_by_id
) r
JOIN accounts_user u ON u.id = r.referred_by_id
ORDER BY r.n DESC, 1 LIMIT 25
"""


def sources(scope: Scope) -> Result:
    where, params = app_filter(scope, "f")
    by_source = {row[0]: row for row in fetch(_SOURCES.format(where=where), params)}
    referrers = fetch(_REFERRERS.format(where=where), params)
    rows = []
    for value, label in Source.choices:
        if value in by_source:
            _, n, interviewed, offered, hired = by_source[value]
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
            [list(r) for r in referrers],
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
