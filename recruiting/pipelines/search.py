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

from recruiting.core.contact import normalise_email, normalise_phone
from recruiting.pipelines.models import Application, Candidate, Document
from recruiting.pipelines.services.search_index import SEARCH_CONFIG, STEMMED_CONFIG

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
# Past this many full-text matches the work is bounded: only the first MATCH_CAP found are
# ranked and the count reads "10,000+". A term shared by most people ("engineer") says
# little; ranking and counting every one of 67,000 matches to show 25 cost 0.8 s.
MATCH_CAP = 10_000
# A query the planner expects to match more people than this is "common": not counted,
# and ranked from the newest matches (twice the cap: estimates are estimates).
COMMON_ESTIMATE = 2 * MATCH_CAP
# For a common term, the newest this many matches are ranked: each costs a row read
# (and, when its head does not match, its full vector), so fewer than RANK_POOL.
COMMON_POOL = 300
# Of those, this many are ranked (all of them when there are fewer): ranking reads each
# one's search_head, counting only its index entry and visibility.
RANK_POOL = 1_000
# Spellings of one technology: a query for either finds both.
SKILL_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("go", "golang"),
    ("postgres", "postgresql", "psql"),
    ("js", "javascript"),
    ("k8s", "kubernetes"),
    ("node", "node.js", "nodejs"),
)
_SYNONYMS = {word: group for group in SKILL_SYNONYMS for word in group}
_TOKEN_RE = re.compile(r'"([^"]*)"?|(\S+)')
_PHONE_CHARS_RE = re.compile(r"[\s().\-/]")
_PHONE_RE = re.compile(r"^\+?\d{10,14}$")
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

    capped: bool = False  # more than MATCH_CAP matches: `total` is a lower bound

    @property
    def total_label(self) -> str:
        """ "1,234", or "10,000+" past the cap."""
        return f"{MATCH_CAP:,}+" if self.capped else f"{self.total:,}"

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


def tsquery_sql(query: str, placeholder: Callable[[int], str] = lambda index: "%s") -> tuple[str, list]:
    """SQL for the tsquery of `query` (and its parameters), in websearch syntax (words are
    ANDed, `or` between them, `-word`, "a phrase"): each word matches exactly or stemmed,
    or as one of its skill synonyms ("golang" finds "Go"). Exact and stemmed forms are
    ORed per word, not per query, so "thomas ledgers" finds Thomas (exact name) whose CV
    mentions a ledger (stemmed)."""
    params: list[str] = []

    def config_query(config: str, text: str) -> str:
        params.append(text)
        return f"websearch_to_tsquery('{config}', {placeholder(len(params) - 1)})"

    def term(text: str, phrase: bool) -> str:
        if phrase:
            quoted = f'"{text}"'
            return f"({config_query(SEARCH_CONFIG, quoted)} || {config_query(STEMMED_CONFIG, quoted)})"
        word = text.lower()
        parts = [config_query(SEARCH_CONFIG, word), config_query(STEMMED_CONFIG, word)]
        parts += [config_query(SEARCH_CONFIG, other) for other in _SYNONYMS.get(word, ()) if other != word]
        return "(" + " || ".join(parts) + ")"

    groups: list[list[str]] = [[]]
    for m in _TOKEN_RE.finditer(query):
        phrase, word = m.group(1), m.group(2)
        if word is not None and word.lower() == "or":
            if groups[-1]:
                groups.append([])
            continue
        negated = word is not None and word.startswith("-") and len(word) > 1
        text = phrase if phrase is not None else (word[1:] if negated else word)
        if not text or not text.strip() or not re.search(r"\w", text):
            continue
        groups[-1].append(("!!" if negated else "") + term(text.strip(), phrase is not None))
    groups = [g for g in groups if g]
    if not groups:
        return "''::tsquery", []
    return " || ".join("(" + " && ".join(g) + ")" for g in groups), params


def contact_keys(query: str) -> tuple[str | None, str | None]:
    """(normalised e-mail, E.164 phone) when `query` is an e-mail address or an Indian
    phone number in any common format ("98765 43210", "+91-98765-43210", "098765 43210")."""
    text = query.strip()
    if " " not in text and "@" in text and "." in text.rpartition("@")[2]:
        return normalise_email(text), None
    compact = _PHONE_CHARS_RE.sub("", text)
    if _PHONE_RE.match(compact):
        return None, normalise_phone(compact)
    return None, None


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
    """Ids matching `query` by full text, by a fuzzy name or by e-mail/phone, as a UNION
    of index scans. Kept apart on purpose: in one OR'ed scan PostgreSQL rechecks trigram
    hits against the full text vector too, reading every large CV vector from TOAST."""
    name_sql, name_params = _name_match_sql(name_words(query))
    tsquery, tsquery_params = tsquery_sql(query)
    email, phone = contact_keys(query)
    full_text = f"SELECT id FROM pipelines_candidate WHERE search_vector @@ ({tsquery})"  # noqa: S608
    sql = (
        f"{full_text} UNION SELECT c.id FROM pipelines_candidate c WHERE {name_sql}"  # noqa: S608 - no input in it
        " UNION SELECT id FROM pipelines_candidate WHERE email_normalised = %s OR phone_normalised = %s"
    )
    return RawSQL(sql, [*tsquery_params, *name_params, email, phone])  # noqa: S611 - parameters, not interpolation


# `names` is small (people matching every word of the query) and joins `words` (possibly
# thousands of full-text matches) by hash; a person found both ways adds up both scores.
_RANKED_SQL = """
WITH q AS MATERIALIZED (
    -- The query, built once: every use below reads it as a parameter, which keeps
    -- planning short however many words and synonyms it has.
    SELECT {tsquery} AS query
), names AS MATERIALIZED (
    SELECT c.id, greatest(similarity(c.full_name, %(text)s), word_similarity(%(text)s, c.full_name)) * %(weight)s AS score
    FROM pipelines_candidate c
    WHERE {names} AND c.merged_into_id IS NULL AND c.anonymised_at IS NULL
), contacts AS MATERIALIZED (
    SELECT c.id, 1.0::real AS score FROM pipelines_candidate c
    WHERE (c.email_normalised = %(email)s OR c.phone_normalised = %(phone)s)
      AND c.merged_into_id IS NULL AND c.anonymised_at IS NULL
), estimate AS MATERIALIZED (
    -- A term most people match (by the planner's statistics, search_match_estimate) is
    -- not counted: "10,000+". Its GIN entry alone holds tens of thousands of rows.
    SELECT search_match_estimate((SELECT query FROM q)) > %(common)s AS common
), counted AS MATERIALIZED (
    -- Any other query is counted up to MATCH_CAP + 1 ("10,000+" past it). Nothing of
    -- the rows is needed (merged and anonymised people have no vector), so PostgreSQL
    -- counts from the index and the visibility map, reading few table pages.
    SELECT count(*) AS n FROM (
        SELECT 1 FROM pipelines_candidate c
        WHERE NOT (SELECT common FROM estimate) AND c.search_vector @@ (SELECT query FROM q) {visible}
        LIMIT %(cap)s
    ) AS found
), matches AS MATERIALIZED (
    -- ... and its first RANK_POOL matches (all of them below that), with their small
    -- search_head: the cheap pre-selection that is ranked.
    -- (The row is read anyway here, so merged and anonymised people are also filtered
    -- out by their columns, whatever state their vector is in.)
    SELECT c.id, c.search_head AS head
    FROM pipelines_candidate c
    WHERE NOT (SELECT common FROM estimate) AND c.search_vector @@ (SELECT query FROM q)
      AND c.merged_into_id IS NULL AND c.anonymised_at IS NULL {visible}
    LIMIT %(pool)s
), common_pool AS MATERIALIZED (
    -- A common term: the newest COMMON_POOL people matching it, walking the primary key
    -- backwards (newest first is also how equal scores are ordered); the small
    -- search_head is checked first, the full vector only when the head does not match.
    SELECT c.id, c.search_head AS head
    FROM pipelines_candidate c
    WHERE (SELECT common FROM estimate)
      -- The query inline (not the parameter): the planner then knows it matches most
      -- people and walks the primary key instead of collecting and sorting them all.
      AND (c.search_head @@ ({tsquery}) OR c.search_vector @@ ({tsquery}))
      AND c.merged_into_id IS NULL AND c.anonymised_at IS NULL {visible}
    ORDER BY c.id DESC LIMIT %(common_pool)s
), words AS (
    SELECT m.id, ts_rank(m.head, q.query) AS score
    FROM (SELECT id, head FROM matches UNION ALL SELECT id, head FROM common_pool) AS m, q
), scored AS (
    SELECT id, sum(score) AS score FROM (
        SELECT id, score FROM words UNION ALL SELECT id, score FROM names UNION ALL SELECT id, score FROM contacts
    ) AS found GROUP BY id
), extra AS (
    -- People found by name or contact only (their vector does not match the query).
    SELECT found.id FROM (SELECT id FROM names UNION SELECT id FROM contacts) AS found
    JOIN pipelines_candidate c ON c.id = found.id
    WHERE NOT coalesce(c.search_vector @@ (SELECT query FROM q), false) {access_and_found}
), page AS (
    SELECT id, score,
           CASE WHEN (SELECT common FROM estimate) THEN %(cap)s
                ELSE (SELECT n FROM counted) + (SELECT count(*) FROM extra) END AS total,
           CASE WHEN (SELECT common FROM estimate) THEN %(cap)s ELSE (SELECT n FROM counted) END AS matched
    FROM scored {access}
    ORDER BY score DESC, id DESC LIMIT %(limit)s OFFSET %(offset)s
)
{select}
"""
_IDS_SELECT = "SELECT id, score, total, matched FROM page ORDER BY score DESC, id DESC"
# The displayed page itself: the people (without their CV text and vectors), their tag
# names and snippets, computed after LIMIT, so for these rows only.
_PEOPLE_SELECT = """
SELECT {columns}, page.score, page.total, page.matched, ts_headline(%(stemmed)s::regconfig, {snippet_source},
       (SELECT query FROM q), %(snippet_options)s) AS snippet,
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
    email, phone = contact_keys(query)
    params: dict = {
        "stemmed": STEMMED_CONFIG,
        "text": query,
        "weight": NAME_SIMILARITY_WEIGHT,
        "limit": limit,
        "offset": offset,
        "cap": MATCH_CAP + 1,
        "common": COMMON_ESTIMATE,
        "common_pool": max(COMMON_POOL, offset + limit),
        # Deep pages rank as far as they need.
        "pool": max(RANK_POOL, offset + limit),
        "email": email,
        "phone": phone,
    }
    names, name_params = _name_match_sql(name_words(query), lambda index: f"%(n{index})s")
    params.update({f"n{index}": value for index, value in enumerate(name_params)})
    tsquery, tsquery_params = tsquery_sql(query, lambda index: f"%(t{index})s")
    params.update({f"t{index}": value for index, value in enumerate(tsquery_params)})
    access = access_and = visible = ""
    if not (user.is_authenticated and user.has_role("recruiter")):
        visible_sql, visible_params = visible_candidates(user).values("pk").query.sql_with_params()
        for index, value in enumerate(visible_params):
            params[f"v{index}"] = value
        placeholders = tuple(f"%(v{index})s" for index in range(len(visible_params)))
        condition = "id IN (" + (visible_sql.replace("%", "%%").replace("%%s", "%s") % placeholders) + ")"
        access, access_and, visible = f"WHERE {condition}", f"AND found.{condition}", f"AND c.{condition}"
    sql = _RANKED_SQL.format(
        names=names, access=access, access_and_found=access_and, visible=visible, tsquery=tsquery, select=select
    )
    return sql.replace("{tsquery}", tsquery), params


def ranked_ids(user, query: str, *, limit: int, offset: int = 0) -> tuple[list[tuple[int, float]], int]:
    """One page of (candidate id, score) matching `query` among the people `user` may see,
    best first, and the number of matches (at most MATCH_CAP + 1 counted), in one query."""
    sql, params = _ranked_sql(user, query, limit=limit, offset=offset, select=_IDS_SELECT)
    rows = _fetch_bounded(sql, params)[1]
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
    select = _PEOPLE_SELECT.format(columns=columns, snippet_source=source, tsquery="{tsquery}")
    sql, params = _ranked_sql(user, query, limit=limit, offset=offset, select=select)
    params.update(snippet_chars=SNIPPET_SOURCE_CHARS, snippet_options=_SNIPPET_OPTIONS, **document_params)
    names, rows = _fetch_bounded(sql, params)
    fields = [f.attname for f in Candidate._meta.concrete_fields if f.name not in _NOT_SHOWN]
    people = []
    for row in rows:
        values = dict(zip(names, row, strict=True))
        person = Candidate.from_db(connection.alias, fields, [values[name] for name in fields])
        for extra in ("score", "total", "matched", "snippet", "tag_names", "cv_status"):
            setattr(person, extra, values[extra])
        people.append(person)
    return people


def _fetch_bounded(sql: str, params: dict) -> tuple[list[str], list[tuple]]:
    """Run a ranked search in one round trip with sequential scans ruled out for it.

    For a term most people match the planner expects to find the first MATCH_CAP rows
    soonest by reading the table in order, which evaluates every row's full vector (CVs,
    read back from TOAST: 120 ms at 100,000 people); the GIN index finds them in a
    fraction of that. SET LOCAL and RESET travel in the same message, so the setting
    lasts for this statement only, inside or outside a transaction."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL enable_seqscan = off; {sql}; RESET enable_seqscan", params)
        cursor.nextset()
        names = [column.name for column in cursor.description]
        return names, cursor.fetchall()


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
    capped = bool(people) and people[0].matched > MATCH_CAP
    if not people and page > 1:
        # Past the last page: the total still tells how many there are.
        total = ranked_ids(user, query, limit=1)[1]
    hits = [
        SearchHit(candidate=person, score=person.score, snippet=_highlight(person.snippet), tags=person.tag_names)
        for person in people
    ]
    return SearchResults(query=query, hits=hits, total=total, page=page, per_page=per_page, capped=capped)
