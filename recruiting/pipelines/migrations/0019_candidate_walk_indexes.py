"""Two indexes for the set-wise duplicate check of a CSV import's chunk
(services.duplicates.candidates_suggest_duplicates): the active people of one company
e-mail domain, and of one city, earliest first. Walking them finds the earliest record
with a similar name without reading every similar name the trigram index holds."""

from django.db import migrations

CREATE = """
CREATE INDEX IF NOT EXISTS candidate_domain_walk ON pipelines_candidate
    ((reverse(split_part(reverse(email_normalised), '@', 1))), created_at, id)
    WHERE merged_into_id IS NULL AND anonymised_at IS NULL AND email_normalised <> '';
CREATE INDEX IF NOT EXISTS candidate_city_walk ON pipelines_candidate ((lower(trim(location))), created_at, id)
    WHERE merged_into_id IS NULL AND anonymised_at IS NULL AND location <> '';
"""
DROP = """
DROP INDEX IF EXISTS candidate_domain_walk;
DROP INDEX IF EXISTS candidate_city_walk;
"""


class Migration(migrations.Migration):
    dependencies = [("pipelines", "0018_stage_template_retired")]

    operations = [migrations.RunSQL(CREATE, DROP)]
