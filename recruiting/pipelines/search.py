"""Candidate search: weighted full-text search plus trigram matching of names.

One ranked result list merges two ways of matching:
- full text (`search_vector @@ websearch_to_tsquery(...)`, GIN index), ranked with ts_rank,
  so a word in the name or e-mail (weight A) beats skills and tags (B), the current role
  (C) and the CV text and notes (D);
- trigram similarity on `full_name` (gin_trgm_ops index) for misspelled names.
Snippets (ts_headline) are computed for the displayed page only: they are expensive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
)
from django.db import connection
from django.db.models import (
    Exists,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat, Left
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from recruiting.pipelines.models import Application, Candidate, Note
from recruiting.pipelines.services import SEARCH_CONFIG

MAX_QUERY_CHARS = 200
# Below this a trigram match is noise ("kafka" is 0.2 similar to many names).
NAME_SIMILARITY_FLOOR = 0.3
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


def _tsquery(query: str) -> SearchQuery:
    return SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")


def _matching_ids(query: str) -> RawSQL:
    """Ids matching `query` by full text or by name similarity, as a UNION of two index
    scans. Kept apart on purpose: in one OR'ed scan PostgreSQL rechecks trigram hits
    against the full text vector too, reading every large CV vector from TOAST."""
    sql = (
        "SELECT id FROM pipelines_candidate WHERE search_vector @@ websearch_to_tsquery(%s::regconfig, %s)"
        " UNION SELECT id FROM pipelines_candidate WHERE full_name %% %s OR full_name %%> %s"
    )
    return RawSQL(sql, [SEARCH_CONFIG, query, query, query])  # noqa: S611 - parameters, not interpolation


_RANKED_SQL = """
WITH hits AS (
    SELECT c.id, ts_rank(c.search_head, q.query) AS score
    FROM pipelines_candidate c, websearch_to_tsquery(%(config)s::regconfig, %(text)s) AS q(query)
    WHERE c.search_vector @@ q.query AND c.merged_into_id IS NULL AND c.anonymised_at IS NULL
    UNION ALL
    SELECT c.id, greatest(similarity(c.full_name, %(text)s), word_similarity(%(text)s, c.full_name)) * %(weight)s
    FROM pipelines_candidate c
    WHERE (c.full_name %% %(text)s OR c.full_name %%> %(text)s) AND c.merged_into_id IS NULL
      AND c.anonymised_at IS NULL
), scored AS (
    SELECT id, sum(score) AS score FROM hits {access} GROUP BY id
)
SELECT id, score, count(*) OVER () FROM scored ORDER BY score DESC, id DESC LIMIT %(limit)s OFFSET %(offset)s
"""


def ranked_ids(user, query: str, *, limit: int, offset: int = 0) -> tuple[list[tuple[int, float]], int]:
    """One page of (candidate id, score) matching `query` among the people `user` may see,
    best first, and the number of matches, in one query.

    Each way of matching scores in its own index scan: the full-text branch ranks with
    `search_head` (name, e-mail, skills, tags, role: a few hundred bytes) instead of the
    full vector, so thousands of matches rank without reading CVs from TOAST; people who
    match only through their CV or notes follow, newest first. The trigram branch adds the
    name similarity. Scores of a person found both ways add up."""
    params: dict = {
        "config": SEARCH_CONFIG,
        "text": query,
        "weight": NAME_SIMILARITY_WEIGHT,
        "limit": limit,
        "offset": offset,
    }
    access = ""
    if not (user.is_authenticated and user.has_role("recruiter")):
        visible_sql, visible_params = visible_candidates(user).values("pk").query.sql_with_params()
        for index, value in enumerate(visible_params):
            params[f"v{index}"] = value
        placeholders = tuple(f"%(v{index})s" for index in range(len(visible_params)))
        access = "WHERE id IN (" + (visible_sql.replace("%", "%%").replace("%%s", "%s") % placeholders) + ")"
    with connection.cursor() as cursor:
        cursor.execute(_RANKED_SQL.format(access=access), params)
        rows = cursor.fetchall()
    total = rows[0][2] if rows else 0
    return [(row[0], row[1]) for row in rows], total


def matching_candidate_ids(user, query: str) -> QuerySet:
    """The same match as `matching_candidates`, as a pk subquery (for the list filter)."""
    return visible_candidates(user).filter(pk__in=_matching_ids(clean_query(query))).values("pk")


def _with_snippets(people: QuerySet[Candidate], query: str, *, with_notes: bool) -> QuerySet[Candidate]:
    """Annotate `snippet`: highlighted extracts of the CV text (and notes). Only ever
    applied to the displayed page: ts_headline re-parses the text."""
    source = Left("cv_text", SNIPPET_SOURCE_CHARS)
    if with_notes:
        notes = (
            Note.objects.filter(candidate=OuterRef("pk"))
            .order_by()
            .values("candidate")
            .annotate(text=_StringAgg("body"))
            .values("text")[:1]
        )
        source = Concat(source, Value(" \n "), Coalesce(Left(Subquery(notes), SNIPPET_SOURCE_CHARS), Value("")))
    return people.annotate(
        snippet=SearchHeadline(
            source,
            _tsquery(query),
            config=SEARCH_CONFIG,
            start_sel=_START,
            stop_sel=_STOP,
            max_words=28,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def _highlight(text: str | None) -> SafeString:
    text = escape((text or "").strip())
    return mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308 - escaped first


def _StringAgg(field_name: str):  # noqa: N802 - reads like the aggregate it builds
    from django.db.models import StringAgg

    return StringAgg(field_name, delimiter=Value(" "), order_by="-created_at")


def candidate_search(*, user, query: str, page: int = 1, per_page: int = 25) -> SearchResults:
    """One page of candidates matching `query` as `user` may see them, ranked, with
    highlighted snippets. Three queries: ranked ids with the total, the people with their
    snippets, their tags."""
    query = clean_query(query)
    page = max(1, int(page or 1))
    if not query:
        return SearchResults(query="", hits=[], total=0, page=1, per_page=per_page)
    if not user.is_authenticated or not user.effective_role:
        return SearchResults(query=query, hits=[], total=0, page=1, per_page=per_page)
    ranked, total = ranked_ids(user, query, limit=per_page, offset=(page - 1) * per_page)
    if not ranked and page > 1:
        # Past the last page: the total still tells how many there are.
        total = ranked_ids(user, query, limit=1)[1]
    people = {
        c.pk: c
        for c in _with_snippets(
            Candidate.objects.filter(pk__in=[pk for pk, _ in ranked]), query, with_notes=not user.is_interviewer
        )
        .defer("cv_text", "search_vector", "search_head")
        .prefetch_related("tags")
    }
    hits = [
        SearchHit(candidate=people[pk], score=score, snippet=_highlight(people[pk].snippet))
        for pk, score in ranked
        if pk in people
    ]
    return SearchResults(query=query, hits=hits, total=total, page=page, per_page=per_page)
