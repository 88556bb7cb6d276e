from django.db import migrations

# The list in force when this migration was written; recruiting.pipelines.moves keeps
# the same names and re-creates any that go missing (tests flush the database).
REASONS = [
    "Not enough experience",
    "Skills mismatch",
    "Compensation mismatch",
    "Notice period too long",
    "Knock-out",
    "Position filled",
    "Candidate unresponsive",
    "Other",
]


def seed(apps, schema_editor):
    RejectionReason = apps.get_model("pipelines", "RejectionReason")
    for order, name in enumerate(REASONS):
        RejectionReason.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("pipelines", "0005_candidate_toast_target")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
