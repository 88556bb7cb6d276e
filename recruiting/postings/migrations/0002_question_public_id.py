# Screening questions get a public UUID for URLs. Three steps so rows that already
# exist each receive their own value before the column becomes unique.

import uuid

from django.db import migrations, models


def fill_public_ids(apps, schema_editor):
    ScreeningQuestion = apps.get_model("postings", "ScreeningQuestion")
    for question in ScreeningQuestion.objects.filter(public_id__isnull=True).only("pk"):
        question.public_id = uuid.uuid4()
        question.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("postings", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="screeningquestion",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="screeningquestion",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddConstraint(
            model_name="screeningquestion",
            constraint=models.CheckConstraint(
                condition=models.Q(("knockout_tolerance_pct__lte", 100)), name="question_tolerance_pct_max"
            ),
        ),
    ]
