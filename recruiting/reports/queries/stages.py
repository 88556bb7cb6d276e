"""Time in stage: for the stays that ended in the range (the next move out, a rejection
or a withdrawal), the median and 90th percentile in working days per stage, counted as
the stage limits count them (Monday to Friday less the configured holidays, in IST;
pipelines.board); and how many active applications are over their stage's limit now.

A stay is one row of the stage history: from a transition into a stage to the next
transition of the same application (`LEAD` over the history, a window function, in the
rollup's rebuild; the triggers keep it as moves happen: recruiting.reports.rollup)."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from recruiting.reports.filters import Scope
from recruiting.reports.queries.base import (
    Bar,
    Chart,
    Column,
    Result,
    Table,
    app_filter,
    fetch,
    num,
    tz,
    workdays_through,
    working_day_holidays,
)

# Grouped by (stage, working days): a few hundred rows whatever the history's size; the
# percentiles are read from that histogram (`percentile`), as percentile_cont would.
_STAYS = """
SELECT s.name, s."order", s.time_limit_days, g.days, g.n
FROM (
    SELECT y.stage_id, {left} - {entered} AS days, count(*) AS n
    FROM reports_stay y
    WHERE y.left_at >= %s AND y.left_at < %s AND {where}
    GROUP BY 1, 2
) g
JOIN pipelines_stage s ON s.id = g.stage_id
"""

_OVER = """
SELECT d.name, min(d."order"), max(d.time_limit_days), count(*) AS active,
       count(*) FILTER (WHERE d.time_limit_days IS NOT NULL AND {today} - {entered} > d.time_limit_days) AS over
FROM (
    SELECT s.name, s."order", s.time_limit_days, (f.stage_entered_at AT TIME ZONE %s)::date AS entered_day,
           %s::date AS today
    FROM reports_applicationfact f
    JOIN pipelines_stage s ON s.id = f.stage_id AND NOT s.retired
    WHERE f.state = 'active' AND {where}
) d
GROUP BY d.name
"""


def percentile(histogram: list[tuple[int, int]], p: float) -> float | None:
    """The p-th percentile (0..1) of values given as sorted (value, count) pairs, with
    linear interpolation between neighbours (PostgreSQL's percentile_cont)."""
    total = sum(n for _, n in histogram)
    if not total:
        return None
    position = p * (total - 1)
    low_index, fraction = int(position), position - int(position)

    def value_at(index: int) -> int:
        seen = 0
        for value, n in histogram:
            seen += n
            if index < seen:
                return value
        return histogram[-1][0]

    low = value_at(low_index)
    return low + fraction * (value_at(low_index + 1) - low) if fraction else float(low)


def time_in_stage(scope: Scope) -> Result:
    today = timezone.localdate()
    holidays = working_day_holidays(today)
    stay_where, stay_params = app_filter(scope, "y", created=False)
    stays = fetch(
        _STAYS.format(left=workdays_through("y.left_day"), entered=workdays_through("y.entered_day"), where=stay_where),
        [holidays, holidays, scope.start, scope.end, *stay_params],
    )
    where, params = app_filter(scope, "f", created=False)
    over = fetch(
        _OVER.format(today=workdays_through("today"), entered=workdays_through("entered_day"), where=where),
        [holidays, holidays, tz(), today, *params],
    )
    # Postings copy their stages: figures are shown per stage name, ordered as the stages are.
    histograms: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    position: dict[str, int] = {}
    limits: dict[str, int | None] = {}
    now: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name, order, limit, days, n in stays:
        histograms[name][days] += n
        position[name] = min(position.get(name, order), order)
        limits[name] = max(filter(None, (limits.get(name), limit)), default=None)
    for name, order, limit, active, over_limit in over:
        now[name][0] += active
        now[name][1] += over_limit
        position[name] = min(position.get(name, order), order)
        limits[name] = max(filter(None, (limits.get(name), limit)), default=None)
    rows = []
    for name in sorted(position, key=lambda n: (position[n], n)):
        histogram = sorted(histograms[name].items())
        rows.append(
            [
                name,
                sum(n for _, n in histogram),
                num(percentile(histogram, 0.5)),
                num(percentile(histogram, 0.9)),
                limits.get(name),
                now[name][0],
                now[name][1],
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
