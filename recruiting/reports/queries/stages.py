"""Time in stage: for the stays that ended in the range (the next move out, a rejection
or a withdrawal), the median and 90th percentile in working days per stage, counted as
the stage limits count them (Monday to Friday less the configured holidays, in IST;
pipelines.board); and how many active applications are over their stage's limit now.

A stay is one row of the stage history: from a transition into a stage to the next
transition of the same application (`LEAD` over the history, a window function, in the
rollup's rebuild; the triggers keep it as moves happen: recruiting.reports.rollup)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from recruiting.reports.filters import Scope
from recruiting.reports.queries.base import (
    Bar,
    Chart,
    Column,
    Result,
    Table,
    app_filter,
    calendar_cte,
    fetch,
    local_date,
    num,
    tz,
    working_day_holidays,
)

_STAYS = """
WITH {cal}
SELECT s.name, min(s."order") AS pos, count(*) AS n,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY c2.wd - c1.wd),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY c2.wd - c1.wd),
       max(s.time_limit_days)
FROM reports_stay y
JOIN pipelines_stage s ON s.id = y.stage_id
JOIN cal c1 ON c1.day = greatest({entered_day}, %s::date)
JOIN cal c2 ON c2.day = {left_day}
WHERE y.left_at >= %s AND y.left_at < %s AND {where}
GROUP BY s.name
ORDER BY pos, s.name
"""

_OVER = """
WITH {cal}
SELECT s.name, min(s."order") AS pos, count(*) AS active,
       count(*) FILTER (WHERE s.time_limit_days IS NOT NULL AND today.wd - c.wd > s.time_limit_days) AS over,
       max(s.time_limit_days)
FROM reports_applicationfact f
JOIN pipelines_stage s ON s.id = f.stage_id AND NOT s.retired
JOIN cal c ON c.day = greatest({entered_day}, %s::date)
JOIN cal today ON today.day = %s::date
WHERE f.state = 'active' AND {where}
GROUP BY s.name
ORDER BY pos, s.name
"""


def time_in_stage(scope: Scope) -> Result:
    today = timezone.localdate()
    first = min(scope.date_from, today) - timedelta(days=3 * 366)
    last = max(scope.date_to, today)
    cal, cal_params = calendar_cte(first, last, working_day_holidays(today))
    stay_where, stay_params = app_filter(scope, "y", created=False)
    stays = fetch(
        _STAYS.format(
            cal=cal, where=stay_where, entered_day=local_date("y.entered_at"), left_day=local_date("y.left_at")
        ),
        [*cal_params, tz(), first, tz(), scope.start, scope.end, *stay_params],
    )
    where, params = app_filter(scope, "f", created=False)
    over = fetch(
        _OVER.format(cal=cal, where=where, entered_day=local_date("f.stage_entered_at")),
        [*cal_params, tz(), first, today, *params],
    )
    now = {row[0]: row for row in over}
    names = [row[0] for row in stays] + [row[0] for row in over if row[0] not in {s[0] for s in stays}]
    by_name = {row[0]: row for row in stays}
    rows = []
    for name in names:
        stay = by_name.get(name)
        current = now.get(name)
        limit = (stay[5] if stay else None) or (current[4] if current else None)
        rows.append(
            [
                name,
                stay[2] if stay else 0,
                num(stay[3]) if stay else None,
                num(stay[4]) if stay else None,
                limit,
                current[2] if current else 0,
                current[3] if current else 0,
            ]
        )
    table = Table(
        "Working days in stage",
        [
            Column("Stage"),
            Column("Stays ended in range", "int"),
            Column("Median (working days)", "num"),
            Column("90th percentile", "num"),
            Column("Limit (working days)", "int"),
            Column("In stage now", "int"),
            Column("Over the limit now", "int"),
        ],
        rows,
        caption="Weekends and holidays are not counted, as for the stage limits.",
    )
    chart = Chart(
        kind="bars",
        title="Median working days in each stage (marker: 90th percentile)",
        bars=[Bar(r[0], r[2], secondary=r[3], note=f"{r[6]} over limit" if r[6] else "") for r in rows],
        unit="working days",
        secondary_label="90th percentile",
    )
    summary = "; ".join(
        f"{r[0]}: median {r[2] if r[2] is not None else '–'}, 90th percentile {r[3] if r[3] is not None else '–'}"
        f" working days, {r[6]} over the limit now"
        for r in rows
    )
    return Result(tables=[table], chart=chart, summary=summary, notice="" if rows else "No stage history in range.")
