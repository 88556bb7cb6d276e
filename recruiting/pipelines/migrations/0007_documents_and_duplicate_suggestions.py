"""Documents kept per application, contact details given with each application, and
stored duplicate suggestions (ADR 6). The candidate's own CV columns are copied into
documents by 0008 and dropped by 0009."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import recruiting.pipelines.models

# A document stays with the person of its application: when a merge moves the application
# to another candidate, PostgreSQL moves its documents with it. MATCH SIMPLE: documents
# without an application (added to the person by a recruiter) are not checked.
DOCUMENT_FOLLOWS_APPLICATION = """
ALTER TABLE pipelines_document ADD CONSTRAINT document_application_candidate
    FOREIGN KEY (application_id, candidate_id) REFERENCES pipelines_application (id, candidate_id)
    ON UPDATE CASCADE ON DELETE CASCADE
"""
DOCUMENT_FOLLOWS_APPLICATION_REVERSE = "ALTER TABLE pipelines_document DROP CONSTRAINT document_application_candidate"

# Documents are immutable: what was sent, when and with which application never changes.
# Only the extracted text and its status, the owner (merges) and a missing size or
# checksum may be filled in; an uploader may become NULL when that user is deleted.
DOCUMENT_IMMUTABLE = """
CREATE FUNCTION pipelines_document_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.public_id IS DISTINCT FROM OLD.public_id
       OR NEW.application_id IS DISTINCT FROM OLD.application_id
       OR NEW.category IS DISTINCT FROM OLD.category
       OR NEW.file IS DISTINCT FROM OLD.file
       OR NEW.original_filename IS DISTINCT FROM OLD.original_filename
       OR NEW.file_type IS DISTINCT FROM OLD.file_type
       OR NEW.uploaded_at IS DISTINCT FROM OLD.uploaded_at
       OR NEW.carried_over IS DISTINCT FROM OLD.carried_over
       OR (NEW.size IS DISTINCT FROM OLD.size AND OLD.size IS NOT NULL)
       OR (NEW.sha256 IS DISTINCT FROM OLD.sha256 AND OLD.sha256 <> '')
       OR (NEW.uploaded_by_id IS DISTINCT FROM OLD.uploaded_by_id AND NEW.uploaded_by_id IS NOT NULL) THEN
        RAISE EXCEPTION 'document % is immutable', OLD.public_id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER document_immutable BEFORE UPDATE ON pipelines_document
    FOR EACH ROW EXECUTE FUNCTION pipelines_document_immutable();
"""
DOCUMENT_IMMUTABLE_REVERSE = """
DROP TRIGGER document_immutable ON pipelines_document;
DROP FUNCTION pipelines_document_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("pipelines", "0006_default_rejection_reasons"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="applicant_email",
            field=models.EmailField(blank=True, max_length=254),
        ),
        migrations.AddField(
            model_name="application",
            name="applicant_name",
            field=models.CharField(blank=True, max_length=150),
        ),
        migrations.AddField(
            model_name="application",
            name="applicant_phone",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.UniqueConstraint(fields=("id", "candidate"), name="application_id_candidate"),
        ),
        migrations.CreateModel(
            name="Document",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                (
                    "category",
                    models.CharField(choices=[("cv", "CV"), ("other", "Other document")], default="cv", max_length=8),
                ),
                ("file", models.FileField(max_length=200, upload_to=recruiting.pipelines.models.cv_upload_to)),
                ("original_filename", models.CharField(help_text="Name the sender gave the file", max_length=200)),
                ("file_type", models.CharField(max_length=4)),
                ("size", models.PositiveBigIntegerField(blank=True, help_text="Bytes", null=True)),
                ("sha256", models.CharField(blank=True, max_length=64)),
                ("uploaded_at", models.DateTimeField()),
                (
                    "carried_over",
                    models.BooleanField(
                        default=False,
                        help_text="The person's single CV from before documents were kept per application",
                    ),
                ),
                ("text", models.TextField(blank=True)),
                (
                    "text_status",
                    models.CharField(
                        choices=[
                            ("none", "No CV"),
                            ("processing", "Processing"),
                            ("ready", "Ready"),
                            ("unreadable", "Could not be read"),
                        ],
                        default="processing",
                        max_length=10,
                    ),
                ),
                (
                    "application",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="documents",
                        to="pipelines.application",
                    ),
                ),
                (
                    "candidate",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="documents", to="pipelines.candidate"
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-uploaded_at", "-id"],
                "indexes": [models.Index(fields=["candidate", "-uploaded_at"], name="document_candidate_newest")],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("file", ""), _negated=True), name="document_has_file"),
                    models.CheckConstraint(
                        condition=models.Q(("file_type__in", ["pdf", "docx"])), name="document_file_type"
                    ),
                ],
            },
        ),
        migrations.RunSQL(DOCUMENT_FOLLOWS_APPLICATION, DOCUMENT_FOLLOWS_APPLICATION_REVERSE),
        migrations.RunSQL(DOCUMENT_IMMUTABLE, DOCUMENT_IMMUTABLE_REVERSE),
        migrations.CreateModel(
            name="DuplicateSuggestion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("reasons", models.JSONField(default=list, help_text='e.g. ["same phone"]')),
                ("dismissed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "candidate",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="duplicate_suggestions",
                        to="pipelines.candidate",
                    ),
                ),
                (
                    "existing",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="pipelines.candidate"
                    ),
                ),
                (
                    "dismissed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["existing"], name="suggestion_existing")],
                "constraints": [
                    models.UniqueConstraint(fields=("candidate", "existing"), name="one_suggestion_per_pair"),
                    models.CheckConstraint(
                        condition=models.Q(("candidate__gt", models.F("existing"))), name="suggestion_newer_first"
                    ),
                ],
            },
        ),
    ]
