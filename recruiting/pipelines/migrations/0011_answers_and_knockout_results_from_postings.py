"""Answers and knock-out results move from postings to pipelines (issue 9), rows kept.

The models are created in the migration state on the existing tables (postings_answer,
postings_knockoutevaluation), which are then renamed to pipelines_*; their content types
(and so their permissions) change app too."""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("answer", "knockoutevaluation")


def content_types_to(source: str, target: str):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        taken = set(ContentType.objects.filter(app_label=target, model__in=MOVED).values_list("model", flat=True))
        ContentType.objects.filter(app_label=source, model__in=MOVED).exclude(model__in=taken).update(
            app_label=target
        )

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("pipelines", "0010_candidate_profile_sane"),
        ("postings", "0005_answers_and_knockout_results_move_to_pipelines"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Answer",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("value", models.JSONField(null=True)),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="answers",
                                to="pipelines.application",
                            ),
                        ),
                        (
                            "question",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="answers",
                                to="postings.screeningquestion",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "postings_answer",
                        "constraints": [
                            models.UniqueConstraint(fields=("application", "question"), name="answer_unique")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="KnockoutEvaluation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("flags_before", models.JSONField(default=list)),
                        ("flags_after", models.JSONField(default=list)),
                        ("reason", models.CharField(max_length=300)),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="knockout_history",
                                to="pipelines.application",
                            ),
                        ),
                    ],
                    options={"db_table": "postings_knockoutevaluation", "ordering": ["-created_at"]},
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="answer", table=None),
        migrations.AlterModelTable(name="knockoutevaluation", table=None),
        migrations.RunPython(content_types_to("postings", "pipelines"), content_types_to("pipelines", "postings")),
    ]
