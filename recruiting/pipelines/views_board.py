"""The pipeline board of a posting: columns, moves, rejections, live updates, stages.

One URL serves the full page and its HTMX fragments. Writes answer HTMX with
out-of-band swaps of exactly the columns they touched; plain POSTs redirect back to the
board with a flash message, so every action works without JavaScript.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from recruiting.core.decorators import role_required
from recruiting.notifications.models import Notification
from recruiting.pipelines.access import MANAGER_ROLES, get_application_for_user, get_posting_board_for_user
from recruiting.pipelines.board import (
    ENDED,
    ON_BOARD,
    BoardFilters,
    board_token,
    build_board,
    column_page,
    decorate_cards,
    ended_page,
    live_stages,
    render_cards,
    tag_choices,
)
from recruiting.pipelines.models import Application, Source, Stage
from recruiting.pipelines.moves import (
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


# --- helpers ----------------------------------------------------------------------------


def _board_urls(posting, filters: BoardFilters, token: str | None = None) -> dict[str, str]:
    base = reverse("pipelines:board", args=[posting.public_id])
    qs = filters.querystring
    urls = {
        "board": base + qs,
        "plain_board": base,
        "move": base + "move/" + qs,
        "reject": base + "reject/",
        "reject_post": base + "reject/" + qs,
        "reopen": base + "reopen/" + qs,
        "withdraw": base + "withdraw/" + qs,
        "cancel_email": base + "cancel-email/" + qs,
        "column": base + "column/",
        "settings": base + "settings/",
    }
    if token is not None:
        urls["changes"] = base + "changes/?" + urlencode({**filters.params(), "since": token})
    return urls


def _context(request: HttpRequest, posting, filters: BoardFilters, board, token: str, **extra) -> dict:
    urls = _board_urls(posting, filters, token)
    cards = [card for column in getattr(board, "columns", []) for card in column.cards] + list(extra.get("cards", []))
    render_cards(
        [card for card in cards if card.state in ON_BOARD],
        move_url=urls["move"],
        reject_url=urls["reject"],
        csrf_token=get_token(request),
    )
    return {
        "posting": posting,
        "board": board,
        "stages": board.stages,
        "filters": filters,
        "token": token,
        "urls": urls,
        "filter_params": filters.params(),
        **extra,
    }


def _application_on_board(user, public_id: str, posting) -> Application:
    """The application named in a form or query, checked against the user and this board."""
    application = get_application_for_user(user, public_id, manage=True)
    if application.posting_id != posting.pk:
        # Another posting's card on this board's URL: same answer as an unknown id.
        raise Http404("No such application on this board")
    return application


def _posted_application(request: HttpRequest, posting) -> Application:
    return _application_on_board(request.user, request.POST.get("application", ""), posting)


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def _update_response(
    request: HttpRequest,
    posting,
    filters: BoardFilters,
    stage_ids: set[int],
    *,
    message: str,
    level: str = "success",
    extra_html: dict | None = None,
) -> HttpResponse:
    """After a write: HTMX gets the touched columns (and the ended counts) as
    out-of-band swaps plus the message; a plain POST is redirected to the board."""
    if not request.htmx:
        getattr(messages, level)(request, message)
        return redirect(_board_urls(posting, filters)["board"])
    board = build_board(posting, filters, only_ids=stage_ids)
    context = _context(
        request, posting, filters, board, board_token(posting), message=message, level=level, **(extra_html or {})
    )
    return render(request, "pipelines/board_update.html", context)


# --- the board ----------------------------------------------------------------------------


@require_GET
@MANAGERS
def board(request: HttpRequest, posting_id) -> HttpResponse:
    """The board page; with HTMX, only its body (filters applied)."""
    posting = get_posting_board_for_user(request.user, posting_id)
    filters = BoardFilters.from_query(request.GET)
    for error in filters.errors:
        messages.warning(request, error)
    board = build_board(posting, filters)
    context = _context(request, posting, filters, board, board_token(posting))
    if request.htmx and not request.htmx.boosted:
        response = render(request, "pipelines/board.html#board-body", context)
    else:
        context.update(tags=tag_choices(), sources=Source.choices)
        response = render(request, "pipelines/board.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@MANAGERS
def board_changes(request: HttpRequest, posting_id) -> HttpResponse:
    """Polled every few seconds: 204 when nothing changed since `since`, else the fresh
    board body (with the new token)."""
    posting = get_posting_board_for_user(request.user, posting_id)
    token = board_token(posting)
    if request.GET.get("since") == token:
        return HttpResponse(status=204)
    filters = BoardFilters.from_query(request.GET)
    board = build_board(posting, filters)
    response = render(request, "pipelines/board.html#board-body", _context(request, posting, filters, board, token))
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@MANAGERS
def board_column(request: HttpRequest, posting_id) -> HttpResponse:
    """The next page of one column ("load more"), or the rejected/withdrawn list."""
    posting = get_posting_board_for_user(request.user, posting_id)
    filters = BoardFilters.from_query(request.GET)
    offset = max(_int(request.GET.get("offset")) or 0, 0)
    state = request.GET.get("state", "")
    stages = live_stages(posting)
    by_pk = {stage.pk: stage for stage in stages}
    pending: set[int] = set()
    if state:
        if state not in ENDED:
            return HttpResponseBadRequest("Unknown state.")
        cards = ended_page(posting, filters, state, offset)
        if state == Application.State.REJECTED and cards:
            keys = {rejection_email_key(card): card.pk for card in cards}
            pending = {
                keys[key]
                for key in Notification.objects.filter(
                    idempotency_key__in=keys, status__in=[Notification.Status.QUEUED, Notification.Status.RETRYING]
                ).values_list("idempotency_key", flat=True)
            }
        stage = None
    else:
        stage = by_pk.get(_int(request.GET.get("stage")) or 0)
        if stage is None:
            return HttpResponseBadRequest("Unknown stage.")
        cards = column_page(posting, filters, stage, offset)
    decorate_cards(cards, by_pk)
    for card in cards:
        card.email_pending = card.pk in pending
    context = _context(
        request,
        posting,
        filters,
        _NoBoard(stages),
        board_token(posting),
        cards=cards,
        stage=stage,
        state=state,
        next_offset=offset + len(cards) if len(cards) == 25 else None,
    )
    template = "pipelines/_column_page.html" if request.htmx else "pipelines/board_column.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


class _NoBoard:
    """Stands in for a Board where only the stage list is needed (card move menus)."""

    def __init__(self, stages):
        self.stages = stages


# --- moves ----------------------------------------------------------------------------------


@require_POST
@MANAGERS
def board_move(request: HttpRequest, posting_id) -> HttpResponse:
    """Move one card. HTMX: re-render the two touched columns; stale: the truth and why."""
    posting = get_posting_board_for_user(request.user, posting_id)
    filters = BoardFilters.from_query(request.GET)
    application = _posted_application(request, posting)
    version = _int(request.POST.get("version"))
    to_stage = Stage.objects.filter(posting=posting, pk=_int(request.POST.get("to_stage")) or 0).first()
    if version is None or to_stage is None:
        return _update_response(
            request,
            posting,
            filters,
            {application.stage_id},
            level="error",
            message="Choose a stage of this board to move the card to.",
        )
    touched = {application.stage_id, to_stage.pk}
    if (seen_in := _int(request.POST.get("from_stage"))) is not None:
        touched.add(seen_in)  # where this user still sees the card
    try:
        moved = application_move(
            application=application, to_stage=to_stage, actor=request.user, expected_version=version
        )
    except StaleMove as stale:
        touched.add(stale.current.stage_id)
        return _update_response(request, posting, filters, touched, message=stale.message, level="error")
    except ValueError as error:
        return _update_response(request, posting, filters, touched, message=str(error), level="error")
    return _update_response(
        request, posting, filters, touched, message=f"{moved.candidate.full_name} moved to {moved.stage.name}."
    )


@require_http_methods(["GET", "POST"])
@MANAGERS
def board_reject(request: HttpRequest, posting_id) -> HttpResponse:
    """GET: the reject form for one card (fragment for HTMX). POST: reject."""
    posting = get_posting_board_for_user(request.user, posting_id)
    filters = BoardFilters.from_query(request.GET)
    reasons = ensure_default_rejection_reasons()
    if request.method == "GET":
        application = _application_on_board(request.user, request.GET.get("application", ""), posting)
        context = {
            "posting": posting,
            "application": application,
            "reasons": reasons,
            "delay_hours": posting.rejection_delay_hours,
            "urls": _board_urls(posting, filters),
        }
        template = "pipelines/_card_reject.html" if request.htmx else "pipelines/board_reject.html"
        response = render(request, template, context)
        patch_vary_headers(response, ["HX-Request"])
        return response
    application = _posted_application(request, posting)
    reason = next((r for r in reasons if r.pk == _int(request.POST.get("reason"))), None)
    touched = {application.stage_id}
    if reason is None:
        return _update_response(
            request, posting, filters, touched, level="error", message="Choose a reason to reject the application."
        )
    send_email = request.POST.get("send_email") in ("1", "on")
    try:
        rejected = application_reject(
            application=application,
            reason=reason,
            note=request.POST.get("note", ""),
            actor=request.user,
            send_email=send_email,
            expected_version=_int(request.POST.get("version")),
            email_delay_hours=posting.rejection_delay_hours,
        )
    except StaleMove as stale:
        touched.add(stale.current.stage_id)
        return _update_response(request, posting, filters, touched, message=stale.message, level="error")
    except ValueError as error:
        return _update_response(request, posting, filters, touched, message=str(error), level="error")
    message = f"{rejected.candidate.full_name} rejected ({reason.name})."
    cancel = None
    if send_email and rejected.contact_email:
        message += f" The rejection e-mail goes out in {posting.rejection_delay_hours} hours."
        cancel = rejected
    return _update_response(request, posting, filters, touched, message=message, extra_html={"cancel_for": cancel})


@require_POST
@MANAGERS
def board_cancel_email(request: HttpRequest, posting_id) -> HttpResponse:
    """Stop a pending rejection e-mail."""
    posting = get_posting_board_for_user(request.user, posting_id)
    filters = BoardFilters.from_query(request.GET)
    application = _posted_application(request, posting)
    if application_cancel_rejection_email(application=application, actor=request.user):
        message, level = f"The rejection e-mail to {application.candidate.full_name} was cancelled.", "success"
    else:
        message, level = "There is no pending rejection e-mail to cancel (it may have gone out already).", "warning"
    return _update_response(request, posting, filters, set(), message=message, level=level)


@require_POST
@MANAGERS
def board_reopen(request: HttpRequest, posting_id) -> HttpResponse:
    """Bring a rejected or withdrawn application back to the board."""
    posting = get_posting_board_for_user(request.user, posting_id)
    filters = BoardFilters.from_query(request.GET)
    application = _posted_application(request, posting)
    try:
        reopened = application_reopen(
            application=application, actor=request.user, expected_version=_int(request.POST.get("version"))
        )
    except (StaleMove, ValueError) as error:
        # StaleMove's text is its who-moved-what message, like any ValueError's.
        return _update_response(request, posting, filters, {application.stage_id}, message=str(error), level="error")
    return _update_response(
        request,
        posting,
        filters,
        {reopened.stage_id},
        message=f"{reopened.candidate.full_name} is back in {reopened.stage.name}.",
    )


@require_POST
@MANAGERS
def board_withdraw(request: HttpRequest, posting_id) -> HttpResponse:
    """The candidate withdrew."""
    posting = get_posting_board_for_user(request.user, posting_id)
    filters = BoardFilters.from_query(request.GET)
    application = _posted_application(request, posting)
    try:
        withdrawn = application_withdraw(
            application=application, actor=request.user, expected_version=_int(request.POST.get("version"))
        )
    except (StaleMove, ValueError) as error:
        # StaleMove's text is its who-moved-what message, like any ValueError's.
        return _update_response(request, posting, filters, {application.stage_id}, message=str(error), level="error")
    return _update_response(
        request, posting, filters, {withdrawn.stage_id}, message=f"{withdrawn.candidate.full_name} marked as withdrawn."
    )


# --- stage settings -------------------------------------------------------------------------


def _limit(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    value = _int(raw)
    if value is None:
        raise ValueError("The time limit is a whole number of working days.")
    return value


@require_http_methods(["GET", "POST"])
@MANAGERS
def board_settings(request: HttpRequest, posting_id) -> HttpResponse:
    """Rename stages, set time limits, reorder, add, retire or delete stages."""
    posting = get_posting_board_for_user(request.user, posting_id)
    if request.method == "POST":
        action = request.POST.get("action", "")
        stage = Stage.objects.filter(posting=posting, pk=_int(request.POST.get("stage")) or 0).first()
        try:
            if action == "add":
                added = stage_add(
                    posting=posting,
                    actor=request.user,
                    name=request.POST.get("name", ""),
                    time_limit_days=_limit(request.POST.get("time_limit_days")),
                )
                messages.success(request, f"Stage {added.name} added.")
            elif stage is None or stage.retired:
                messages.error(request, "That stage is not on this board.")
            elif action == "update":
                stage_update(
                    stage=stage,
                    actor=request.user,
                    name=request.POST.get("name", ""),
                    time_limit_days=_limit(request.POST.get("time_limit_days")),
                )
                messages.success(request, f"Stage {stage.name} saved.")
            elif action in ("up", "down"):
                stage_shift(stage=stage, actor=request.user, offset=-1 if action == "up" else 1)
            elif action == "retire":
                stage_retire(stage=stage, actor=request.user)
                messages.success(request, f"Stage {stage.name} retired; its history is kept.")
            elif action == "delete":
                stage_delete(stage=stage, actor=request.user)
                messages.success(request, f"Stage {stage.name} deleted.")
            else:
                messages.error(request, "Unknown action.")
        except ValueError as error:
            messages.error(request, str(error))
        return redirect(reverse("pipelines:board_settings", args=[posting.public_id]))
    context = {
        "posting": posting,
        "stages": live_stages(posting),
        "urls": _board_urls(posting, BoardFilters()),
        "today": timezone.localdate(),
    }
    return render(request, "pipelines/board_settings.html", context)
