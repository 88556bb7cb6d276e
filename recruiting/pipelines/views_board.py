"""The pipeline board of a posting: columns, moves, rejections, live updates, stages.

One URL serves the full page and its HTMX fragments (`board.html#board-body`). Writes
answer HTMX with out-of-band swaps of exactly the columns they touched
(`board.html#update`); plain POSTs redirect back to the board with a flash message, so
every action works without JavaScript. POST data is parsed by the forms of
`forms_board.py`; refusals come from the services as MoveRefused/StageChangeRefused.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from recruiting.core.decorators import role_required
from recruiting.core.htmx import HtmxHttpRequest, render_page
from recruiting.core.roles import MANAGER_ROLES
from recruiting.notifications.models import Notification
from recruiting.pipelines.access import get_application_for_user, get_posting_board_for_user
from recruiting.pipelines.board import (
    ENDED,
    ON_BOARD,
    PAGE_SIZE,
    BoardFilters,
    board_token,
    build_board,
    column_page,
    decorate_cards,
    ended_page,
    live_stages,
    load_more_markup,
    loaded_board_token,
    render_cards,
    tag_choices,
)
from recruiting.pipelines.forms_board import CardForm, MoveForm, RejectForm, StageSettingsForm, form_messages
from recruiting.pipelines.models import Application, Source
from recruiting.pipelines.moves import (
    MoveRefused,
    StageChangeRefused,
    StaleMove,
    application_cancel_rejection_email,
    application_move,
    application_reject,
    application_reopen,
    application_withdraw,
    ensure_default_rejection_reasons,
    rejection_email_key,
    stage_add,
    stage_delete,
    stage_retire,
    stage_shift,
    stage_update,
)

MANAGERS = role_required(*MANAGER_ROLES)
BOARD = "pipelines/board.html"


# --- helpers ----------------------------------------------------------------------------


def _board_urls(posting, filters: BoardFilters, token: str | None = None) -> dict[str, str]:
    """Every URL the board's templates and cards use, reversed by name; the filters ride
    along as a query string where the answer depends on them."""

    def url(name: str) -> str:
        return reverse(f"pipelines:{name}", args=[posting.public_id])

    qs = filters.querystring
    urls = {
        "board": url("board") + qs,
        "plain_board": url("board"),
        "move": url("board_move") + qs,
        "reject": url("board_reject"),
        "reject_post": url("board_reject") + qs,
        "reopen": url("board_reopen") + qs,
        "withdraw": url("board_withdraw") + qs,
        "cancel_email": url("board_cancel_email") + qs,
        "column": url("board_column"),
        "settings": url("board_settings"),
    }
    if token is not None:
        urls["changes"] = url("board_changes") + "?" + urlencode({**filters.params(), "since": token})
    return urls


def _context(request: HtmxHttpRequest, posting, filters: BoardFilters, board, token: str, **extra) -> dict:
    urls = _board_urls(posting, filters, token)
    columns = getattr(board, "columns", [])
    cards = [card for column in columns for card in column.cards] + list(extra.get("cards", []))
    render_cards([card for card in cards if card.state in ON_BOARD])
    filter_params = filters.params()
    for column in columns:
        column.column_url, column.filter_params, column.filtered = urls["column"], filter_params, filters.active
    return {
        "posting": posting,
        "board": board,
        "stages": board.stages,
        "filters": filters,
        "token": token,
        "urls": urls,
        "filter_params": filter_params,
        **extra,
    }


def _application_on_board(user, public_id: str, posting) -> Application:
    """The application named in a form or query, checked against the user and this board."""
    application = get_application_for_user(user, public_id, manage=True)
    if application.posting_id != posting.pk:
        # Another posting's card on this board's URL: same answer as an unknown id.
        raise Http404("No such application on this board")
    return application


def _posted_application(request: HtmxHttpRequest, posting) -> Application:
    return _application_on_board(request.user, request.POST.get("application", ""), posting)


def _return_to(request: HtmxHttpRequest) -> str | None:
    """Where a plain POST from another page (the candidate page) asks to go back to:
    a path on this site only."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None) and target.startswith("/"):
        return target
    return None


def _offset(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() else 0


def _update_response(
    request: HtmxHttpRequest,
    posting,
    filters: BoardFilters,
    stage_ids: set[int],
    *,
    message: str,
    level: str = "success",
    extra_html: dict | None = None,
    show: Application | None = None,
) -> HttpResponse:
    """After a write: HTMX gets the touched columns (and the ended counts and the total)
    as out-of-band swaps plus the message; a plain POST is redirected to the board.
    `show`: the card just moved, shown in its new column even past the first page."""
    if not request.htmx:
        getattr(messages, level)(request, message)
        return redirect(_return_to(request) or _board_urls(posting, filters)["board"])
    board = build_board(posting, filters, only_ids=stage_ids, show=show)
    context = _context(
        request, posting, filters, board, board_token(posting), message=message, level=level, **(extra_html or {})
    )
    return render(request, f"{BOARD}#update", context)


def _refused(request: HtmxHttpRequest, posting, filters: BoardFilters, touched: set[int], error: MoveRefused):
    """A refused write: the columns re-rendered as they really are, and why."""
    if isinstance(error, StaleMove):
        touched = touched | {error.current.stage_id}
    return _update_response(request, posting, filters, touched, message=str(error), level="error")


# --- the board ----------------------------------------------------------------------------


@require_GET
@MANAGERS
@vary_on_headers("HX-Request")
def board(request: HtmxHttpRequest, posting_id) -> HttpResponse:
    """The board page; with HTMX, only its body (filters applied)."""
    posting = get_posting_board_for_user(request.user, posting_id)
    filters = BoardFilters.from_query(request.GET)
    for error in filters.errors:
        messages.warning(request, error)
    token = loaded_board_token(posting)
    context = _context(request, posting, filters, build_board(posting, filters), token)
    if not request.htmx or request.htmx.boosted:  # the full page: its filter choices too
        context.update(tags=tag_choices(), sources=Source.choices)
    return render_page(request, BOARD, context, partial="board-body")


@require_GET
@MANAGERS
@vary_on_headers("HX-Request")
def board_changes(request: HtmxHttpRequest, posting_id) -> HttpResponse:
    """Polled every few seconds: 204 when nothing changed since `since`, else the fresh
    board body (with the new token)."""
    posting = get_posting_board_for_user(request.user, posting_id)
    token = board_token(posting)
    if request.GET.get("since") == token:
        return HttpResponse(status=204)
    filters = BoardFilters.from_query(request.GET)
    board = build_board(posting, filters)
    return render(request, f"{BOARD}#board-body", _context(request, posting, filters, board, token))


def _pending_rejection_emails(cards: list[Application]) -> set[int]:
    """The rejected cards whose rejection e-mail still waits in the outbox (one query)."""
    keys = {rejection_email_key(card): card.pk for card in cards}
    waiting = Notification.objects.filter(
        idempotency_key__in=keys, status__in=[Notification.Status.QUEUED, Notification.Status.RETRYING]
    ).values_list("idempotency_key", flat=True)
    return {keys[key] for key in waiting}


@require_GET
@MANAGERS
@vary_on_headers("HX-Request")
def board_column(request: HtmxHttpRequest, posting_id) -> HttpResponse:
    """The next page of one column ("load more"), or the rejected/withdrawn list."""
    posting = get_posting_board_for_user(request.user, posting_id)
    filters = BoardFilters.from_query(request.GET)
    offset = _offset(request.GET.get("offset"))
    state = request.GET.get("state", "")
    stages = live_stages(posting)
    by_pk = {stage.pk: stage for stage in stages}
    pending: set[int] = set()
    if state:
        if state not in ENDED:
            return HttpResponseBadRequest("Unknown state.")
        cards = ended_page(posting, filters, state, offset)
        if state == Application.State.REJECTED and cards:
            pending = _pending_rejection_emails(cards)
        stage = None
    else:
        stage = by_pk.get(_offset(request.GET.get("stage")))
        if stage is None:
            return HttpResponseBadRequest("Unknown stage.")
        cards = column_page(posting, filters, stage, offset)
    decorate_cards(cards, by_pk)
    for card in cards:
        card.email_pending = card.pk in pending
    next_offset = offset + len(cards) if len(cards) == PAGE_SIZE else None
    context = _context(
        request,
        posting,
        filters,
        _NoBoard(stages),
        board_token(posting),
        cards=cards,
        stage=stage,
        state=state,
        next_offset=next_offset,
    )
    if stage is not None and next_offset:
        context["more"] = load_more_markup(context["urls"]["column"], stage.pk, next_offset, filters.params())
    return render_page(request, "pipelines/board_column.html", context, partial="column-page")


class _NoBoard:
    """Stands in for a Board where only the stage list is needed (card move menus)."""

    def __init__(self, stages):
        self.stages = stages


# --- moves ----------------------------------------------------------------------------------


@require_POST
@MANAGERS
def board_move(request: HtmxHttpRequest, posting_id) -> HttpResponse:
    """Move one card. HTMX: re-render the two touched columns; stale: the truth and why."""
    posting = get_posting_board_for_user(request.user, posting_id)
    filters = BoardFilters.from_query(request.GET)
    application = _posted_application(request, posting)
    form = MoveForm(request.POST, posting=posting)
    if not form.is_valid():
        touched = {application.stage_id}
        return _update_response(request, posting, filters, touched, level="error", message=form_messages(form))
    to_stage = form.cleaned_data["to_stage"]
    touched = {application.stage_id, to_stage.pk}
    if form.cleaned_data["from_stage"] is not None:
        touched.add(form.cleaned_data["from_stage"])  # where this user still sees the card
    try:
        moved = application_move(
            application=application,
            to_stage=to_stage,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except MoveRefused as refused:
        return _refused(request, posting, filters, touched, refused)
    return _update_response(
        request,
        posting,
        filters,
        touched,
        message=f"{moved.candidate.full_name} moved to {moved.stage.name}.",
        show=moved,
    )


@require_http_methods(["GET", "POST"])
@MANAGERS
@vary_on_headers("HX-Request")
def board_reject(request: HtmxHttpRequest, posting_id) -> HttpResponse:
    """GET: a card's move or reject menu, loaded on demand (its own page without
    JavaScript; for HTMX the menu, `part=menu`, or only the reject form). POST: reject."""
    posting = get_posting_board_for_user(request.user, posting_id)
    filters = BoardFilters.from_query(request.GET)
    reasons = ensure_default_rejection_reasons()
    if request.method == "GET":
        application = _application_on_board(request.user, request.GET.get("application", ""), posting)
        context = {
            "posting": posting,
            "application": application,
            # The version and stage of the card as the board showed it (a stale board's
            # move is then refused with the truth), else as it is now.
            "version": _offset(request.GET.get("version")) or application.version,
            "from_stage": _offset(request.GET.get("from_stage")) or application.stage_id,
            "stages": live_stages(posting),
            "reasons": reasons,
            "delay_hours": posting.rejection_delay_hours,
            "urls": _board_urls(posting, filters),
        }
        partial = "card-menu" if request.GET.get("part") == "menu" else "reject-form"
        return render_page(request, "pipelines/board_reject.html", context, partial=partial)
    application = _posted_application(request, posting)
    touched = {application.stage_id}
    form = RejectForm(request.POST, reasons=reasons)
    if not form.is_valid():
        return _update_response(request, posting, filters, touched, level="error", message=form_messages(form))
    reason, send_email = form.cleaned_data["reason"], form.cleaned_data["send_email"]
    try:
        rejected = application_reject(
            application=application,
            reason=reason,
            note=form.cleaned_data["note"],
            actor=request.user,
            send_email=send_email,
            expected_version=form.cleaned_data["version"],
            email_delay_hours=posting.rejection_delay_hours,
        )
    except MoveRefused as refused:
        return _refused(request, posting, filters, touched, refused)
    message = f"{rejected.candidate.full_name} rejected ({reason.name})."
    cancel = None
    if send_email and rejected.contact_email:
        message += f" The rejection e-mail goes out in {posting.rejection_delay_hours} hours."
        cancel = rejected
    return _update_response(request, posting, filters, touched, message=message, extra_html={"cancel_for": cancel})


@require_POST
@MANAGERS
def board_cancel_email(request: HtmxHttpRequest, posting_id) -> HttpResponse:
    """Stop a pending rejection e-mail."""
    posting = get_posting_board_for_user(request.user, posting_id)
    filters = BoardFilters.from_query(request.GET)
    application = _posted_application(request, posting)
    if application_cancel_rejection_email(application=application, actor=request.user):
        message, level = f"The rejection e-mail to {application.candidate.full_name} was cancelled.", "success"
    else:
        message, level = "There is no pending rejection e-mail to cancel (it may have gone out already).", "warning"
    return _update_response(request, posting, filters, set(), message=message, level=level)


def _card_action(request: HtmxHttpRequest, posting_id, action, done: str) -> HttpResponse:
    """Reopen or withdraw one card; `done` is the message, formatted with the result."""
    posting = get_posting_board_for_user(request.user, posting_id)
    filters = BoardFilters.from_query(request.GET)
    application = _posted_application(request, posting)
    touched = {application.stage_id}
    form = CardForm(request.POST)
    if not form.is_valid():
        return _update_response(request, posting, filters, touched, level="error", message=form_messages(form))
    try:
        result = action(application=application, actor=request.user, expected_version=form.cleaned_data["version"])
    except MoveRefused as refused:
        return _refused(request, posting, filters, touched, refused)
    message = done.format(name=result.candidate.full_name, stage=result.stage.name)
    return _update_response(request, posting, filters, {result.stage_id}, message=message)


@require_POST
@MANAGERS
def board_reopen(request: HtmxHttpRequest, posting_id) -> HttpResponse:
    """Bring a rejected or withdrawn application back to the board."""
    return _card_action(request, posting_id, application_reopen, "{name} is back in {stage}.")


@require_POST
@MANAGERS
def board_withdraw(request: HtmxHttpRequest, posting_id) -> HttpResponse:
    """The candidate withdrew."""
    return _card_action(request, posting_id, application_withdraw, "{name} marked as withdrawn.")


# --- stage settings -------------------------------------------------------------------------


def _stage_change(request: HtmxHttpRequest, posting, data: dict) -> str:
    """Apply one stage-settings action; the success message ("" for a quiet reorder)."""
    action, stage = data["action"], data["stage"]
    if action == "add":
        added = stage_add(
            posting=posting, actor=request.user, name=data["name"], time_limit_days=data["time_limit_days"]
        )
        return f"Stage {added.name} added."
    if action == "update":
        stage_update(stage=stage, actor=request.user, name=data["name"], time_limit_days=data["time_limit_days"])
        return f"Stage {stage.name} saved."
    if action in ("up", "down"):
        stage_shift(stage=stage, actor=request.user, offset=-1 if action == "up" else 1)
        return ""
    if action == "retire":
        stage_retire(stage=stage, actor=request.user)
        return f"Stage {stage.name} retired; its history is kept."
    stage_delete(stage=stage, actor=request.user)
    return f"Stage {stage.name} deleted."


@require_http_methods(["GET", "POST"])
@MANAGERS
def board_settings(request: HtmxHttpRequest, posting_id) -> HttpResponse:
    """Rename stages, set time limits, reorder, add, retire or delete stages."""
    posting = get_posting_board_for_user(request.user, posting_id)
    if request.method == "POST":
        form = StageSettingsForm(request.POST, posting=posting)
        if not form.is_valid():
            messages.error(request, form_messages(form))
        else:
            try:
                if done := _stage_change(request, posting, form.cleaned_data):
                    messages.success(request, done)
            except StageChangeRefused as refused:
                messages.error(request, str(refused))
        return redirect(reverse("pipelines:board_settings", args=[posting.public_id]))
    context = {
        "posting": posting,
        "stages": live_stages(posting),
        "urls": _board_urls(posting, BoardFilters()),
        "today": timezone.localdate(),
    }
    return render(request, "pipelines/board_settings.html", context)
