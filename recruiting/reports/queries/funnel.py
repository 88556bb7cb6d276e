"""Funnel: of the applications made in the range, how many reached each stage (the
furthest stage in their history, so a skipped stage counts as passed), the conversion
from one stage to the next, and where people left: rejections by stage and reason,
withdrawals by stage, knock-outs by rule."""

from __future__ import annotations

from recruiting.reports.filters import Scope
from recruiting.reports.queries.base import Bar, Chart, Column, Result, Table, app_filter, fetch, ratio

_REACHED = """
SELECT s.name, min(s."order") AS pos, sum(f.n)::bigint AS reached
FROM (
    SELECT f.posting_id, f.furthest_order, count(*) AS n
    FROM reports_applicationfact f WHERE {where} GROUP BY 1, 2
) f
JOIN pipelines_stage s ON s.posting_id = f.posting_id AND s."order" <= f.furthest_order AND NOT s.retired
GROUP BY s.name
ORDER BY pos, s.name
"""

# Knock-outs by rule: the flag up to its first figure ("Notice period 60 days > 15" is
# the rule "Notice period"), so pay figures in a flag never reach the report.
_LEFT = """
WITH scoped AS (
    SELECT f.application_id, f.state, f.stage_id, f.rejection_reason_id, f.knockout_flags
    FROM reports_applicationfact f WHERE {where}
),
grouped AS (SELECT state, stage_id, rejection_reason_id, count(*) AS n FROM scoped GROUP BY 1, 2, 3)
SELECT 'rejected', s.name, coalesce(rr.name, ''), sum(g.n)::bigint
  FROM grouped g JOIN pipelines_stage s ON s.id = g.stage_id
  LEFT JOIN pipelines_rejectionreason rr ON rr.id = g.rejection_reason_id
  WHERE g.state = 'rejected' GROUP BY s.name, rr.name
UNION ALL
SELECT 'withdrawn', s.name, '', sum(g.n)::bigint
  FROM grouped g JOIN pipelines_stage s ON s.id = g.stage_id
  WHERE g.state = 'withdrawn' GROUP BY s.name
UNION ALL
SELECT 'knockout', '', btrim(regexp_replace(flag, '\\s*[0-9₹$€£].*$', '')), count(DISTINCT a.application_id)
  FROM scoped a CROSS JOIN LATERAL jsonb_array_elements_text(a.knockout_flags) AS flag
  WHERE a.knockout_flags IS NOT NULL
  GROUP BY 3
UNION ALL
SELECT 'state', g.state, '', sum(g.n)::bigint FROM grouped g GROUP BY g.state
"""


def funnel(scope: Scope) -> Result:
    where, params = app_filter(scope, "f")
    reached = fetch(_REACHED.format(where=where), params)
    left = fetch(_LEFT.format(where=where), params)
    states = {row[1]: row[3] for row in left if row[0] == "state"}
    total = sum(states.values())
    stages = []
    previous = None
    for name, _pos, count in reached:
        stages.append([name, count, ratio(count, total), ratio(count, previous) if previous is not None else None])
        previous = count
    leaving = sorted(
        ([row[1] or "—", "Rejected", row[2] or "No reason", row[3]] for row in left if row[0] == "rejected"),
        key=lambda r: -r[3],
    )
    leaving += [[row[1], "Withdrew", "", row[3]] for row in left if row[0] == "withdrawn"]
    knockouts = sorted(([row[2] or "Other", row[3]] for row in left if row[0] == "knockout"), key=lambda r: -r[1])
    tables = [
        Table(
            "Stages reached",
            [
                Column("Stage"),
                Column("Applications", "int"),
                Column("% of all", "pct"),
                Column("% of previous stage", "pct"),
            ],
            stages,
            caption=f"{total} applications made in the range; each counted at every stage up to the furthest reached.",
        ),
        Table(
            "Where people left",
            [Column("Stage"), Column("How"), Column("Reason"), Column("Applications", "int")],
            leaving,
        ),
        Table("Knock-outs by rule", [Column("Rule"), Column("Applications flagged", "int")], knockouts),
    ]
    hired = states.get("hired", 0)
    chart = Chart(
        kind="bars",
        title="Applications reaching each stage",
        bars=[Bar(row[0], row[1], note=f"{row[2]}%" if row[2] is not None else "") for row in stages],
        unit="applications",
    )
    summary = (
        f"{total} applications; "
        + ", ".join(f"{row[0]} {row[1]}" for row in stages)
        + f". {hired} hired, {states.get('rejected', 0)} rejected, {states.get('withdrawn', 0)} withdrew."
    )
    return Result(tables=tables, chart=chart, summary=summary, notice="" if total else "No applications in this range.")
