"""Triggers that keep the reports' rollup (ApplicationFact, Stay) correct on every write
to applications, transitions, stages and interviews, and a first fill from the existing
rows (the same statements as recruiting.reports.rollup.REBUILD_SQL, frozen here)."""

from django.conf import settings
from django.db import migrations


def time_zone_function(zone: str) -> str:
    """reports_time_zone(): the portal's time zone for the rollup's days (a literal; the
    zone name is the validated TIME_ZONE setting)."""
    literal = "'" + zone.replace("'", "''") + "'"
    return f"CREATE OR REPLACE FUNCTION reports_time_zone() RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT {literal}::text $$;"


FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION reports_fact_refresh(app bigint) RETURNS void AS $$
BEGIN
    UPDATE reports_applicationfact f SET
        furthest_order = coalesce(h.top, 0),
        offered = coalesce(h.offered, false),
        hired_at = h.hired_at
    FROM (
        SELECT max(s."order") AS top, bool_or(s.kind IN ('offer', 'hired')) AS offered,
               max(t.at) FILTER (WHERE t.to_state = 'hired' AND t.from_state IS DISTINCT FROM 'hired') AS hired_at
        FROM pipelines_stagetransition t JOIN pipelines_stage s ON s.id = t.to_stage_id
        WHERE t.application_id = app
    ) h
    WHERE f.application_id = app;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION reports_stays_refresh(app bigint) RETURNS void AS $$
BEGIN
    DELETE FROM reports_stay WHERE application_id = app;
    INSERT INTO reports_stay (transition_id, application_id, posting_id, source, stage_id, entered_at, left_at,
                              entered_day, left_day)
    SELECT x.id, x.application_id, a.posting_id, a.source, x.to_stage_id, x.at, x.left_at,
           (x.at AT TIME ZONE reports_time_zone())::date, (x.left_at AT TIME ZONE reports_time_zone())::date
    FROM (SELECT t.id, t.application_id, t.to_stage_id, t.to_state, t.at,
                 lead(t.at) OVER (PARTITION BY t.application_id ORDER BY t.at, t.id) AS left_at
          FROM pipelines_stagetransition t WHERE t.application_id = app) x
    JOIN pipelines_application a ON a.id = x.application_id
    WHERE x.to_state = 'active';
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION reports_on_application() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM reports_applicationfact WHERE application_id = OLD.id;
        DELETE FROM reports_stay WHERE application_id = OLD.id;
        RETURN OLD;
    END IF;
    INSERT INTO reports_applicationfact (
        application_id, posting_id, source, state, stage_id, stage_entered_at, rejection_reason_id,
        referred_by_id, knockout_flags, created_at, furthest_order, offered, interviewed, hired_at)
    VALUES (NEW.id, NEW.posting_id, NEW.source, NEW.state, NEW.stage_id, NEW.stage_entered_at,
            NEW.rejection_reason_id, NEW.referred_by_id, nullif(NEW.knockout_flags, '[]'::jsonb), NEW.created_at,
            0, false, false, NULL)
    ON CONFLICT (application_id) DO UPDATE SET
        posting_id = EXCLUDED.posting_id, source = EXCLUDED.source, state = EXCLUDED.state,
        stage_id = EXCLUDED.stage_id, stage_entered_at = EXCLUDED.stage_entered_at,
        rejection_reason_id = EXCLUDED.rejection_reason_id, referred_by_id = EXCLUDED.referred_by_id,
        knockout_flags = EXCLUDED.knockout_flags, created_at = EXCLUDED.created_at;
    IF TG_OP = 'UPDATE' AND (NEW.posting_id IS DISTINCT FROM OLD.posting_id OR NEW.source IS DISTINCT FROM OLD.source) THEN
        UPDATE reports_stay SET posting_id = NEW.posting_id, source = NEW.source WHERE application_id = NEW.id;
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION reports_on_transition() RETURNS trigger AS $$
DECLARE
    stage_order smallint;
    stage_kind text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        -- The stay it began goes; the one it ended now ends at the next transition.
        PERFORM reports_stays_refresh(OLD.application_id);
        PERFORM reports_fact_refresh(OLD.application_id);
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        -- Not done by the portal (the history is append-only); recompute to stay correct.
        PERFORM reports_stays_refresh(OLD.application_id);
        PERFORM reports_stays_refresh(NEW.application_id);
        PERFORM reports_fact_refresh(OLD.application_id);
        PERFORM reports_fact_refresh(NEW.application_id);
        RETURN NEW;
    END IF;
    SELECT s."order", s.kind INTO stage_order, stage_kind FROM pipelines_stage s WHERE s.id = NEW.to_stage_id;
    UPDATE reports_applicationfact SET
        furthest_order = greatest(furthest_order, stage_order),
        offered = offered OR stage_kind IN ('offer', 'hired'),
        hired_at = CASE WHEN NEW.to_state = 'hired' AND NEW.from_state IS DISTINCT FROM 'hired'
                        THEN greatest(hired_at, NEW.at) ELSE hired_at END
    WHERE application_id = NEW.application_id;
    IF EXISTS (SELECT 1 FROM pipelines_stagetransition t WHERE t.application_id = NEW.application_id
               AND (t.at, t.id) > (NEW.at, NEW.id)) THEN
        -- Written before a later move (an import of old history): recompute the stays.
        PERFORM reports_stays_refresh(NEW.application_id);
        RETURN NEW;
    END IF;
    -- This move ends the application's current stay (if it had one open).
    UPDATE reports_stay SET left_at = NEW.at, left_day = (NEW.at AT TIME ZONE reports_time_zone())::date
    WHERE application_id = NEW.application_id AND left_at IS NULL;
    IF NEW.to_state = 'active' THEN
        INSERT INTO reports_stay (transition_id, application_id, posting_id, source, stage_id, entered_at, left_at,
                              entered_day, left_day)
        SELECT NEW.id, a.id, a.posting_id, a.source, NEW.to_stage_id, NEW.at, NULL,
               (NEW.at AT TIME ZONE reports_time_zone())::date, NULL
        FROM pipelines_application a WHERE a.id = NEW.application_id;
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION reports_on_stage() RETURNS trigger AS $$
BEGIN
    -- A reordered stage (or a changed kind) changes what "furthest" and "offered" mean.
    UPDATE reports_applicationfact f SET
        furthest_order = coalesce(h.top, 0), offered = coalesce(h.offered, false)
    FROM (
        SELECT t.application_id, max(s."order") AS top, bool_or(s.kind IN ('offer', 'hired')) AS offered
        FROM pipelines_stagetransition t JOIN pipelines_stage s ON s.id = t.to_stage_id
        WHERE s.posting_id = NEW.posting_id
        GROUP BY t.application_id
    ) h
    WHERE f.application_id = h.application_id;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION reports_on_interview() RETURNS trigger AS $$
BEGIN
    UPDATE reports_applicationfact f SET interviewed = EXISTS (
        SELECT 1 FROM interviews_interview i WHERE i.application_id = f.application_id AND i.status <> 'cancelled'
    )
    WHERE f.application_id IN (
        CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.application_id END,
        CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.application_id END
    );
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER reports_application_write
    AFTER INSERT OR DELETE OR UPDATE OF posting_id, source, state, stage_id, stage_entered_at, rejection_reason_id,
        referred_by_id, knockout_flags, created_at
    ON pipelines_application FOR EACH ROW EXECUTE FUNCTION reports_on_application();
CREATE TRIGGER reports_transition_write
    AFTER INSERT OR DELETE OR UPDATE ON pipelines_stagetransition FOR EACH ROW EXECUTE FUNCTION reports_on_transition();
CREATE TRIGGER reports_stage_write
    AFTER UPDATE OF "order", kind ON pipelines_stage
    FOR EACH ROW WHEN (OLD."order" IS DISTINCT FROM NEW."order" OR OLD.kind IS DISTINCT FROM NEW.kind)
    EXECUTE FUNCTION reports_on_stage();
CREATE TRIGGER reports_interview_write
    AFTER INSERT OR DELETE OR UPDATE OF status, application_id ON interviews_interview
    FOR EACH ROW EXECUTE FUNCTION reports_on_interview();
"""

DROP = """
DROP TRIGGER IF EXISTS reports_application_write ON pipelines_application;
DROP TRIGGER IF EXISTS reports_transition_write ON pipelines_stagetransition;
DROP TRIGGER IF EXISTS reports_stage_write ON pipelines_stage;
DROP TRIGGER IF EXISTS reports_interview_write ON interviews_interview;
DROP FUNCTION IF EXISTS reports_on_application();
DROP FUNCTION IF EXISTS reports_on_transition();
DROP FUNCTION IF EXISTS reports_on_stage();
DROP FUNCTION IF EXISTS reports_on_interview();
DROP FUNCTION IF EXISTS reports_fact_refresh(bigint);
DROP FUNCTION IF EXISTS reports_stays_refresh(bigint);
DROP FUNCTION IF EXISTS reports_time_zone();
"""

FILL = [
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
    INSERT INTO reports_stay (transition_id, application_id, posting_id, source, stage_id, entered_at, left_at,
                              entered_day, left_day)
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
]


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_rollup"),
        ("pipelines", "0011_answers_and_knockout_results_from_postings"),
        ("interviews", "0005_interview_dates_sane"),
    ]

    operations = [
        migrations.RunSQL(time_zone_function(settings.TIME_ZONE) + FUNCTIONS, DROP),
        migrations.RunSQL(FILL, "TRUNCATE reports_applicationfact, reports_stay"),
    ]
