"""Recompute every candidate's search vectors: skills, tags, role, CV text and notes are
now also indexed stemmed (English), names and e-mail stay exact (issue 15 §2)."""

from __future__ import annotations

from django.db import migrations

BATCH = 2_000


def refresh_all(apps, schema_editor) -> None:
    from recruiting.pipelines.services.search_index import candidate_refresh_search

    Candidate = apps.get_model("pipelines", "Candidate")
    ids = list(Candidate.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        candidate_refresh_search(ids[start : start + BATCH])


class Migration(migrations.Migration):
    dependencies = [("pipelines", "0012_choices_held_by_check_constraints")]

    operations = [migrations.RunPython(refresh_all, migrations.RunPython.noop)]
