"""The reports' rollup (ApplicationFact, Stay): rebuilt here from the tables it summarises.

PostgreSQL triggers (migration 0003) keep it correct on every write; `rollup_rebuild`
recomputes it from scratch (after a bulk load that bypassed nothing but wants a check, a
restore, or a trigger change), and `rollup_differences` compares the two, which the tests
use after every kind of write.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction

# The stays: each transition into a stage as active, until the application's next
# transition (LEAD over the history, a window function).
REBUILD_SQL = [
    "LOCK TABLE pipelines_application, pipelines_stagetransition, interviews_interview, pipelines_stage IN SHARE MODE",
    "TRUNCATE reports_applicationfact, reports_stay",
    """
    INSERT INTO reports_applicationfact (
        application_id, posting_id, source, state, stage_id, stage_entered_at, rejection_reason_id,
        referred_by_id, knockout_flags, created_at, furthest_order, offered, interviewed, hired_at)
    SELECT a.id, a.posting_id, a.source, a.state, a.stage_id, a.stage_entered_at, a.rejection_reason_id,
           a.referred_by_id, nullif(a.knockout_flags, '[]'::jsonb), a.created_at,
           coalesce(h.top, 0), coalesce(h.offered, false),
           EXISTS (SELECT 1 FROM interviews_interview i WHERE i.application_id = a.id AND i.status <> 'cancelled'),
           h.hired_at
    FROM pipelines_application a
    LEFT JOIN (
        SELECT t.application_id, max(s."order") AS top, bool_or(s.kind IN ('offer', 'hired')) AS offered,
               max(t.at) FILTER (WHERE t.to_state = 'hired' AND t.from_state IS DISTINCT FROM 'hired') AS hired_at
        FROM pipelines_stagetransition t JOIN pipelines_stage s ON s.id = t.to_stage_id
        GROUP BY t.application_id
    ) h ON h.application_id = a.id
    """,
    """
    INSERT INTO reports_stay (
        transition_id, application_id, posting_id, source, stage_id, entered_at, left_at, entered_day, left_day)
    SELECT x.id, x.application_id, a.posting_id, a.source, x.to_stage_id, x.at, x.left_at,
           (x.at AT TIME ZONE reports_time_zone())::date, (x.left_at AT TIME ZONE reports_time_zone())::date
    FROM (
        SELECT t.id, t.application_id, t.to_stage_id, t.to_state, t.at,
               lead(t.at) OVER (PARTITION BY t.application_id ORDER BY t.at, t.id) AS left_at
        FROM pipelines_stagetransition t
    ) x
    JOIN pipelines_application a ON a.id = x.application_id
    WHERE x.to_state = 'active'
    """,
    "ANALYZE reports_applicationfact",
    "ANALYZE reports_stay",
]

_FACTS = (
    "SELECT application_id, posting_id, source, state, stage_id, stage_entered_at, rejection_reason_id, referred_by_id,"
    " knockout_flags::text, created_at, furthest_order, offered, interviewed, hired_at FROM reports_applicationfact"
)
_STAYS = (
    "SELECT transition_id, application_id, posting_id, source, stage_id, entered_at, left_at, entered_day, left_day"
    " FROM reports_stay"
)


def time_zone_sql() -> str:
    """reports_time_zone(), the zone of the stays' days: TIME_ZONE as it is now."""
    literal = "'" + settings.TIME_ZONE.replace("'", "''") + "'"
    return f"CREATE OR REPLACE FUNCTION reports_time_zone() RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT {literal}::text $$"


def rollup_rebuild() -> tuple[int, int]:
    """Recompute the rollup from the source tables (writes wait meanwhile), in the time
    zone TIME_ZONE names now. Returns the number of facts and stays."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(time_zone_sql())
        for sql in REBUILD_SQL:
            cursor.execute(sql)
        cursor.execute("SELECT (SELECT count(*) FROM reports_applicationfact), (SELECT count(*) FROM reports_stay)")
        facts, stays = cursor.fetchone()
    return facts, stays


def rollup_differences() -> list[str]:
    """Rows where the rollup kept by the triggers differs from a fresh rebuild (none when
    it is correct). The rebuild happens in a savepoint that is rolled back."""

    def snapshot(cursor) -> tuple[set, set]:
        cursor.execute(_FACTS)
        facts = set(cursor.fetchall())
        cursor.execute(_STAYS)
        return facts, set(cursor.fetchall())

    with transaction.atomic(), connection.cursor() as cursor:
        kept = snapshot(cursor)
        sid = transaction.savepoint_create()
        for sql in REBUILD_SQL:
            if not sql.startswith(("LOCK", "ANALYZE")):
                cursor.execute(sql)
        fresh = snapshot(cursor)
        transaction.savepoint_rollback(sid)
    problems = []
    for name, mine, truth in (("fact", kept[0], fresh[0]), ("stay", kept[1], fresh[1])):
        problems += [f"{name} kept but wrong or extra: {row}" for row in sorted(mine - truth, key=str)]
        problems += [f"{name} missing: {row}" for row in sorted(truth - mine, key=str)]
    return problems
