"""Candidate search: weighted full-text search plus fuzzy matching of names.

One ranked result list merges two ways of matching:
- full text (`search_vector @@ websearch_to_tsquery(...)`, GIN index), ranked with ts_rank
  over the small `search_head` vector, so a word in the name or e-mail (weight A) beats
  skills and tags (B), the current role (C) and the CV text and notes (D);
- fuzzy names for typos: every word of the query must be trigram-similar to a word of the
  person's name (`full_name %> word`, gin_trgm_ops index), ranked by the similarity of the
  whole query to the name.
Snippets (ts_headline) are computed for the displayed page only: they are expensive.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from recruiting.pipelines.models import Application, Candidate, Document
from recruiting.pipelines.services import SEARCH_CONFIG

MAX_QUERY_CHARS = 200
# A one-word query matches a name when pg_trgm's word_similarity(word, name) reaches
# this: "rahavan" is 0.55 similar to "Amit Raghavan", while "kafka" is at most 0.33
# similar to any name.
NAME_WORD_SIMILARITY = 0.5
# With several words every word must match, which narrows the match enough for each to
# be a little further off: "john" is 0.4 similar to "Jon Raghavan".
NAME_WORDS_SIMILARITY = 0.4
# Longer queries are not names; every word costs an index scan.
MAX_NAME_WORDS = 5
# Nor are queries of short words only ("c", "go", "ai ml"): a letter or two matches the
# start of a word in thousands of names, which would crowd out the people who know Go.
MIN_NAME_WORD_CHARS = 3
# ts_rank of a single name hit is about 0.06; a perfect name match adds 0.1 on top.
NAME_SIMILARITY_WEIGHT = 0.1
SNIPPET_SOURCE_CHARS = 20_000
# Private-use characters mark highlights inside PostgreSQL; the snippet is escaped in
# Python and only then are they turned into <mark>, so CV text can never inject HTML.
_START, _STOP = "\ue000", "\ue001"


@dataclass
class SearchHit:
    candidate: Candidate
    score: float
    snippet: SafeString = field(default_factory=lambda: mark_safe(""))  # noqa: S308 - empty string
    tags: list[str] = field(default_factory=list)


@dataclass
class SearchResults:
    query: str
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def clean_query(text: str | None) -> str:
    return " ".join((text or "").split())[:MAX_QUERY_CHARS]


def visible_candidates(user) -> QuerySet[Candidate]:
    """Candidates `user` may find: recruiters and admins all (active) people; everybody
    else only people with at least one application they can see."""
    people = Candidate.objects.active()
    if user.is_authenticated and user.has_role("recruiter"):
        return people
    return people.filter(Exists(Application.objects.visible_to(user).filter(candidate=OuterRef("pk"))))


def name_words(query: str) -> list[str]:
    """The words a person's name must contain (give or take a typo) to match `query`:
    letters and digits as pg_trgm splits them, without websearch operators (`-word`,
    `or`, quotes). Empty for queries that cannot be a name: too many words, or only
    short ones."""
    words: list[str] = []
    for token in query.lower().split():
        if token.startswith("-") or token == "or":
            continue
        for word in re.findall(r"[^\W_]+", token):
            if word not in words:
                words.append(word)
    if len(words) > MAX_NAME_WORDS or all(len(word) < MIN_NAME_WORD_CHARS for word in words):
        return []
    return words


def _name_match_sql(words: list[str], placeholder: Callable[[int], str] = lambda index: "%s") -> tuple[str, list]:
    """SQL condition on `c.full_name` (and its parameters): every word is trigram-similar
    to a word of the name. Each word is one condition on the gin_trgm_ops index, so the
    index intersects them and only people matching all words are read: "John Raghavan"
    reads a dozen rows, not the thousand people sharing one of the two names.

    `%>` compares with pg_trgm.word_similarity_threshold; the uncorrelated sub-select
    becomes a one-time filter that PostgreSQL evaluates before the index scan starts, so
    the threshold is set (for this transaction only) where the scan reads it, without
    another round trip."""
    if not words:
        return "FALSE", []
    threshold = NAME_WORD_SIMILARITY if len(words) == 1 else NAME_WORDS_SIMILARITY
    gate = f"(SELECT set_config('pg_trgm.word_similarity_threshold', {placeholder(0)}, true)) IS NOT NULL"
    conditions = [f"c.full_name %%> {placeholder(index)}" for index in range(1, len(words) + 1)]
    return " AND ".join([gate, *conditions]), [str(threshold), *words]


def _matching_ids(query: str) -> RawSQL:
    """Ids matching `query` by full text or by a fuzzy name, as a UNION of two index
    scans. Kept apart on purpose: in one OR'ed scan PostgreSQL rechecks trigram hits
    against the full text vector too, reading every large CV vector from TOAST."""
    name_sql, name_params = _name_match_sql(name_words(query))
    full_text = "SELECT id FROM pipelines_candidate WHERE search_vector @@ websearch_to_tsquery(%s::regconfig, %s)"
    sql = f"{full_text} UNION SELECT c.id FROM pipelines_candidate c WHERE {name_sql}"  # noqa: S608 - no input in it
    return RawSQL(sql, [SEARCH_CONFIG, query, *name_params])  # noqa: S611 - parameters, not interpolation


# `names` is small (people matching every word of the query) and joins `words` (possibly
# thousands of full-text matches) by hash; a person found both ways adds up both scores.
_RANKED_SQL = """
WITH names AS MATERIALIZED (
    SELECT c.id, greatest(similarity(c.full_name, %(text)s), word_similarity(%(text)s, c.full_name)) * %(weight)s AS score
    FROM pipelines_candidate c
    WHERE {names} AND c.merged_into_id IS NULL AND c.anonymised_at IS NULL
), words AS (
    SELECT c.id, ts_rank(c.search_head, q.query) AS score
    FROM pipelines_candidate c, websearch_to_tsquery(%(config)s::regconfig, %(text)s) AS q(query)
    WHERE c.search_vector @@ q.query AND c.merged_into_id IS NULL AND c.anonymised_at IS NULL
    OFFSET 0  -- rank in the scan: only (id, score) travels on, not every search_head
), scored AS (
    SELECT coalesce(words.id, names.id) AS id, coalesce(words.score, 0) + coalesce(names.score, 0) AS score
    FROM words FULL JOIN names ON names.id = words.id
), page AS (
    SELECT id, score, count(*) OVER () AS total FROM scored {access}
    ORDER BY score DESC, id DESC LIMIT %(limit)s OFFSET %(offset)s
)
{select}
"""
_IDS_SELECT = "SELECT id, score, total FROM page ORDER BY score DESC, id DESC"
# The displayed page itself: the people (without their CV text and vectors), their tag
# names and snippets, computed after LIMIT, so for these rows only.
_PEOPLE_SELECT = """
SELECT {columns}, page.score, page.total, ts_headline(%(config)s::regconfig, {snippet_source},
       websearch_to_tsquery(%(config)s::regconfig, %(text)s), %(snippet_options)s) AS snippet,
    ARRAY(SELECT t.name FROM pipelines_candidate_tags ct JOIN pipelines_tag t ON t.id = ct.tag_id
          WHERE ct.candidate_id = pipelines_candidate.id ORDER BY t.name) AS tag_names,
    (SELECT d.text_status FROM pipelines_document d WHERE d.candidate_id = pipelines_candidate.id
     ORDER BY d.uploaded_at DESC, d.id DESC LIMIT 1) AS cv_status
FROM page JOIN pipelines_candidate ON pipelines_candidate.id = page.id
ORDER BY page.score DESC, page.id DESC
"""
# The person's CV texts, newest first, from the documents the user may open ({documents}).
_SNIPPET_SOURCE_SQL = (
    "left(coalesce((SELECT string_agg(d.\"text\", ' ' ORDER BY d.uploaded_at DESC, d.id DESC)"
    " FROM pipelines_document d WHERE d.candidate_id = pipelines_candidate.id{documents}), ''), %(snippet_chars)s)"
)
_SNIPPET_NOTES_SQL = (
    " || ' \n ' || coalesce(left((SELECT string_agg(n.body, ' ' ORDER BY n.created_at DESC)"
    " FROM pipelines_note n WHERE n.candidate_id = pipelines_candidate.id), %(snippet_chars)s), '')"
)
_SNIPPET_OPTIONS = (
    f"StartSel='{_START}', StopSel='{_STOP}', MaxWords=28, MinWords=12, MaxFragments=2, FragmentDelimiter=' … '"
)
_NOT_SHOWN = {"search_vector", "search_head"}


def _ranked_sql(user, query: str, *, limit: int, offset: int, select: str) -> tuple[str, dict]:
    """The ranked matches of `query` among the people `user` may see, best first, as the
    CTE `page` (id, score, total: the number of matches) of one page, followed by `select`.

    Each way of matching scores in its own index scan: the full-text branch ranks with
    `search_head` (name, e-mail, skills, tags, role: a few hundred bytes) instead of the
    full vector, so thousands of matches rank without reading CVs from TOAST; people who
    match only through their CV or notes follow, newest first. The fuzzy-name branch adds
    the similarity of the query to the name. Scores of a person found both ways add up."""
    params: dict = {
        "config": SEARCH_CONFIG,
        "text": query,
        "weight": NAME_SIMILARITY_WEIGHT,
        "limit": limit,
        "offset": offset,
    }
    names, name_params = _name_match_sql(name_words(query), lambda index: f"%(n{index})s")
    params.update({f"n{index}": value for index, value in enumerate(name_params)})
    access = ""
    if not (user.is_authenticated and user.has_role("recruiter")):
        visible_sql, visible_params = visible_candidates(user).values("pk").query.sql_with_params()
        for index, value in enumerate(visible_params):
            params[f"v{index}"] = value
        placeholders = tuple(f"%(v{index})s" for index in range(len(visible_params)))
        access = "WHERE id IN (" + (visible_sql.replace("%", "%%").replace("%%s", "%s") % placeholders) + ")"
    return _RANKED_SQL.format(names=names, access=access, select=select), params


def ranked_ids(user, query: str, *, limit: int, offset: int = 0) -> tuple[list[tuple[int, float]], int]:
    """One page of (candidate id, score) matching `query` among the people `user` may see,
    best first, and the number of matches, in one query."""
    sql, params = _ranked_sql(user, query, limit=limit, offset=offset, select=_IDS_SELECT)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total = rows[0][2] if rows else 0
    return [(row[0], row[1]) for row in rows], total


def _ranked_people(user, query: str, *, limit: int, offset: int) -> list[Candidate]:
    """The people of one page of `ranked_ids`, best first, in the same single query, each
    with `score`, `total`, `snippet` (highlighted extracts of the CV text, and of the
    notes unless `user` is an interviewer) and `tag_names`."""
    columns = ", ".join(
        f'pipelines_candidate."{f.column}"' for f in Candidate._meta.concrete_fields if f.name not in _NOT_SHOWN
    )
    documents, document_params = _visible_documents_sql(user)
    source = _SNIPPET_SOURCE_SQL.format(documents=documents)
    if not user.is_interviewer:
        source += _SNIPPET_NOTES_SQL
    select = _PEOPLE_SELECT.format(columns=columns, snippet_source=source)
    sql, params = _ranked_sql(user, query, limit=limit, offset=offset, select=select)
    params.update(snippet_chars=SNIPPET_SOURCE_CHARS, snippet_options=_SNIPPET_OPTIONS, **document_params)
    return list(Candidate.objects.raw(sql, params))


def _visible_documents_sql(user) -> tuple[str, dict]:
    """An extra condition on `d` (pipelines_document) keeping snippets to the documents
    `user` may open (`Document.objects.visible_to`); nothing for recruiters."""
    if user.is_authenticated and user.has_role("recruiter"):
        return "", {}
    visible_sql, visible_params = Document.objects.visible_to(user).values("pk").query.sql_with_params()
    params = {f"d{index}": value for index, value in enumerate(visible_params)}
    placeholders = tuple(f"%(d{index})s" for index in range(len(visible_params)))
    condition = visible_sql.replace("%", "%%").replace("%%s", "%s") % placeholders
    return f" AND d.id IN ({condition})", params


def matching_candidate_ids(user, query: str) -> QuerySet:
    """The same match as `candidate_search`, as a pk subquery (for the list filter)."""
    return visible_candidates(user).filter(pk__in=_matching_ids(clean_query(query))).values("pk")


def _highlight(text: str | None) -> SafeString:
    text = escape((text or "").strip())
    return mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308 - escaped first


def candidate_search(*, user, query: str, page: int = 1, per_page: int = 25) -> SearchResults:
    """One page of candidates matching `query` as `user` may see them, ranked, with
    highlighted snippets and the number of matches: one query (two past the last page)."""
    query = clean_query(query)
    page = max(1, int(page or 1))
    if not query:
        return SearchResults(query="", hits=[], total=0, page=1, per_page=per_page)
    if not user.is_authenticated or not user.effective_role:
        return SearchResults(query=query, hits=[], total=0, page=1, per_page=per_page)
    people = _ranked_people(user, query, limit=per_page, offset=(page - 1) * per_page)
    total = people[0].total if people else 0
    if not people and page > 1:
        # Past the last page: the total still tells how many there are.
        total = ranked_ids(user, query, limit=1)[1]
    hits = [
        SearchHit(candidate=person, score=person.score, snippet=_highlight(person.snippet), tags=person.tag_names)
        for person in people
    ]
    return SearchResults(query=query, hits=hits, total=total, page=page, per_page=per_page)
