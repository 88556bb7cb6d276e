"""Interviewer load: interviews per interviewer per week in the range against their
weekly capacity (daily cap x 5), scorecard turnaround (median hours from the interview's
end to the scorecard's submission) and overdue scorecards (not in 48 hours after the
interview ended). Interviewers see only their own line."""

from __future__ import annotations

import math

from recruiting.interviews.models import default_daily_cap
from recruiting.reports.filters import Scope
from recruiting.reports.queries.base import Bar, Chart, Column, Result, Table, app_filter, fetch, num, tz

OVERDUE_HOURS = 48

_LOAD = """
WITH seats AS (
    SELECT p.interviewer_id, i.id AS interview_id, i.starts_at, i.ends_at
    FROM interviews_interviewpanelist p
    JOIN interviews_interview i ON i.id = p.interview_id
    {join}
    WHERE p.active AND i.status <> 'cancelled' AND i.starts_at >= %s AND i.starts_at < %s AND {where} {only}
),
weekly AS (
    SELECT interviewer_id, date_trunc('week', starts_at AT TIME ZONE %s) AS week, count(*) AS n
    FROM seats GROUP BY 1, 2
),
load AS (SELECT interviewer_id, sum(n) AS total, max(n) AS busiest FROM weekly GROUP BY 1),
cards AS (
    SELECT seats.interviewer_id,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sc.submitted_at - seats.ends_at) / 3600.0)
               FILTER (WHERE sc.submitted_at IS NOT NULL) AS turnaround,
           count(*) FILTER (WHERE sc.submitted_at IS NULL AND seats.ends_at < now() - make_interval(hours => %s))
               AS overdue
    FROM seats
    LEFT JOIN interviews_scorecard sc
      ON sc.interview_id = seats.interview_id AND sc.interviewer_id = seats.interviewer_id AND sc.status = 'submitted'
    GROUP BY 1
)
SELECT coalesce(nullif(u.full_name, ''), u.email), coalesce(st.daily_cap, %s), load.total, load.busiest,
       cards.turnaround, cards.overdue
FROM load
JOIN accounts_user u ON u.id = load.interviewer_id
LEFT JOIN interviews_interviewersettings st ON st.user_id = u.id
LEFT JOIN cards ON cards.interviewer_id = u.id
ORDER BY load.total DESC, 1
"""


def interviewer_load(scope: Scope, *, only_user=None) -> Result:
    where, params = app_filter(scope, created=False)
    # Applications are read only to narrow by posting or source.
    join = "JOIN pipelines_application a ON a.id = i.application_id" if params else ""
    only, only_params = ("AND p.interviewer_id = %s", [only_user.pk]) if only_user is not None else ("", [])
    rows = fetch(
        _LOAD.format(join=join, where=where, only=only),
        [scope.start, scope.end, *params, *only_params, tz(), OVERDUE_HOURS, default_daily_cap()],
    )
    weeks = max(1, math.ceil(((scope.date_to - scope.date_from).days + 1) / 7))
    table_rows = [
        [name, total, num(total / weeks), busiest, cap * 5, num(turnaround), overdue or 0]
        for name, cap, total, busiest, turnaround, overdue in rows
    ]
    table = Table(
        "Interviews per interviewer",
        [
            Column("Interviewer"),
            Column("Interviews", "int"),
            Column("Per week (average)", "num"),
            Column("Busiest week", "int"),
            Column("Weekly cap", "int"),
            Column("Scorecard turnaround (median hours)", "num"),
            Column("Overdue scorecards", "int"),
        ],
        table_rows,
        caption=f"Over {weeks} weeks. Weekly cap: the daily cap x 5. Overdue: no scorecard {OVERDUE_HOURS} hours after the interview.",
    )
    chart = Chart(
        kind="bars",
        title="Busiest week per interviewer (marker: weekly cap)",
        bars=[Bar(r[0], r[3], secondary=r[4], note=f"{r[6]} overdue" if r[6] else "") for r in table_rows],
        unit="interviews",
        secondary_label="weekly cap",
    )
    summary = "; ".join(
        f"{r[0]}: {r[1]} interviews, busiest week {r[3]} of a cap of {r[4]}, {r[6]} overdue scorecards"
        for r in table_rows
    )
    return Result(tables=[table], chart=chart, summary=summary, notice="" if rows else "No interviews in this range.")
