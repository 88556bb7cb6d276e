"""The interviewer's home and availability: weekly windows, time off, cap and buffer.

Every availability write answers HTMX with the changed section of the page
(`availability.html#week`, `#time-off`, `#settings`) and a plain POST with a redirect."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from recruiting.core.decorators import role_required
from recruiting.core.htmx import HtmxHttpRequest, render_page
from recruiting.core.roles import MANAGER_ROLES
from recruiting.interviews import access, leave, services
from recruiting.interviews.forms import InterviewerSettingsForm, TimeOffForm, WindowForm
from recruiting.interviews.leave import period_label
from recruiting.interviews.models import WEEKDAY_CHOICES, AvailabilityWindow, TimeOff
from recruiting.interviews.queries import by_day, pending_scorecards, team_upcoming_interviews, upcoming_interviews
from recruiting.interviews.views.common import form_errors

PAGE = "interviews/availability.html"


@role_required()
@require_GET
@vary_on_headers("HX-Request")
def home(request: HtmxHttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "upcoming": list(upcoming_interviews(user)[:50]),
        "pending": list(pending_scorecards(user)[:50]),
        "today": timezone.localdate(),
        "team_days": by_day(team_upcoming_interviews(user)[:100]) if user.has_role(*MANAGER_ROLES) else None,
    }
    return render_page(request, "interviews/home.html", context)


def _availability_context(user, **extra) -> dict:
    windows = list(AvailabilityWindow.objects.filter(interviewer=user).order_by("weekday", "start"))
    days = [(num, name, [w for w in windows if w.weekday == num]) for num, name in WEEKDAY_CHOICES]
    prefs = services.interviewer_settings_get(user)
    context = {
        "days": days,
        "time_off": [
            (entry, period_label(entry.starts_at, entry.ends_at, user.time_zone))
            for entry in TimeOff.objects.filter(interviewer=user, ends_at__gte=timezone.now()).order_by("starts_at")
        ],
        "window_form": WindowForm(),
        "time_off_form": TimeOffForm(),
        "settings_form": InterviewerSettingsForm(
            initial={
                "time_zone": user.time_zone,
                "daily_cap": prefs.daily_cap,
                "weekly_cap": prefs.weekly_cap,
                "buffer_minutes": prefs.buffer_minutes,
            }
        ),
        "editing": None,
    }
    context.update(extra)
    return context


@role_required()
@require_GET
@vary_on_headers("HX-Request")
def availability(request: HtmxHttpRequest) -> HttpResponse:
    return render_page(request, PAGE, _availability_context(request.user))


def _after_post(
    request: HtmxHttpRequest, partial: str, context: dict, *, ok: str = "", error: str = ""
) -> HttpResponse:
    """HTMX: the changed section (with the form's errors, if any; 200 so htmx swaps it).
    Plain POST: back to the page with a flash (PRG)."""
    if request.htmx:
        return render_page(request, PAGE, context, partial=partial)
    if error:
        messages.error(request, error)
    elif ok:
        messages.success(request, ok)
    return redirect("interviews:availability")


@role_required()
@require_POST
@vary_on_headers("HX-Request")
def window_add(request: HtmxHttpRequest) -> HttpResponse:
    form = WindowForm(request.POST)
    if not form.is_valid():
        context = _availability_context(request.user, window_form=form)
        return _after_post(request, "week", context, error=form_errors(form))
    services.availability_window_save(interviewer=request.user, **form.cleaned_data)
    return _after_post(request, "week", _availability_context(request.user), ok="Window added.")


@role_required()
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def window_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    window = access.window_for_owner(request.user, pk)
    if request.method == "GET":
        form = WindowForm(initial={"weekday": window.weekday, "start": window.start, "end": window.end})
        context = _availability_context(request.user, editing=window, edit_form=form)
        return render_page(request, PAGE, context, partial="week")
    form = WindowForm(request.POST)
    if not form.is_valid():
        context = _availability_context(request.user, editing=window, edit_form=form)
        return _after_post(request, "week", context, error=form_errors(form))
    services.availability_window_save(interviewer=request.user, window=window, **form.cleaned_data)
    return _after_post(request, "week", _availability_context(request.user), ok="Window changed.")


@role_required()
@require_POST
@vary_on_headers("HX-Request")
def window_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    services.availability_window_delete(window=access.window_for_owner(request.user, pk))
    return _after_post(request, "week", _availability_context(request.user), ok="Window removed.")


@role_required()
@require_POST
@vary_on_headers("HX-Request")
def time_off_add(request: HtmxHttpRequest) -> HttpResponse:
    form = TimeOffForm(request.POST)
    if not form.is_valid():
        context = _availability_context(request.user, time_off_form=form)
        return _after_post(request, "time-off", context, error=form_errors(form))
    starts_at, ends_at = form.period(request.user.time_zone)
    hits = leave.hits_for_period(request.user, starts_at, ends_at)
    if hits and not form.cleaned_data["confirm"]:
        # Show what it hits first; the same values come back with confirm=1.
        confirm = TimeOffForm(initial={**form.cleaned_data, "confirm": True})
        context = _availability_context(request.user, time_off_form=confirm, hits=hits)
        return render_page(request, PAGE, context, partial="time-off")
    _entry, proposals = leave.time_off_add_and_propose(
        interviewer=request.user, starts_at=starts_at, ends_at=ends_at, reason=form.cleaned_data["reason"]
    )
    ok = "Time off added."
    if proposals:
        ok += f" The recruiters get new times for {len(proposals)} interview{'s' if len(proposals) != 1 else ''}."
    return _after_post(request, "time-off", _availability_context(request.user), ok=ok)


@role_required()
@require_POST
@vary_on_headers("HX-Request")
def time_off_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    services.time_off_delete(time_off=access.time_off_for_owner(request.user, pk))
    return _after_post(request, "time-off", _availability_context(request.user), ok="Time off removed.")


@role_required()
@require_POST
@vary_on_headers("HX-Request")
def settings_update(request: HtmxHttpRequest) -> HttpResponse:
    form = InterviewerSettingsForm(request.POST)
    if not form.is_valid():
        context = _availability_context(request.user, settings_form=form)
        return _after_post(request, "settings", context, error=form_errors(form))
    services.interviewer_settings_update(user=request.user, **form.cleaned_data)
    return _after_post(request, "settings", _availability_context(request.user), ok="Settings saved.")
