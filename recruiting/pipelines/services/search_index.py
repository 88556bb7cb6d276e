"""The search vectors of a candidate: what full-text search matches and ranks.

Two text search configurations, each where it is right (ADR 16):
- ``simple`` (exact words) for names and e-mail addresses: people's names are not
  English words to stem ("Thomas" is not "thoma"), and fuzzy name matching is the
  trigram branch's job;
- ``english`` (stemmed: "ledgers" → ledger, "engines" → engin) for skills, tags, the
  current role, CV text and notes; skills and tags are indexed exactly as well, so a
  technology name ("go", "it", "node.js") matches as typed even when the English
  dictionary drops or changes it. The role is stemmed only: indexing "Engineer" twice
  would double the index entries the commonest search term has to read.

`search_head` (name, e-mail, skills, tags, role: small) ranks; `search_vector` (the head
plus CVs and notes, weight D) matches. People merged into another or anonymised have
none (NULL): full-text search never finds them, without a filter that would make it
read every matching row to check.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

# The configuration of exact words (names, e-mail, technology names as typed).
SEARCH_CONFIG = "simple"
# The stemmed one (skills, tags, role, CV text, notes).
STEMMED_CONFIG = "english"
# CVs are capped before indexing: a tsvector has a 1 MB limit and long CVs only add noise.
SEARCH_CV_CHARS = 30_000


def _both(text_sql: str) -> str:
    return f"(to_tsvector('{SEARCH_CONFIG}', {text_sql}) || to_tsvector('{STEMMED_CONFIG}', {text_sql}))"


_SKILLS_AND_TAGS = """coalesce((SELECT string_agg(s.value, ' ') FROM jsonb_array_elements_text(
                CASE WHEN jsonb_typeof(c.skills) = 'array' THEN c.skills ELSE '[]'::jsonb END) AS s(value)), '')
            || ' ' || coalesce((SELECT string_agg(replace(t.name, '-', ' ') || ' ' || t.name, ' ')
                                FROM pipelines_candidate_tags ct JOIN pipelines_tag t ON t.id = ct.tag_id
                                WHERE ct.candidate_id = c.id), '')"""
_ROLE = (
    """coalesce(c."current_role", '') || ' ' || coalesce(c.current_company, '') || ' ' || coalesce(c.location, '')"""
)

_REFRESH_SEARCH_SQL = f"""
UPDATE pipelines_candidate AS c
SET search_head = CASE WHEN v.findable THEN v.head END, search_vector = CASE WHEN v.findable THEN v.head || v.body END
FROM (
    SELECT c.id, c.merged_into_id IS NULL AND c.anonymised_at IS NULL AS findable,
        setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(c.full_name, '') || ' ' || coalesce(c.email, '')
            || ' ' || translate(coalesce(c.email, ''), '@.+_-', '     ')), 'A')
     || setweight({_both(_SKILLS_AND_TAGS)}, 'B')
     || setweight(to_tsvector('{STEMMED_CONFIG}', {_ROLE}), 'C') AS head,
        setweight(to_tsvector('{STEMMED_CONFIG}', left(coalesce((
                SELECT string_agg(d.body, ' ' ORDER BY d.newest DESC)
                FROM (SELECT dd."text" AS body, max(dd.uploaded_at) AS newest FROM pipelines_document dd
                      WHERE dd.candidate_id = c.id AND dd."text" <> '' GROUP BY dd."text") AS d), ''), {SEARCH_CV_CHARS})
            || ' ' || left(coalesce((SELECT string_agg(n.body, ' ') FROM pipelines_note n WHERE n.candidate_id = c.id),
                    ''), {SEARCH_CV_CHARS})), 'D') AS body
    FROM pipelines_candidate AS c WHERE c.id = ANY(%s)
) AS v
WHERE c.id = v.id
"""  # noqa: S608 - only module constants are interpolated


def candidate_refresh_search(candidate_ids: Iterable[int]) -> int:
    """Recompute the weighted search vectors of the given candidates in one UPDATE:
    A name and e-mail, B skills and tags, C current role/company/city (together
    `search_head`, used for ranking), plus D the text of their documents (newest first,
    each distinct text once: carried-over CVs share one) and notes (all in
    `search_vector`, used for matching).
    Returns the number of rows updated."""
    ids = sorted({int(pk) for pk in candidate_ids})
    if not ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_REFRESH_SEARCH_SQL, [ids])
        return cursor.rowcount
