"""Read side of the pipeline board: filters, column counts, the cards of each column.

The number of queries is fixed whatever the size of the posting: counts come from one
grouped query, the live stages with the first page of every column and the cards' tags
from one (a LIMITed LATERAL subquery per stage), so the board of 5,000 applications costs
what the board of 50 costs. The board's reads are plain SQL: a board request is mostly
CPU, and building these queries through the ORM (and cards from ORM rows) cost more than
running them. The filters stay defined once, in BoardFilters.apply; when any is set its
queryset is compiled into the SQL as an `a.id IN (...)` condition.
"""

from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from recruiting.core.workdays import holiday_dates, working_days_between, working_days_since
from recruiting.pipelines.models import Application, Candidate, Source, Stage, Tag
from recruiting.postings.models import Posting

PAGE_SIZE = 25
ON_BOARD = (Application.State.ACTIVE, Application.State.HIRED)
ENDED = (Application.State.REJECTED, Application.State.WITHDRAWN)


# --- Filters -------------------------------------------------------------------------


@dataclass
class BoardFilters:
    """What the user narrowed the board to. Bad values are dropped with a message,
    never a 500."""

    tag: str = ""
    flagged: bool = False
    source: str = ""
    min_rating: Decimal | None = None
    q: str = ""
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, data: QueryDict) -> BoardFilters:
        filters = cls(
            tag=data.get("tag", "").strip()[:40],
            flagged=data.get("flagged") in ("1", "on", "true"),
            source=data.get("source", "").strip(),
            q=" ".join(data.get("q", "").split())[:100],
        )
        if filters.source and filters.source not in Source.values:
            filters.errors.append("Unknown source; showing every source.")
            filters.source = ""
        raw = data.get("min_rating", "").strip()
        if raw:
            try:
                value = Decimal(raw)
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite() or not 0 <= value <= 5:
                filters.errors.append("Minimum rating is a number from 0 to 5; ignored.")
            else:
                filters.min_rating = value
        return filters

    @property
    def active(self) -> bool:
        return bool(self.tag or self.flagged or self.source or self.min_rating is not None or self.q)

    def apply(self, queryset: QuerySet[Application]) -> QuerySet[Application]:
        if self.tag:
            queryset = queryset.filter(candidate__tags__name=self.tag)
        if self.flagged:
            queryset = queryset.filter(is_flagged=True)
        if self.source:
            queryset = queryset.filter(source=self.source)
        if self.min_rating is not None:
            queryset = queryset.filter(average_rating__gte=self.min_rating)
        if self.q:
            queryset = queryset.filter(
                Q(candidate__full_name__icontains=self.q) | Q(candidate__email__icontains=self.q)
            )
        return queryset

    def params(self) -> dict[str, str]:
        params = {
            "tag": self.tag,
            "flagged": "1" if self.flagged else "",
            "source": self.source,
            "min_rating": str(self.min_rating) if self.min_rating is not None else "",
            "q": self.q,
        }
        return {key: value for key, value in params.items() if value}

    @property
    def querystring(self) -> str:
        """ "?tag=..." (or "") to carry the filters on every board URL."""
        params = self.params()
        return "?" + urlencode(params) if params else ""


# --- Working days ----------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _holidays(country: str, subdivision: str | None, years: tuple[int, ...]) -> frozenset[date]:
    # Computing a country's calendar takes milliseconds; the set is the same all day.
    return holiday_dates(country, subdivision, years)


def holidays_since(first_year: int, today: date) -> frozenset[date]:
    """The configured holidays from `first_year` to this year, cached per process."""
    first = min(first_year, today.year - 1)
    return _holidays(settings.HOLIDAY_COUNTRY, settings.HOLIDAY_SUBDIVISION, tuple(range(first, today.year + 1)))


def working_days_in_stage(entered: date, today: date, holidays: frozenset[date]) -> int:
    return max(working_days_between(entered, today, holidays), 0)


# --- Columns -----------------------------------------------------------------------------


@dataclass
class Column:
    stage: Stage
    count: int = 0
    cards: list[Application] = field(default_factory=list)
    # A card shown past the first page (the one just moved here), not counted in paging.
    extra: int = 0
    # Set by the view before rendering (column_markup needs them).
    column_url: str = ""
    filter_params: dict[str, str] = field(default_factory=dict)
    filtered: bool = False

    @property
    def cards_html(self) -> SafeString:
        """The column's cards as one string (after render_cards): one template variable
        instead of one per card."""
        return mark_safe("".join([card.html for card in self.cards]))  # noqa: S308 - each card escapes its data

    @property
    def next_offset(self) -> int | None:
        paged = len(self.cards) - self.extra
        return paged if self.count > paged else None

    @property
    def html(self) -> SafeString:
        return column_markup(self)

    @property
    def html_oob(self) -> SafeString:
        """The column as an out-of-band swap (after a write)."""
        return column_markup(self, oob=True)


@dataclass
class Board:
    columns: list[Column]
    rejected: int
    withdrawn: int
    stages: list[Stage]
    total: int = 0


def live_stages(posting) -> list[Stage]:
    return list(Stage.objects.filter(posting=posting, retired=False).order_by("order", "id"))


def board_queryset(posting, filters: BoardFilters) -> QuerySet[Application]:
    return filters.apply(Application.objects.filter(posting=posting))


def _filtered_ids(posting, filters: BoardFilters) -> tuple[str, list]:
    """SQL narrowing `a` (an application of the posting) to those passing `filters`:
    "" when no filter is set, else `AND a.id IN (...)` with the ids of the filtered
    queryset compiled by the ORM (BoardFilters.apply stays the one definition of the
    filters)."""
    if not filters.active:
        return "", []
    sql, params = board_queryset(posting, filters).order_by().values("pk").query.sql_with_params()
    return f" AND a.id IN ({sql})", list(params)


def column_counts(
    posting, filters: BoardFilters, *, narrowed: tuple[str, list] | None = None
) -> tuple[dict[int, int], dict[str, int]]:
    """Cards per stage and ended applications per state, from one grouped query (every
    stage, even when only some columns are drawn: the board's total needs them all)."""
    where, params = narrowed if narrowed is not None else _filtered_ids(posting, filters)
    per_stage: dict[int, int] = {}
    ended = {state: 0 for state in ENDED}
    sql = "SELECT a.state, a.stage_id, COUNT(*) FROM pipelines_application a WHERE a.posting_id = %s"
    sql += where + " GROUP BY 1, 2"  # `where`: ORM-compiled, its values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [posting.pk, *params])
        rows = cursor.fetchall()
    for state, stage_id, n in rows:
        if state in ENDED:
            ended[state] += n
        else:
            per_stage[stage_id] = per_stage.get(stage_id, 0) + n
    return per_stage, ended


@dataclass
class CardPerson:
    full_name: str
    email: str
    current_role: str
    total_years: Decimal | None
    notice_period_days: int | None


@dataclass
class Card:
    """What one board card shows, read with plain SQL: a full board holds 150+ cards and
    building model instances (or ORM value rows) for them cost more than the queries."""

    pk: int
    public_id: object
    stage_id: int
    candidate_id: int
    state: str
    version: int
    stage_entered_at: object
    knockout_flags: list
    is_flagged: bool
    average_rating: Decimal | None
    source: str
    candidate: CardPerson
    tag_names: list[str] = field(default_factory=list)

    def get_source_display(self) -> str:
        return _SOURCE_LABELS.get(self.source, self.source)


_SOURCE_LABELS = dict(Source.choices)

# The columns of a card (Card's fields in order, then the candidate's, then the tag
# names in name order), for an application `a` joined to its candidate `c`.
_CARD_COLUMNS = (
    "a.id, a.public_id, a.stage_id, a.candidate_id, a.state, a.version, a.stage_entered_at,"
    " a.knockout_flags, a.is_flagged, a.average_rating, a.source,"
    " c.full_name, c.email, c.current_role, c.total_years, c.notice_period_days,"
    " ARRAY(SELECT t.name FROM pipelines_candidate_tags ct JOIN pipelines_tag t ON t.id = ct.tag_id"
    " WHERE ct.candidate_id = a.candidate_id ORDER BY t.name)"
)
_CARD_WIDTH = 17
_ON_BOARD_SQL = "a.state IN ('active', 'hired')"
# The order of a column (the partial index application_board_order walks it).
_CARD_ORDER = "a.stage_entered_at, a.id"


def _card(row) -> Card:
    flags = row[7]
    if isinstance(flags, str):  # jsonb arrives as text (Django's loader), as JSONField reads it
        flags = json.loads(flags)
    return Card(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        flags,
        row[8],
        row[9],
        row[10],
        CardPerson(row[11], row[12], row[13], row[14], row[15]),
        row[16],
    )


def _card_rows(sql: str, params: list) -> list[Card]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [_card(row) for row in cursor.fetchall()]


def attach_tags(cards: list[Application]) -> None:
    """`card.tag_names` for every card, from one small query on the tag links."""
    names: dict[int, list[str]] = {}
    if cards:
        links = (
            Candidate.tags.through.objects.filter(candidate_id__in={card.candidate_id for card in cards})
            .order_by("tag__name")
            .values_list("candidate_id", "tag__name")
        )
        for candidate_id, name in links:
            names.setdefault(candidate_id, []).append(name)
    for card in cards:
        card.tag_names = names.get(card.candidate_id, [])


_STAGE_FIELDS = tuple(f.attname for f in Stage._meta.concrete_fields)  # as Stage.from_db wants them
_STAGE_COLUMNS = ", ".join(f's."{f.column}"' for f in Stage._meta.concrete_fields)
# The live stages in board order, each (LEFT JOIN LATERAL) with the first page of its
# cards: per stage the partial index application_board_order is walked in column order
# and the walk stops after one page, so the cost follows the page size, not the number
# of applications. Stages outside the drawn columns get no cards.
_STAGES_WITH_CARDS = (
    f"SELECT {_STAGE_COLUMNS}, p.*"  # noqa: S608
    " FROM pipelines_stage s LEFT JOIN LATERAL ("
    f"SELECT {_CARD_COLUMNS} FROM pipelines_application a JOIN pipelines_candidate c ON c.id = a.candidate_id"
    f" WHERE a.posting_id = %s AND a.stage_id = s.id AND {_ON_BOARD_SQL}{{where}}{{wanted}}"
    f" ORDER BY {_CARD_ORDER} LIMIT {PAGE_SIZE}) p ON TRUE"
    " WHERE s.posting_id = %s AND NOT s.retired"
    ' ORDER BY s."order", s.id, p.stage_entered_at, p.id'
)


def stages_with_first_cards(
    posting, filters: BoardFilters, *, only_ids: set[int] | None = None, narrowed: tuple[str, list] | None = None
) -> tuple[list[Stage], dict[int, list[Card]]]:
    """The posting's live stages in board order and the first PAGE_SIZE cards of each
    (of the stages in `only_ids`, when given), in one query."""
    where, params = narrowed if narrowed is not None else _filtered_ids(posting, filters)
    wanted, wanted_params = ("", []) if only_ids is None else (" AND s.id = ANY(%s)", [sorted(only_ids)])
    sql = _STAGES_WITH_CARDS.format(where=where, wanted=wanted)
    with connection.cursor() as cursor:
        cursor.execute(sql, [posting.pk, *params, *wanted_params, posting.pk])
        rows = cursor.fetchall()
    stages: list[Stage] = []
    cards: dict[int, list[Card]] = {}
    width = len(_STAGE_FIELDS)
    for row in rows:
        if not stages or stages[-1].pk != row[0]:
            stages.append(Stage.from_db(connection.alias, _STAGE_FIELDS, row[:width]))
            cards[row[0]] = []
        if row[width] is not None:
            cards[row[0]].append(_card(row[width:]))
    return stages, cards


def _card_sql(where: str) -> str:
    """A card query: constants and `where` (ours or ORM-compiled); values are parameters."""
    select = f"SELECT {_CARD_COLUMNS} FROM pipelines_application a JOIN pipelines_candidate c ON c.id = a.candidate_id"  # noqa: S608
    return select + f" WHERE a.posting_id = %s AND {_ON_BOARD_SQL}" + where


def column_page(posting, filters: BoardFilters, stage: Stage, offset: int) -> list[Card]:
    """One more page of a column (load more), ordered like the first page."""
    where, params = _filtered_ids(posting, filters)
    sql = _card_sql(f" AND a.stage_id = %s{where}") + f" ORDER BY {_CARD_ORDER} LIMIT {PAGE_SIZE} OFFSET %s"
    return _card_rows(sql, [posting.pk, stage.pk, *params, offset])


def ended_page(posting, filters: BoardFilters, state: str, offset: int) -> list[Application]:
    """Rejected or withdrawn applications, most recent first (model instances: the
    list is short and shows the reason and stage)."""
    queryset = (
        board_queryset(posting, filters)
        .filter(state=state)
        .select_related("candidate", "stage", "rejection_reason")
        .only(
            "public_id",
            "posting_id",
            "stage_id",
            "candidate_id",
            "state",
            "version",
            "stage_entered_at",
            "updated_at",
            "rejection_reason__name",
            "stage__name",
            "candidate__full_name",
        )
        .order_by("-updated_at", "-id")
    )
    cards = list(queryset[offset : offset + PAGE_SIZE])
    attach_tags(cards)
    return cards


def build_board(
    posting, filters: BoardFilters, *, only_ids: set[int] | None = None, show: Application | None = None
) -> Board:
    """Every live column (or only the stages in `only_ids`) with counts and first cards:
    two queries (stages with their first cards and tags, counts) at any size, a third
    for `show`: an application (just moved) that its column shows even past the first
    page, when it is still on the board and passes the filters."""
    narrowed = _filtered_ids(posting, filters)
    stages, by_stage = stages_with_first_cards(posting, filters, only_ids=only_ids, narrowed=narrowed)
    wanted = [stage for stage in stages if only_ids is None or stage.pk in only_ids]
    counts, ended = column_counts(posting, filters, narrowed=narrowed)
    extra_stage = None
    drawn = {stage.pk for stage in wanted}
    if show is not None and show.state in ON_BOARD and show.stage_id in drawn:
        column_cards = by_stage[show.stage_id]
        if all(card.pk != show.pk for card in column_cards):
            where, params = narrowed
            found = _card_rows(_card_sql(f" AND a.id = %s{where}"), [posting.pk, show.pk, *params])
            if found and found[0].stage_id == show.stage_id:
                column_cards.append(found[0])  # after the first page, where it sorts
                extra_stage = show.stage_id
    columns = [
        Column(
            stage=stage,
            count=counts.get(stage.pk, 0),
            cards=by_stage[stage.pk],
            extra=1 if stage.pk == extra_stage else 0,
        )
        for stage in wanted
    ]
    decorate_cards([card for column in columns for card in column.cards], {s.pk: s for s in stages})
    return Board(
        columns=columns,
        rejected=ended[Application.State.REJECTED],
        withdrawn=ended[Application.State.WITHDRAWN],
        stages=stages,
        total=sum(counts.values()),
    )


def _meta_line(candidate) -> str:
    parts = [candidate.current_role] if candidate.current_role else []
    if candidate.total_years is not None:
        parts.append(f"{candidate.total_years.normalize():f} y")
    if candidate.notice_period_days is not None:
        parts.append(f"notice {candidate.notice_period_days} d")
    return " · ".join(parts)


def decorate_cards(cards: list[Application], stages: dict[int, Stage]) -> None:
    """What cards show that is computed, not stored: days in stage (working days),
    over-limit marks, the summary line, the move menu. No queries."""
    if not cards:
        return
    zone = timezone.get_current_timezone()  # once: each lookup goes through asgiref's Local
    today = timezone.localdate(timezone=zone)
    entered = [card.stage_entered_at.astimezone(zone).date() for card in cards]
    first = min(entered)
    # Many cards entered on the same day: every distinct day is counted in one pass.
    days_since = working_days_since(set(entered), today, holidays_since(first.year, today))
    link = application_link_format()
    for card, day in zip(cards, entered, strict=True):
        card.days_in_stage = max(days_since[day], 0)
        stage = stages.get(card.stage_id)
        limit = stage.time_limit_days if stage is not None else None
        card.over_limit = bool(limit) and card.days_in_stage > limit
        card.link = link.format(card.public_id) if link else ""
        card.meta = _meta_line(card.candidate)
        card.flags_title = "; ".join(str(flag) for flag in card.knockout_flags or [])


# A full board has 150+ cards; through the template engine they cost more than everything
# else on the page together, so the card markup is built here. Every text that comes from
# data goes through _e (HTML escaping, quotes included); ids, numbers and the URLs we
# built ourselves are escaped too where they land in attributes. The move/reject menu is
# not in the card: its "Move or reject…" button has board.js fetch the menu into the card
# (without JavaScript, the name leads to the candidate page, which moves and rejects),
# which keeps a board of 200 cards small. Keep the markup in step with
# static/css/board.css and static/js/board.js.
_e = functools.partial(html.escape, quote=True)

_OVER_LIMIT = ' class="badge-warn" title="Over the time limit of this stage"'
_SOURCE_BADGES = {value: f"<span>{_e(label)}</span>" for value, label in Source.choices}


class _Escaped(dict):
    """_e with a memory, for one board: roles, summary lines and tags repeat across cards."""

    def __missing__(self, text: str) -> str:
        self[text] = escaped = _e(text)
        return escaped


def card_markup(card: Application | Card, escaped: dict[str, str] | None = None) -> SafeString:
    """The HTML of one board card (after decorate_cards). Every byte counts 200 times on
    a board: badges are the spans of `.badges` (styled there, not by a class on each),
    the card's column says its stage, and board.js makes cards draggable."""
    esc = escaped if escaped is not None else _Escaped()
    name = _e(card.candidate.full_name)
    name = f'<a class="name" href="{_e(card.link)}">{name}</a>' if card.link else f'<b class="name">{name}</b>'
    meta = f"<p>{esc[card.meta]}</p>" if card.meta else ""
    days_class = _OVER_LIMIT if card.over_limit else ""
    flags = (
        # The reason is part of the button's name (read with it), shown on hover, focus, tap.
        f'<button class="ko" data-testid="knockout">Knock-out <span role="tooltip">{esc[card.flags_title]}</span></button>'
        if card.is_flagged
        else ""
    )
    rating = f'<span class="badge-info">★ {card.average_rating:.1f}</span>' if card.average_rating is not None else ""
    source = _SOURCE_BADGES.get(card.source) or f"<span>{_e(card.get_source_display())}</span>"
    tags = "".join([f'<span class="tag">{esc[tag]}</span>' for tag in card.tag_names])
    markup = (
        f'<article class="card" id="card-{card.public_id}" data-version="{int(card.version)}">'  # id: a UUID
        f'{name}{meta}<div class="badges"><span{days_class}>{int(card.days_in_stage)} d</span>'
        f"{flags}{rating}{source}{tags}</div>"
        '<button class="card-act">Move or reject…</button></article>'
    )
    return mark_safe(markup)  # noqa: S308 - every data value above is escaped


def load_more_markup(column_url: str, stage_id: int, offset: int, filter_params: dict[str, str]) -> SafeString:
    """The "Load more" link at the foot of a column (board and column page)."""
    query = "".join(f"&amp;{_e(key)}={_e(quote(value, safe='/'))}" for key, value in filter_params.items())
    target = f"{_e(column_url)}?stage={int(stage_id)}&amp;offset={int(offset)}{query}"
    return mark_safe(  # noqa: S308 - the URL and the filter values are escaped
        f'<a class="load-more" role="button" data-testid="load-more" href="{target}" hx-get="{target}"'
        ' hx-trigger="click, intersect once" hx-swap="outerHTML">Load more</a>\n'
    )


def _days(n: int) -> str:
    return f"{int(n)} working day" + ("" if n == 1 else "s")


def column_markup(column: Column, *, oob: bool = False) -> SafeString:
    """One column of the board: its header (name, count, time limit), its cards (after
    render_cards) and "Load more". Built here like the cards, for the same reason: eight
    columns through the template engine cost more than the cards they hold. Keep in step
    with static/css/board.css and static/js/board.js."""
    stage = column.stage
    name = _e(stage.name)
    count = int(column.count)
    limit = f'<p class="stage-limit muted">Limit: {_days(stage.time_limit_days)}</p>' if stage.time_limit_days else ""
    if column.cards:
        cards = column.cards_html
    else:
        cards = f'<p class="column-empty muted">Nobody here{" with these filters" if column.filtered else ""}.</p>'
    next_offset = column.next_offset
    more = load_more_markup(column.column_url, stage.pk, next_offset, column.filter_params) if next_offset else ""
    markup = (
        f'<section class="board-column" id="column-{int(stage.pk)}" data-stage-id="{int(stage.pk)}" data-testid="column"'
        f' aria-label="{name}"{' hx-swap-oob="true"' if oob else ""}>\n'
        "  <header>\n"
        '    <button type="button" class="column-toggle" aria-expanded="true" data-testid="column-toggle"'
        f' title="Collapse or expand {name}"><span class="stage-name">{name}</span></button>\n'
        f'    <span class="count badge" data-testid="count" title="{count} candidate{"" if count == 1 else "s"}">{count}</span>\n'
        "  </header>\n"
        f"  {limit}\n"
        '  <div class="cards">\n'
        f"    {cards}\n"
        f"    {more}\n"
        "  </div>\n"
        "</section>\n"
    )
    return mark_safe(markup)  # noqa: S308 - the stage name is escaped, the rest are numbers and our markup


def render_cards(cards: list) -> None:
    escaped = _Escaped()
    for card in cards:
        card.html = card_markup(card, escaped)


_LINK_FORMAT: list[str] = []


def application_link_format() -> str:
    """Cards link to the application page; built once instead of a reverse() per card.
    No link while that page does not exist (not cached, so it appears once it does)."""
    if _LINK_FORMAT:
        return _LINK_FORMAT[0]
    marker = "00000000-0000-0000-0000-000000000000"
    try:
        link = reverse("pipelines:application", args=[marker]).replace(marker, "{}")
    except NoReverseMatch:
        return ""
    _LINK_FORMAT.append(link)
    return link


def board_token(posting) -> str:
    """A cheap "has anything on this board changed" token: the posting's board counter,
    bumped by every move, rejection, reopening and new application (one row by key)."""
    version = Posting.objects.filter(pk=posting.pk).values_list("board_version", flat=True).first()
    return str(version or 0)


def loaded_board_token(posting) -> str:
    """The token of a posting row read by this request before its cards (by the access
    check): no query, and a change made in between makes the next poll refresh the board
    rather than go unseen."""
    return str(posting.board_version or 0)


def tag_choices() -> list[str]:
    return list(Tag.objects.order_by("name").values_list("name", flat=True)[:200])
