"""The candidate's single CV lives on as documents (0008); its columns go (ADR 6)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pipelines", "0008_documents_from_candidate_cvs")]

    operations = [
        migrations.RemoveField(model_name="candidate", name="cv"),
        migrations.RemoveField(model_name="candidate", name="cv_filename"),
        migrations.RemoveField(model_name="candidate", name="cv_kind"),
        migrations.RemoveField(model_name="candidate", name="cv_status"),
        migrations.RemoveField(model_name="candidate", name="cv_text"),
    ]
