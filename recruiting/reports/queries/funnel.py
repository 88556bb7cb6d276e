"""Funnel: of the applications made in the range, how many reached each stage (the
furthest stage in their history, so a skipped stage counts as passed), the conversion
from one stage to the next, and where people left: rejections by stage and reason,
withdrawals by stage, knock-outs by rule."""

from __future__ import annotations

from recruiting.reports.filters import Scope
from recruiting.reports.queries.base import Bar, Chart, Column, Result, Table, app_filter, fetch, ratio

_REACHED = """
SELECT s.name, min(s."order") AS pos, count(*) AS reached
FROM (
    SELECT t.application_id, a.posting_id, max(ts."order") AS top
    FROM pipelines_application a
    JOIN pipelines_stagetransition t ON t.application_id = a.id
    JOIN pipelines_stage ts ON ts.id = t.to_stage_id
    WHERE {where}
    GROUP BY t.application_id, a.posting_id
) r
JOIN pipelines_stage s ON s.posting_id = r.posting_id AND s."order" <= r.top AND NOT s.retired
GROUP BY s.name
ORDER BY pos, s.name
"""

# Knock-outs by rule: the flag up to its first figure ("Notice period 60 days > 15" is
# the rule "Notice period"), so pay figures in a flag never reach the report.
_LEFT = """
WITH scoped AS (SELECT a.* FROM pipelines_application a WHERE {where})
SELECT 'rejected', s.name, coalesce(rr.name, ''), count(*)
  FROM scoped a JOIN pipelines_stage s ON s.id = a.stage_id
  LEFT JOIN pipelines_rejectionreason rr ON rr.id = a.rejection_reason_id
  WHERE a.state = 'rejected' GROUP BY s.name, rr.name
UNION ALL
SELECT 'withdrawn', s.name, '', count(*)
  FROM scoped a JOIN pipelines_stage s ON s.id = a.stage_id
  WHERE a.state = 'withdrawn' GROUP BY s.name
UNION ALL
SELECT 'knockout', '', btrim(regexp_replace(flag, '\\s*[0-9₹$€£].*$', '')), count(DISTINCT a.id)
  FROM scoped a CROSS JOIN LATERAL jsonb_array_elements_text(a.knockout_flags) AS flag
  GROUP BY 3
UNION ALL
SELECT 'state', a.state, '', count(*) FROM scoped a GROUP BY a.state
"""


def funnel(scope: Scope) -> Result:
    where, params = app_filter(scope)
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
