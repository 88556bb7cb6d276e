"""Answers and knock-out results belong to applications: they move to pipelines (issue 9).

Only the migration state changes here; pipelines' migration takes over the tables with
their rows (and renames them to pipelines_*)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("postings", "0004_posting_pay_and_dates_sane"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Answer"),
                migrations.DeleteModel(name="KnockoutEvaluation"),
            ],
            database_operations=[],
        ),
    ]
