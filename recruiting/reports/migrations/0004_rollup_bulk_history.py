"""Several transitions of one application written by one statement (a bulk import of old
history) made the transition trigger insert a stay that an earlier row's recompute had
already written. The trigger now leaves a transition whose stay is already there alone."""

import importlib

from django.db import migrations

_triggers = importlib.import_module("recruiting.reports.migrations.0003_rollup_triggers")

_START = "CREATE OR REPLACE FUNCTION reports_on_transition()"
_END = "$$ LANGUAGE plpgsql;"
_MARK = "    -- This move ends the application's current stay (if it had one open).\n"
_GUARD = """    IF EXISTS (SELECT 1 FROM reports_stay s WHERE s.transition_id = NEW.id) THEN
        -- An earlier row of the same statement already recomputed this application's stays.
        RETURN NEW;
    END IF;
"""


def _function(source: str) -> str:
    start = source.index(_START)
    return source[start : source.index(_END, start) + len(_END)]


OLD = _function(_triggers.FUNCTIONS)
assert _MARK in OLD
NEW = OLD.replace(_MARK, _GUARD + _MARK)


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_rollup_triggers")]

    operations = [migrations.RunSQL(NEW, OLD)]
