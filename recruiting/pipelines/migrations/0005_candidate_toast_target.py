from django.db import migrations


class Migration(migrations.Migration):
    """Keep candidate rows small: CV text and the full search vector go to TOAST as soon as a
    row passes 1 KB, so the heap that search and lists scan holds only the short columns
    (name, role, search_head) and stays in memory at 100,000+ candidates."""

    dependencies = [("pipelines", "0004_candidate_search_head")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE pipelines_candidate SET (toast_tuple_target = 1024)",
            "ALTER TABLE pipelines_candidate RESET (toast_tuple_target)",
        ),
    ]
