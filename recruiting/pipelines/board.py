"""Read side of the pipeline board: filters, column counts, the cards of each column.

The number of queries is fixed whatever the size of the posting: counts come from one
grouped query, the first page of every column from one query (a LIMITed subquery per
stage), the cards and their tags from one query each, so the board of 5,000
applications costs what the board of 50 costs.
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from recruiting.core.workdays import holiday_dates, working_days_between
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

    @property
    def next_offset(self) -> int | None:
        paged = len(self.cards) - self.extra
        return paged if self.count > paged else None


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


def column_counts(posting, filters: BoardFilters) -> tuple[dict[int, int], dict[str, int]]:
    """Cards per stage and ended applications per state, from one grouped query (every
    stage, even when only some columns are drawn: the board's total needs them all)."""
    queryset = board_queryset(posting, filters)
    per_stage: dict[int, int] = {}
    ended = {state: 0 for state in ENDED}
    rows = queryset.order_by().values("state", "stage_id").annotate(n=Count("id"))
    for row in rows:
        if row["state"] in ENDED:
            ended[row["state"]] += row["n"]
        else:
            per_stage[row["stage_id"]] = per_stage.get(row["stage_id"], 0) + row["n"]
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
    """What one board card shows, read with values(): a full board holds 150+ cards and
    building model instances for them cost more than the queries themselves."""

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
_CARD_VALUES = (
    "pk",
    "public_id",
    "stage_id",
    "candidate_id",
    "state",
    "version",
    "stage_entered_at",
    "knockout_flags",
    "is_flagged",
    "average_rating",
    "source",
    "candidate__full_name",
    "candidate__email",
    "candidate__current_role",
    "candidate__total_years",
    "candidate__notice_period_days",
)


def _cards(queryset: QuerySet[Application]) -> list[Card]:
    cards = []
    for row in queryset.values_list(*_CARD_VALUES):
        cards.append(Card(*row[:11], candidate=CardPerson(*row[11:])))
    attach_tags(cards)
    return cards


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


def stages_with_first_cards(posting, filters: BoardFilters) -> list[Stage]:
    """The posting's live stages, each with `first_ids`: the ids of its first PAGE_SIZE
    cards. A correlated subquery per stage walks the (posting, state, stage,
    stage_entered_at) index and stops after one page, so the cost follows the page size,
    not the number of applications."""
    page = (
        board_queryset(posting, filters)
        .filter(state__in=ON_BOARD, stage_id=OuterRef("pk"))
        .order_by("stage_entered_at", "id")
        .values("pk")[:PAGE_SIZE]
    )
    return list(
        Stage.objects.filter(posting=posting, retired=False)
        .annotate(first_ids=ArraySubquery(page))
        .order_by("order", "id")
    )


def cards_by_ids(ids: list[int], *, filters: BoardFilters | None = None) -> list[Card]:
    """The cards of these applications in board order; with `filters`, only those that
    pass them (an extra card must not slip past the board's filters)."""
    if not ids:
        return []
    queryset = Application.objects.filter(pk__in=ids)
    if filters is not None:
        queryset = filters.apply(queryset)
    return _cards(queryset.order_by("stage_entered_at", "id"))


def column_page(posting, filters: BoardFilters, stage: Stage, offset: int) -> list[Card]:
    """One more page of a column (load more), ordered like the first page."""
    queryset = board_queryset(posting, filters).filter(state__in=ON_BOARD, stage=stage)
    return _cards(queryset.order_by("stage_entered_at", "id")[offset : offset + PAGE_SIZE])


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
    four queries (stages with their first card ids, counts, cards, tags) at any size.
    `show`: an application (just moved) that its column shows even past the first page,
    when it is still on the board and passes the filters."""
    stages = stages_with_first_cards(posting, filters)
    wanted = [stage for stage in stages if only_ids is None or stage.pk in only_ids]
    counts, ended = column_counts(posting, filters)
    ids = [pk for stage in wanted for pk in stage.first_ids]
    extra = None
    if show is not None and show.pk not in ids and show.state in ON_BOARD:
        extra = show.pk
        ids.append(show.pk)
    cards = cards_by_ids(ids, filters=filters if extra else None)
    by_stage: dict[int, list[Application]] = {stage.pk: [] for stage in wanted}
    shown_extra = None
    for card in cards:
        if card.pk == extra:
            shown_extra = card
        elif card.stage_id in by_stage:
            by_stage[card.stage_id].append(card)
    extra_stage = None
    if shown_extra is not None and shown_extra.stage_id in by_stage:
        extra_stage = shown_extra.stage_id
        by_stage[extra_stage].append(shown_extra)  # after the first page, where it sorts
    columns = [
        Column(
            stage=stage,
            count=counts.get(stage.pk, 0),
            cards=by_stage[stage.pk],
            extra=1 if stage.pk == extra_stage else 0,
        )
        for stage in wanted
    ]
    decorate_cards(cards, {s.pk: s for s in stages})
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
    today = timezone.localdate()
    holidays: frozenset[date] | None = None
    days_since: dict[date, int] = {}  # many cards entered on the same day
    link = application_link_format()
    entered = [timezone.localtime(card.stage_entered_at).date() for card in cards]
    for card, day in zip(cards, entered, strict=True):
        if day not in days_since:
            if holidays is None:
                first = min(entered)
                # Only the holidays in range: the count walks the set for every date.
                holidays = frozenset(h for h in holidays_since(first.year, today) if first < h <= today)
            days_since[day] = working_days_in_stage(day, today, holidays)
        card.days_in_stage = days_since[day]
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

_CARD = (
    '<article class="card" id="card-{id}" data-version="{version}">'
    '{name}{meta}<div class="badges">'
    "<span{days_class}>{days} d</span>"
    "{flags}{rating}"
    "<span>{source}</span>{tags}</div>"
    '<button class="card-act">Move or reject…</button></article>'
)


def card_markup(card: Application | Card) -> SafeString:
    """The HTML of one board card (after decorate_cards). Every byte counts 200 times on
    a board: badges are the spans of `.badges` (styled there, not by a class on each),
    the card's column says its stage, and board.js makes cards draggable."""
    name = _e(card.candidate.full_name)
    flags = (
        # The reason is part of the button's name (read with it), shown on hover, focus, tap.
        f'<button class="ko" data-testid="knockout">Knock-out <span role="tooltip">{_e(card.flags_title)}</span></button>'
        if card.is_flagged
        else ""
    )
    rating = f'<span class="badge-info">★ {card.average_rating:.1f}</span>' if card.average_rating is not None else ""
    markup = _CARD.format(
        id=card.public_id,  # a UUID: nothing to escape
        version=int(card.version),
        name=f'<a class="name" href="{_e(card.link)}">{name}</a>' if card.link else f'<b class="name">{name}</b>',
        meta=f"<p>{_e(card.meta)}</p>" if card.meta else "",
        days=int(card.days_in_stage),
        days_class=' class="badge-warn" title="Over the time limit of this stage"' if card.over_limit else "",
        flags=flags,
        rating=rating,
        source=_e(card.get_source_display()),
        tags="".join(f'<span class="tag">{_e(tag)}</span>' for tag in card.tag_names),
    )
    return mark_safe(markup)  # noqa: S308 - every data value above is escaped


def render_cards(cards: list) -> None:
    for card in cards:
        card.html = card_markup(card)


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


def tag_choices() -> list[str]:
    return list(Tag.objects.order_by("name").values_list("name", flat=True)[:200])
