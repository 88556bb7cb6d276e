"""Scheduling: an application's interviews, proposing and booking a panel, self-scheduling
links, one interview, rescheduling and cancelling. A slot taken meanwhile is never an
error page: the person is told and gets fresh proposals (409)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from recruiting.core.decorators import role_required
from recruiting.core.htmx import HtmxHttpRequest, render_page
from recruiting.core.roles import MANAGER_ROLES
from recruiting.interviews import access, blind, services
from recruiting.interviews.forms import BookForm, CancelForm, LaterForm, LinkForm, PanelForm, ShadowForm, SlotForm
from recruiting.interviews.models import Interview, InterviewRound, SchedulingLink
from recruiting.interviews.pools import interview_add_shadow, propose_fair_panels
from recruiting.interviews.scheduling import describe_slots, propose_slot_page, zone
from recruiting.interviews.views.common import candidate_url, form_errors


@role_required(*MANAGER_ROLES)
@require_GET
@vary_on_headers("HX-Request")
def application_interviews(request: HtmxHttpRequest, public_id) -> HttpResponse:
    application = access.application_for_scheduling(request.user, public_id)
    rounds = list(
        InterviewRound.objects.filter(posting=application.posting).select_related("stage").order_by("order", "id")
    )
    interviews = list(
        Interview.objects.filter(application=application)
        .select_related("round")
        .prefetch_related("panel__interviewer")
        .order_by("starts_at")
    )
    links = list(
        SchedulingLink.objects.filter(application=application)
        .select_related("round", "interview")
        .order_by("-created_at")[:20]
    )
    context = {
        "application": application,
        "rounds": rounds,
        "interviews": interviews,
        "links": links,
        "candidate_url": candidate_url(application),
        "now": timezone.now(),
    }
    return render_page(request, "interviews/application.html", context)


def _paging(request: HtmxHttpRequest, later) -> dict:
    """Links to the first page and the later one, keeping the page's other parameters."""
    params = request.GET.copy()
    params.pop("after", None)
    first = f"{request.path}?{params.urlencode()}" if params else request.path
    if later is None:
        return {"first_url": first, "later_url": ""}
    params["after"] = later.isoformat()
    return {"first_url": first, "later_url": f"{request.path}?{params.urlencode()}"}


def _round_for_application(application, round_id: int) -> InterviewRound:
    return access.round_for_plan(None, application.posting, round_id)


def _schedule_context(application, interview_round, form, **extra) -> dict:
    proposals = []
    panel = []
    candidate_tz = "Asia/Kolkata"
    later = after = None
    if form.is_bound and form.is_valid():
        panel = form.cleaned_data["panel"]
        candidate_tz = form.cleaned_data["candidate_time_zone"]
        after = form.cleaned_data.get("after")
        page = propose_slot_page(users=panel, length=timedelta(minutes=interview_round.duration_minutes), after=after)
        proposals = describe_slots(page.slots, candidate_tz=zone(candidate_tz), users=panel)
        later = page.later
    context = {
        "application": application,
        "round": interview_round,
        "form": form,
        "proposals": proposals,
        "panel": panel,
        "candidate_tz": candidate_tz,
        "after": after,
        "later": later,
        "link_form": LinkForm(interview_round=interview_round, initial={"valid_days": 7}),
        "candidate_url": candidate_url(application),
    }
    context.update(extra)
    return context


def _fair_context(application, interview_round, request) -> dict:
    """The pool chooses: the earliest slots, each with the fairest free panel."""
    later_form = LaterForm(request.GET)
    after = later_form.cleaned_data["after"] if later_form.is_valid() else None
    tz_form = PanelForm(
        {"candidate_time_zone": request.GET.get("candidate_time_zone", "")}, interview_round=interview_round
    )
    tz_form.is_valid()
    candidate_tz = tz_form.cleaned_data.get("candidate_time_zone") or "Asia/Kolkata"
    fair = propose_fair_panels(interview_round=interview_round, after=after)
    proposals = [
        {
            "slot": describe_slots([item.slot], candidate_tz=zone(candidate_tz), users=item.panel)[0],
            "panel": [(person, fair.loads[person.pk]) for person in item.panel],
        }
        for item in fair.slots
    ]
    context = _schedule_context(application, interview_round, PanelForm(interview_round=interview_round))
    context.update(fair_proposals=proposals, auto=True, after=after, later=fair.later, candidate_tz=candidate_tz)
    return context


@role_required(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def schedule(request: HtmxHttpRequest, public_id, round_id: int) -> HttpResponse:
    application = access.application_for_scheduling(request.user, public_id)
    interview_round = _round_for_application(application, round_id)
    page = "interviews/schedule.html"
    if request.method == "GET":
        if request.GET.get("auto"):
            context = _fair_context(application, interview_round, request)
        else:
            form = PanelForm(request.GET if "panel" in request.GET else None, interview_round=interview_round)
            context = _schedule_context(application, interview_round, form)
        context.update(_paging(request, context["later"]))
        return render_page(request, page, context, partial="proposals")
    form = BookForm(request.POST, interview_round=interview_round)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return render_page(request, page, _schedule_context(application, interview_round, form), status=400)
    try:
        interview = services.interview_book(
            application=application,
            round=interview_round,
            panel=form.cleaned_data["panel"],
            start=form.cleaned_data["start"],
            actor=request.user,
            candidate_time_zone=form.cleaned_data["candidate_time_zone"],
        )
    except services.SchedulingError as exc:
        # A slot taken meanwhile: say so and show fresh proposals, never an error page.
        messages.error(request, str(exc))
        status = 409 if isinstance(exc, services.SlotTaken) else 400
        return render_page(request, page, _schedule_context(application, interview_round, form), status=status)
    messages.success(request, f"Booked {interview.title}. Invitations are on their way.")
    return redirect("interviews:detail", public_id=interview.public_id)


@role_required(*MANAGER_ROLES)
@require_POST
def link_create(request: HtmxHttpRequest, public_id, round_id: int) -> HttpResponse:
    application = access.application_for_scheduling(request.user, public_id)
    interview_round = _round_for_application(application, round_id)
    form = LinkForm(request.POST, interview_round=interview_round)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("interviews:schedule", public_id=application.public_id, round_id=interview_round.pk)
    try:
        link, _token = services.scheduling_link_create(
            application=application,
            round=interview_round,
            panel=form.cleaned_data["panel"],
            actor=request.user,
            valid_for=timedelta(days=form.cleaned_data["valid_days"]),
        )
    except services.SchedulingError as exc:
        messages.error(request, str(exc))
        return redirect("interviews:schedule", public_id=application.public_id, round_id=interview_round.pk)
    messages.success(
        request, f"Self-scheduling link e-mailed to {application.contact_email}: {services.scheduling_link_url(link)}"
    )
    return redirect("interviews:application", public_id=application.public_id)


@role_required()
@require_GET
@vary_on_headers("HX-Request")
def detail(request: HtmxHttpRequest, public_id) -> HttpResponse:
    interview = access.interview_for_user(request.user, public_id)
    seats = [seat for seat in interview.panel.all() if seat.active or interview.status == Interview.Status.CANCELLED]
    context = {
        "interview": interview,
        "seats": seats,
        "is_panelist": any(seat.interviewer_id == request.user.pk for seat in interview.panel.all()),
        "can_manage": access.can_manage_application(request.user, interview.application),
        "viewer_tz": zone(request.user.time_zone),
        "candidate_tz": zone(interview.candidate_time_zone),
        "shadow_form": ShadowForm(interview=interview) if interview.round_id else None,
        "candidate_url": candidate_url(interview.application),
        "candidate_name": blind.name_for(request.user, interview.application),
    }
    return render_page(request, "interviews/detail.html", context)


def _reschedule_context(interview, after=None, **extra) -> dict:
    people = [seat.interviewer for seat in interview.panel.all() if seat.active]
    page = propose_slot_page(
        users=people,
        length=interview.ends_at - interview.starts_at,
        exclude_interview_id=interview.pk,
        after=after,
    )
    context = {
        "interview": interview,
        "proposals": describe_slots(page.slots, candidate_tz=zone(interview.candidate_time_zone), users=people),
        "after": after,
        "later": page.later,
    }
    context.update(extra)
    return context


@role_required(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def reschedule(request: HtmxHttpRequest, public_id) -> HttpResponse:
    interview = access.interview_for_manager(request.user, public_id)
    page = "interviews/reschedule.html"
    if request.method == "GET":
        later = LaterForm(request.GET)
        after = later.cleaned_data["after"] if later.is_valid() else None
        context = _reschedule_context(interview, after)
        context.update(_paging(request, context["later"]))
        return render_page(request, page, context, partial="proposals")
    form = SlotForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return render_page(request, page, _reschedule_context(interview), status=400)
    try:
        services.interview_reschedule(interview=interview, start=form.cleaned_data["start"], actor=request.user)
    except services.SchedulingError as exc:
        messages.error(request, str(exc))
        status = 409 if isinstance(exc, services.SlotTaken) else 400
        return render_page(request, page, _reschedule_context(interview), status=status)
    messages.success(request, "Interview moved. Updated invitations are on their way.")
    return redirect("interviews:detail", public_id=interview.public_id)


@role_required(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def cancel(request: HtmxHttpRequest, public_id) -> HttpResponse:
    """GET asks for confirmation and a reason; POST cancels (the reason is required)."""
    interview = access.interview_for_manager(request.user, public_id)
    page = "interviews/cancel.html"
    if interview.status != Interview.Status.SCHEDULED:
        messages.info(request, "This interview is not scheduled any more.")
        return redirect("interviews:detail", public_id=interview.public_id)
    if request.method == "GET":
        return render_page(request, page, {"interview": interview, "form": CancelForm()})
    form = CancelForm(request.POST)
    if not form.is_valid():
        return render_page(request, page, {"interview": interview, "form": form}, status=400)
    services.interview_cancel(
        interview=interview,
        actor=request.user,
        reason=form.cleaned_data["reason"],
        tell_candidate=form.cleaned_data["tell_candidate"],
    )
    messages.success(request, "Interview cancelled. Everybody gets a cancellation for their calendar.")
    return redirect("interviews:detail", public_id=interview.public_id)


@role_required(*MANAGER_ROLES)
@require_POST
def add_shadow(request: HtmxHttpRequest, public_id) -> HttpResponse:
    """Add one of the round's interviewers in training as a shadow."""
    interview = access.interview_for_manager(request.user, public_id)
    form = ShadowForm(request.POST, interview=interview)
    if not form.is_valid():
        messages.error(request, form_errors(form) or "Choose one of the round's shadows.")
        return redirect("interviews:detail", public_id=interview.public_id)
    try:
        interview_add_shadow(interview=interview, shadow=form.cleaned_data["shadow"], actor=request.user)
    except services.SchedulingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{form.cleaned_data['shadow']} shadows this interview. Invitations updated.")
    return redirect("interviews:detail", public_id=interview.public_id)
