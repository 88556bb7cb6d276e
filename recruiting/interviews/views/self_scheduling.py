"""The candidate's self-scheduling page, reached by a signed link (no account)."""

from __future__ import annotations

from collections import OrderedDict
from datetime import timedelta

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from recruiting.core.decorators import public
from recruiting.core.htmx import HtmxHttpRequest, render_page
from recruiting.interviews import leave, services
from recruiting.interviews.forms import SlotForm
from recruiting.interviews.scheduling import COMMON_TIME_ZONES, describe_slots, is_valid_zone, propose_slots, zone
from recruiting.interviews.slots import Slot

PAGE = "interviews/self_schedule.html"


def _context(link, tz_name: str, **extra) -> dict:
    people = list(link.panel.all())
    if link.reschedules_id:
        # A link to move a booked interview offers only the proposed times still ahead.
        now = timezone.now()
        length = link.reschedules.ends_at - link.reschedules.starts_at
        slots = [Slot(start, start + length) for start in sorted(link.allowed_starts) if start > now]
    else:
        slots = propose_slots(users=people, length=timedelta(minutes=link.round.duration_minutes), limit=40)
    views = describe_slots(slots, candidate_tz=zone(tz_name))
    days: OrderedDict[str, list] = OrderedDict()
    for view in views:
        days.setdefault(view.day_key, []).append(view)
    zones = list(COMMON_TIME_ZONES)
    if tz_name not in zones:
        zones.insert(0, tz_name)
    context = {
        "link": link,
        "days": days,
        "tz_name": tz_name,
        "zones": zones,
        "round": link.round,
        "posting": link.application.posting,
        "candidate": link.application.candidate,
        # The name given with the application the link was sent about (ADR 6).
        "applicant_name": link.application.contact_name,
    }
    context.update(extra)
    return context


def _link_problem(request: HtmxHttpRequest, exc: services.LinkError) -> HttpResponse:
    return render(request, "interviews/link_problem.html", {"message": str(exc)}, status=exc.status)


@public
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def self_schedule(request: HtmxHttpRequest, token: str) -> HttpResponse:
    try:
        link = services.scheduling_link_resolve(token)
    except services.LinkError as exc:
        return _link_problem(request, exc)
    raw_tz = (request.POST.get("tz") or request.GET.get("tz") or "Asia/Kolkata").strip()
    tz_name = raw_tz if is_valid_zone(raw_tz) else "Asia/Kolkata"
    if request.method == "GET":
        return render_page(request, PAGE, _context(link, tz_name), partial="slots")
    form = SlotForm(request.POST)
    if not form.is_valid():
        return render_page(
            request, PAGE, _context(link, tz_name, problem="Please pick one of the times below."), status=400
        )
    try:
        book = leave.reschedule_link_book if link.reschedules_id else services.scheduling_link_book
        interview = book(link=link, start=form.cleaned_data["start"], candidate_time_zone=tz_name)
    except services.LinkError as exc:
        return _link_problem(request, exc)
    except services.SchedulingError as exc:
        # Offered and gone meanwhile: 409; never offered (a weekend, off the grid): 400.
        status = 409 if isinstance(exc, services.SlotTaken) else 400
        return render_page(request, PAGE, _context(link, tz_name, problem=str(exc)), status=status)
    context = {"interview": interview, "tz_name": tz_name, "posting": link.application.posting}
    return render(request, "interviews/self_booked.html", context)
