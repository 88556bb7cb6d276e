"""Each candidate's single CV becomes a document of each of their applications (ADR 5).

No file is copied or read: the documents point at the stored file the candidate row
pointed at, marked `carried_over` (which application sent that file is not known: a newer
CV used to replace the older one). Its upload time is the person's latest application,
when the file was last replaced. Size and checksum stay unknown; text and status are kept.
A person without applications keeps the CV as a document of their own.

Likely duplicates already in the data become stored suggestions by the rule new records
follow: each active record points at its earliest match, by e-mail, else phone, else a
similar name with the same city or company e-mail domain.
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

# Mail providers shared by strangers, as services.FREE_MAIL_DOMAINS had them here.
FREE_MAIL_DOMAINS = [
    "aol.com",
    "gmail.com",
    "hotmail.com",
    "icloud.com",
    "live.com",
    "mail.com",
    "outlook.com",
    "proton.me",
    "protonmail.com",
    "rediffmail.com",
    "yahoo.co.in",
    "yahoo.com",
    "zoho.com",
]

# Each lateral join is one index probe (e-mail, phone, trigram name) per record.
SUGGESTIONS_FROM_DATA = """
WITH people AS (
    SELECT id, full_name, email_normalised AS email, phone_normalised AS phone, location,
           lower(trim(location)) AS city, split_part(email_normalised, '@', 2) AS domain
    FROM pipelines_candidate WHERE merged_into_id IS NULL AND anonymised_at IS NULL
), best AS (
    SELECT b.id AS b, coalesce(e.id, p.id, n.id) AS a
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
    LEFT JOIN LATERAL (
        SELECT x.id FROM pipelines_candidate x
        WHERE x.full_name %% b.full_name AND x.id < b.id AND similarity(x.full_name, b.full_name) >= 0.6
          AND x.merged_into_id IS NULL AND x.anonymised_at IS NULL
          AND ((b.city <> '' AND lower(trim(x.location)) = b.city)
               OR (b.domain <> '' AND split_part(x.email_normalised, '@', 2) = b.domain
                   AND NOT (b.domain = ANY(%(free)s))))
        ORDER BY x.id LIMIT 1) n ON TRUE
)
INSERT INTO pipelines_duplicatesuggestion (public_id, created_at, updated_at, candidate_id, existing_id, reasons)
SELECT gen_random_uuid(), now(), now(), nb.id, na.id, to_jsonb(array_remove(ARRAY[
    CASE WHEN nb.email <> '' AND nb.email = na.email THEN 'same e-mail' END,
    CASE WHEN nb.phone <> '' AND nb.phone = na.phone THEN 'same phone' END,
    CASE WHEN similarity(na.full_name, nb.full_name) < 0.6 THEN NULL
         WHEN nb.city <> '' AND nb.city = na.city THEN 'similar name and same city (' || na.location || ')'
         WHEN nb.domain <> '' AND nb.domain = na.domain AND NOT (nb.domain = ANY(%(free)s))
              THEN 'similar name and same e-mail domain (' || nb.domain || ')' END
], NULL))
FROM best JOIN people nb ON nb.id = best.b JOIN people na ON na.id = best.a
"""


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(DOCUMENTS_FROM_CVS, {})
        # `%` then hands over only names similar enough to count, from the trigram index.
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', '0.6', true)")
        cursor.execute(SUGGESTIONS_FROM_DATA, {"free": FREE_MAIL_DOMAINS})


def backwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(CVS_FROM_DOCUMENTS)


class Migration(migrations.Migration):
    dependencies = [("pipelines", "0007_documents_and_duplicate_suggestions")]

    operations = [migrations.RunPython(forwards, backwards)]
