"""Each candidate's single CV becomes a document of each of their applications (ADR 6).

No file is copied or read: the documents point at the stored file the candidate row
pointed at, marked `carried_over` (which application sent that file is not known: a newer
CV used to replace the older one). Its upload time is the person's latest application,
when the file was last replaced. Size and checksum stay unknown; text and status are kept.
A person without applications keeps the CV as a document of their own.

Likely duplicates already in the data become stored suggestions by the rule new records
follow, for the same e-mail or phone: each active record points at its earliest match.
Similar names are left out here: one trigram probe per record takes minutes at 100,000
people. New and edited records get them, and the candidate page shows look-alikes live.
"""

from django.db import migrations

DOCUMENTS_FROM_CVS = """
INSERT INTO pipelines_document (public_id, created_at, updated_at, candidate_id, application_id, category, file,
                                original_filename, file_type, size, sha256, uploaded_at, uploaded_by_id,
                                carried_over, text, text_status)
SELECT gen_random_uuid(), now(), now(), c.id, a.id, 'cv', c.cv,
       coalesce(nullif(left(c.cv_filename, 200), ''), 'cv'),
       CASE WHEN c.cv_kind IN ('pdf', 'docx') THEN c.cv_kind
            WHEN lower(c.cv_filename) LIKE '%%.docx' THEN 'docx' ELSE 'pdf' END,
       NULL, '',
       coalesce((SELECT max(x.created_at) FROM pipelines_application x WHERE x.candidate_id = c.id), c.created_at),
       NULL, TRUE, c.cv_text,
       CASE WHEN c.cv_status IN ('ready', 'unreadable') THEN c.cv_status ELSE 'processing' END
FROM pipelines_candidate c LEFT JOIN pipelines_application a ON a.candidate_id = c.id
WHERE c.cv <> ''
"""

# The newest document back into the candidate's columns (the reverse of the above).
CVS_FROM_DOCUMENTS = """
UPDATE pipelines_candidate c
SET cv = d.file, cv_filename = d.original_filename, cv_kind = d.file_type, cv_text = d.text,
    cv_status = d.text_status
FROM (SELECT DISTINCT ON (candidate_id) candidate_id, file, original_filename, file_type, text, text_status
      FROM pipelines_document ORDER BY candidate_id, uploaded_at DESC, id DESC) d
WHERE d.candidate_id = c.id
"""

# Two index probes (e-mail, phone) per record.
SUGGESTIONS_FROM_DATA = """
WITH people AS (
    SELECT id, email_normalised AS email, phone_normalised AS phone
    FROM pipelines_candidate WHERE merged_into_id IS NULL AND anonymised_at IS NULL
), best AS (
    SELECT b.id AS b, coalesce(e.id, p.id) AS a
    FROM people b
    LEFT JOIN LATERAL (
        SELECT x.id FROM pipelines_candidate x
        WHERE b.email <> '' AND x.email_normalised = b.email AND x.id < b.id
          AND x.merged_into_id IS NULL AND x.anonymised_at IS NULL
        ORDER BY x.id LIMIT 1) e ON TRUE
    LEFT JOIN LATERAL (
        SELECT x.id FROM pipelines_candidate x
        WHERE b.phone <> '' AND x.phone_normalised = b.phone AND x.id < b.id
          AND x.merged_into_id IS NULL AND x.anonymised_at IS NULL
        ORDER BY x.id LIMIT 1) p ON TRUE
)
INSERT INTO pipelines_duplicatesuggestion (public_id, created_at, updated_at, candidate_id, existing_id, reasons)
SELECT gen_random_uuid(), now(), now(), nb.id, na.id, to_jsonb(array_remove(ARRAY[
    CASE WHEN nb.email <> '' AND nb.email = na.email THEN 'same e-mail' END,
    CASE WHEN nb.phone <> '' AND nb.phone = na.phone THEN 'same phone' END
], NULL))
FROM best JOIN people nb ON nb.id = best.b JOIN people na ON na.id = best.a
"""


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(DOCUMENTS_FROM_CVS, {})
        cursor.execute(SUGGESTIONS_FROM_DATA)


def backwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(CVS_FROM_DOCUMENTS)


class Migration(migrations.Migration):
    dependencies = [("pipelines", "0007_documents_and_duplicate_suggestions")]

    operations = [migrations.RunPython(forwards, backwards)]
