"""search_match_estimate(tsquery): the planner's estimate of how many candidates a
full-text query matches, from the column statistics (ANALYZE keeps the commonest
lexemes and their frequencies). Search uses it to tell a term most people match
("engineer") from the rest without reading its whole index entry (issue 15 §2)."""

from __future__ import annotations

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION search_match_estimate(q tsquery) RETURNS double precision
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    plan json;
    -- VOLATILE: PostgreSQL allows EXPLAIN only there; the search evaluates it once (a
    -- materialised CTE).
BEGIN
    -- The query is inlined as a literal (not a parameter) so the planner uses the
    -- lexeme statistics; only planning happens, nothing is read.
    EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM pipelines_candidate WHERE search_vector @@ %L::tsquery', q)
        INTO plan;
    RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::double precision;
END
$$;
"""
DROP = "DROP FUNCTION IF EXISTS search_match_estimate(tsquery);"


class Migration(migrations.Migration):
    dependencies = [("pipelines", "0014_admin_plural_names")]

    operations = [migrations.RunSQL(CREATE, DROP)]
