"""Funnel: of the applications made in the range, how many reached each stage (the
furthest stage in their history, so a skipped stage counts as passed), the conversion
from one stage to the next, and where people left: rejections by stage and reason,
withdrawals by stage, knock-outs by rule."""

from __future__ import annotations

from recruiting.reports.filters import Scope
from recruiting.reports.queries.base import Bar, Chart, Column, Result, Table, app_filter, fetch, ratio

# One scan of the scope's applications, grouped (a few thousand rows at most), gives both
# the stages reached and where people left.
_GROUPED = """
WITH g AS (
    SELECT f.posting_id, f.furthest_order, f.state, f.stage_id, f.rejection_reason_id, count(*) AS n
    FROM reports_applicationfact f WHERE {where}
    GROUP BY 1, 2, 3, 4, 5
)
SELECT 'reached', s.name, min(s."order"), '', sum(g.n)::bigint
  FROM g JOIN pipelines_stage s ON s.posting_id = g.posting_id AND s."order" <= g.furthest_order AND NOT s.retired
  GROUP BY s.name
UNION ALL
SELECT g.state, s.name, 0, coalesce(rr.name, ''), sum(g.n)::bigint
  FROM g JOIN pipelines_stage s ON s.id = g.stage_id
  LEFT JOIN pipelines_rejectionreason rr ON rr.id = g.rejection_reason_id
  WHERE g.state IN ('rejected', 'withdrawn') GROUP BY g.state, s.name, rr.name
UNION ALL
SELECT 'state', g.state, 0, '', sum(g.n)::bigint FROM g GROUP BY g.state
"""

# Knock-outs by rule: the flag up to its first figure ("Notice period 60 days > 15" is
# the rule "Notice period"), so pay figures in a flag never reach the report. Only the
# flagged applications are read (a partial index holds them), grouped by their flags
# first; an application counts once per rule.
_KNOCKOUTS = """
SELECT r.rule, sum(g.n)::bigint
FROM (
    SELECT f.knockout_flags, count(*) AS n
    FROM reports_applicationfact f
    WHERE f.knockout_flags IS NOT NULL AND {where}
    GROUP BY 1
) g
CROSS JOIN LATERAL (
    SELECT DISTINCT btrim(regexp_replace(flag, '\\s*[0-9₹$€£].*$', '')) AS rule
    FROM jsonb_array_elements_text(g.knockout_flags) AS flag
) r
GROUP BY r.rule
"""


def funnel(scope: Scope) -> Result:
    where, params = app_filter(scope, "f")
    grouped = fetch(_GROUPED.format(where=where), params)
    states = {row[1]: row[4] for row in grouped if row[0] == "state"}
    total = sum(states.values())
    stages = []
    previous = None
    for _kind, name, _pos, _x, count in sorted((r for r in grouped if r[0] == "reached"), key=lambda r: (r[2], r[1])):
        stages.append([name, count, ratio(count, total), ratio(count, previous) if previous is not None else None])
        previous = count
    leaving = sorted(
        ([r[1], "Rejected", r[3] or "No reason", r[4]] for r in grouped if r[0] == "rejected"), key=lambda r: -r[3]
    )
    leaving += sorted(([r[1], "Withdrew", "", r[4]] for r in grouped if r[0] == "withdrawn"), key=lambda r: -r[3])
    knockouts = sorted(
        ([rule or "Other", n] for rule, n in fetch(_KNOCKOUTS.format(where=where), params)), key=lambda r: -r[1]
    )
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
