"""Interview pages: the interviewer's home and availability, interview plans, scheduling
and self-scheduling, scorecards and the hiring manager's decision page.

Interviewers never see pay figures here: no view puts compensation into a context.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from recruiting.core.decorators import public, role_required
from recruiting.interviews import access, services
from recruiting.interviews.forms import (
    BookForm,
    CancelForm,
    CriterionForm,
    DecisionForm,
    InterviewerSettingsForm,
    LinkForm,
    PanelForm,
    RoundForm,
    ScorecardForm,
    SlotForm,
    TimeOffForm,
    WindowForm,
)
from recruiting.interviews.models import (
    RATING_ANCHORS,
    WEEKDAY_CHOICES,
    AvailabilityWindow,
    Interview,
    InterviewRound,
    SchedulingLink,
    Scorecard,
    TimeOff,
)
from recruiting.interviews.scheduling import COMMON_TIME_ZONES, describe_slots, is_valid_zone, propose_slots, zone

MANAGERS = ("recruiter", "hiring_manager")


def _render(request, template: str, context: dict, *, partial: str | None = None, status: int = 200) -> HttpResponse:
    """The full page, or only `partial` for an HTMX request; always Vary: HX-Request."""
    name = f"{template}#{partial}" if partial and request.htmx else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _candidate_url(application) -> str:
    try:
        return reverse("pipelines:application", args=[application.public_id])
    except NoReverseMatch:  # the candidates area may not be mounted
        return ""


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _interviews_for(user):
    return Interview.objects.filter(panel__interviewer=user, panel__active=True).select_related(
        "application__candidate", "application__posting", "round"
    )


def pending_scorecards(user, now=None):
    """Interviews `user` sat on (started, not cancelled) without their submitted scorecard."""
    now = now or timezone.now()
    submitted = Scorecard.objects.filter(interview=OuterRef("pk"), interviewer=user, status=Scorecard.Status.SUBMITTED)
    return (
        _interviews_for(user)
        .filter(starts_at__lt=now)
        .exclude(status=Interview.Status.CANCELLED)
        .exclude(Exists(submitted))
        .order_by("starts_at")
    )


def upcoming_interviews(user, now=None):
    now = now or timezone.now()
    return _interviews_for(user).filter(status=Interview.Status.SCHEDULED, ends_at__gte=now).order_by("starts_at")


def interviews_this_week(user, now=None):
    """Interviews of the postings `user` manages, Monday to Sunday of this week."""
    from recruiting.pipelines.models import Application

    now = timezone.localtime(now or timezone.now())
    monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        Interview.objects.filter(
            application__in=Application.objects.visible_to(user).values("pk"),
            starts_at__gte=monday,
            starts_at__lt=monday + timedelta(days=7),
        )
        .exclude(status=Interview.Status.CANCELLED)
        .select_related("application__candidate", "application__posting", "round")
        .prefetch_related("panel__interviewer")
        .order_by("starts_at")
    )


# --- Interviewer home and availability -------------------------------------------------------
@role_required()
@require_GET
def home(request):
    user = request.user
    context = {
        "upcoming": list(upcoming_interviews(user)[:50]),
        "pending": list(pending_scorecards(user)[:50]),
        "this_week": list(interviews_this_week(user)[:100]) if user.has_role(*MANAGERS) else None,
    }
    return _render(request, "interviews/home.html", context)


def _availability_context(user, **extra) -> dict:
    windows = list(AvailabilityWindow.objects.filter(interviewer=user).order_by("weekday", "start"))
    days = [(num, name, [w for w in windows if w.weekday == num]) for num, name in WEEKDAY_CHOICES]
    prefs = services.interviewer_settings_get(user)
    context = {
        "days": days,
        "time_off": list(TimeOff.objects.filter(interviewer=user, ends_at__gte=timezone.now()).order_by("starts_at")),
        "window_form": WindowForm(),
        "time_off_form": TimeOffForm(),
        "settings_form": InterviewerSettingsForm(
            initial={"time_zone": user.time_zone, "daily_cap": prefs.daily_cap, "buffer_minutes": prefs.buffer_minutes}
        ),
        "editing": None,
    }
    context.update(extra)
    return context


@role_required()
@require_GET
def availability(request):
    return _render(request, "interviews/availability.html", _availability_context(request.user))


def _after_availability_post(request, partial: str, context: dict, *, ok: str = "", error: str = "") -> HttpResponse:
    """HTMX: the changed section (with the form's errors, if any; 200 so htmx swaps it).
    Plain POST: back to the page with a flash (PRG)."""
    if request.htmx:
        return _render(request, "interviews/availability.html", context, partial=partial)
    if error:
        messages.error(request, error)
    elif ok:
        messages.success(request, ok)
    return redirect("interviews:availability")


@role_required()
@require_POST
def window_add(request):
    form = WindowForm(request.POST)
    if not form.is_valid():
        context = _availability_context(request.user, window_form=form)
        return _after_availability_post(request, "week", context, error=_form_errors(form))
    services.availability_window_save(interviewer=request.user, **form.cleaned_data)
    return _after_availability_post(request, "week", _availability_context(request.user), ok="Window added.")


@role_required()
@require_http_methods(["GET", "POST"])
def window_edit(request, pk: int):
    window = access.window_for_owner(request.user, pk)
    if request.method == "GET":
        form = WindowForm(initial={"weekday": window.weekday, "start": window.start, "end": window.end})
        context = _availability_context(request.user, editing=window, edit_form=form)
        return _render(request, "interviews/availability.html", context, partial="week")
    form = WindowForm(request.POST)
    if not form.is_valid():
        context = _availability_context(request.user, editing=window, edit_form=form)
        return _after_availability_post(request, "week", context, error=_form_errors(form))
    services.availability_window_save(interviewer=request.user, window=window, **form.cleaned_data)
    return _after_availability_post(request, "week", _availability_context(request.user), ok="Window changed.")


@role_required()
@require_POST
def window_delete(request, pk: int):
    services.availability_window_delete(window=access.window_for_owner(request.user, pk))
    return _after_availability_post(request, "week", _availability_context(request.user), ok="Window removed.")


@role_required()
@require_POST
def time_off_add(request):
    form = TimeOffForm(request.POST)
    if not form.is_valid():
        context = _availability_context(request.user, time_off_form=form)
        return _after_availability_post(request, "time-off", context, error=_form_errors(form))
    starts_at, ends_at = form.period(request.user.time_zone)
    services.time_off_add(
        interviewer=request.user, starts_at=starts_at, ends_at=ends_at, reason=form.cleaned_data["reason"]
    )
    return _after_availability_post(request, "time-off", _availability_context(request.user), ok="Time off added.")


@role_required()
@require_POST
def time_off_delete(request, pk: int):
    services.time_off_delete(time_off=access.time_off_for_owner(request.user, pk))
    return _after_availability_post(request, "time-off", _availability_context(request.user), ok="Time off removed.")


@role_required()
@require_POST
def settings_update(request):
    form = InterviewerSettingsForm(request.POST)
    if not form.is_valid():
        context = _availability_context(request.user, settings_form=form)
        return _after_availability_post(request, "settings", context, error=_form_errors(form))
    services.interviewer_settings_update(user=request.user, **form.cleaned_data)
    return _after_availability_post(request, "settings", _availability_context(request.user), ok="Settings saved.")


# --- Interview plans ---------------------------------------------------------------------------
def _plan_context(posting, **extra) -> dict:
    rounds = list(
        InterviewRound.objects.filter(posting=posting)
        .select_related("stage")
        .prefetch_related("criteria", "pool")
        .order_by("order", "id")
    )
    context = {
        "posting": posting,
        "rounds": rounds,
        "round_form": RoundForm(posting=posting),
        "criterion_form": CriterionForm(),
    }
    context.update(extra)
    return context


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def plan(request, public_id):
    posting = access.posting_for_plan(request.user, public_id)
    if request.method == "GET":
        return _render(request, "interviews/plan.html", _plan_context(posting), partial="rounds")
    form = RoundForm(request.POST, posting=posting)
    if not form.is_valid():
        return _render(request, "interviews/plan.html", _plan_context(posting, round_form=form), status=400)
    data = dict(form.cleaned_data)
    pool = data.pop("pool")
    services.round_create(posting=posting, actor=request.user, pool=pool, **data)
    messages.success(request, f"Round {data['name']} added with the default scorecard.")
    return redirect("interviews:plan", public_id=posting.public_id)


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def round_edit(request, public_id, round_id: int):
    posting = access.posting_for_plan(request.user, public_id)
    interview_round = access.round_for_plan(request.user, posting, round_id)
    if request.method == "GET":
        form = RoundForm(instance=interview_round, posting=posting)
        context = {"posting": posting, "round": interview_round, "form": form}
        return _render(request, "interviews/round_edit.html", context, partial="round-form")
    form = RoundForm(request.POST, instance=InterviewRound.objects.get(pk=interview_round.pk), posting=posting)
    if not form.is_valid():
        return _render(
            request,
            "interviews/round_edit.html",
            {"posting": posting, "round": interview_round, "form": form},
            status=400,
        )
    data = dict(form.cleaned_data)
    pool = data.pop("pool")
    services.round_update(interview_round=interview_round, actor=request.user, pool=pool, **data)
    messages.success(request, f"Round {interview_round.name} saved.")
    return redirect("interviews:plan", public_id=posting.public_id)


@role_required(*MANAGERS)
@require_POST
def round_delete(request, public_id, round_id: int):
    posting = access.posting_for_plan(request.user, public_id)
    interview_round = access.round_for_plan(request.user, posting, round_id)
    services.round_delete(interview_round=interview_round, actor=request.user)
    messages.success(request, f"Round {interview_round.name} removed.")
    return redirect("interviews:plan", public_id=posting.public_id)


def _criteria_response(request, posting, interview_round, *, error: str = "") -> HttpResponse:
    if request.htmx:
        fresh = InterviewRound.objects.prefetch_related("criteria").get(pk=interview_round.pk)
        context = {"posting": posting, "round": fresh, "criterion_form": CriterionForm(), "criteria_error": error}
        return _render(request, "interviews/plan.html", context, partial="criteria")
    if error:
        messages.error(request, error)
    return redirect("interviews:plan", public_id=posting.public_id)


@role_required(*MANAGERS)
@require_POST
def criterion_add(request, public_id, round_id: int):
    posting = access.posting_for_plan(request.user, public_id)
    interview_round = access.round_for_plan(request.user, posting, round_id)
    form = CriterionForm(request.POST)
    if not form.is_valid():
        return _criteria_response(request, posting, interview_round, error=_form_errors(form))
    services.criterion_add(interview_round=interview_round, **form.cleaned_data)
    return _criteria_response(request, posting, interview_round)


@role_required(*MANAGERS)
@require_POST
def criterion_edit(request, public_id, round_id: int, criterion_id: int):
    posting = access.posting_for_plan(request.user, public_id)
    interview_round = access.round_for_plan(request.user, posting, round_id)
    criterion = access.criterion_for_round(interview_round, criterion_id)
    form = CriterionForm(request.POST)
    if not form.is_valid():
        return _criteria_response(request, posting, interview_round, error=_form_errors(form))
    services.criterion_update(criterion=criterion, **form.cleaned_data)
    return _criteria_response(request, posting, interview_round)


@role_required(*MANAGERS)
@require_POST
def criterion_delete(request, public_id, round_id: int, criterion_id: int):
    posting = access.posting_for_plan(request.user, public_id)
    interview_round = access.round_for_plan(request.user, posting, round_id)
    criterion = access.criterion_for_round(interview_round, criterion_id)
    try:
        services.criterion_delete(criterion=criterion)
    except ValueError as exc:
        return _criteria_response(request, posting, interview_round, error=str(exc))
    return _criteria_response(request, posting, interview_round)


# --- Scheduling ----------------------------------------------------------------------------------
@role_required(*MANAGERS)
@require_GET
def application_interviews(request, public_id):
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
        "candidate_url": _candidate_url(application),
        "now": timezone.now(),
    }
    return _render(request, "interviews/application.html", context)


def _round_for_application(application, round_id: int) -> InterviewRound:
    return access.round_for_plan(None, application.posting, round_id)


def _schedule_context(request, application, interview_round, form, **extra) -> dict:
    proposals = []
    panel = []
    candidate_tz = "Asia/Kolkata"
    if form.is_bound and form.is_valid():
        panel = form.cleaned_data["panel"]
        candidate_tz = form.cleaned_data["candidate_time_zone"]
        slots = propose_slots(users=panel, length=timedelta(minutes=interview_round.duration_minutes))
        proposals = describe_slots(slots, candidate_tz=zone(candidate_tz), users=panel)
    context = {
        "application": application,
        "round": interview_round,
        "form": form,
        "proposals": proposals,
        "panel": panel,
        "candidate_tz": candidate_tz,
        "link_form": LinkForm(interview_round=interview_round, initial={"valid_days": 7}),
        "candidate_url": _candidate_url(application),
    }
    context.update(extra)
    return context


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def schedule(request, public_id, round_id: int):
    application = access.application_for_scheduling(request.user, public_id)
    interview_round = _round_for_application(application, round_id)
    if request.method == "GET":
        form = PanelForm(request.GET if "panel" in request.GET else None, interview_round=interview_round)
        context = _schedule_context(request, application, interview_round, form)
        return _render(request, "interviews/schedule.html", context, partial="proposals")
    form = BookForm(request.POST, interview_round=interview_round)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _render(
            request,
            "interviews/schedule.html",
            _schedule_context(request, application, interview_round, form),
            status=400,
        )
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
        return _render(
            request,
            "interviews/schedule.html",
            _schedule_context(request, application, interview_round, form),
            status=status,
        )
    messages.success(request, f"Booked {interview.title}. Invitations are on their way.")
    return redirect("interviews:detail", public_id=interview.public_id)


@role_required(*MANAGERS)
@require_POST
def link_create(request, public_id, round_id: int):
    application = access.application_for_scheduling(request.user, public_id)
    interview_round = _round_for_application(application, round_id)
    form = LinkForm(request.POST, interview_round=interview_round)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
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
        request, f"Self-scheduling link e-mailed to {application.candidate.email}: {services.scheduling_link_url(link)}"
    )
    return redirect("interviews:application", public_id=application.public_id)


# --- One interview ---------------------------------------------------------------------------------
@role_required()
@require_GET
def detail(request, public_id):
    interview = access.interview_for_user(request.user, public_id)
    seats = [seat for seat in interview.panel.all() if seat.active or interview.status == Interview.Status.CANCELLED]
    context = {
        "interview": interview,
        "seats": seats,
        "is_panelist": any(seat.interviewer_id == request.user.pk for seat in interview.panel.all()),
        "can_manage": access.can_manage_application(request.user, interview.application),
        "viewer_tz": zone(request.user.time_zone),
        "candidate_tz": zone(interview.candidate_time_zone),
        "cancel_form": CancelForm(),
        "candidate_url": _candidate_url(interview.application),
    }
    return _render(request, "interviews/detail.html", context)


def _reschedule_context(interview, **extra) -> dict:
    people = [seat.interviewer for seat in interview.panel.all() if seat.active]
    slots = (
        propose_slots(users=people, length=interview.ends_at - interview.starts_at, exclude_interview_id=interview.pk)
        if people
        else []
    )
    context = {
        "interview": interview,
        "proposals": describe_slots(slots, candidate_tz=zone(interview.candidate_time_zone), users=people),
    }
    context.update(extra)
    return context


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def reschedule(request, public_id):
    interview = access.interview_for_manager(request.user, public_id)
    if request.method == "GET":
        return _render(request, "interviews/reschedule.html", _reschedule_context(interview), partial="proposals")
    form = SlotForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _render(request, "interviews/reschedule.html", _reschedule_context(interview), status=400)
    try:
        services.interview_reschedule(interview=interview, start=form.cleaned_data["start"], actor=request.user)
    except services.SchedulingError as exc:
        messages.error(request, str(exc))
        status = 409 if isinstance(exc, services.SlotTaken) else 400
        return _render(request, "interviews/reschedule.html", _reschedule_context(interview), status=status)
    messages.success(request, "Interview moved. Updated invitations are on their way.")
    return redirect("interviews:detail", public_id=interview.public_id)


@role_required(*MANAGERS)
@require_POST
def cancel(request, public_id):
    interview = access.interview_for_manager(request.user, public_id)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.interview_cancel(interview=interview, actor=request.user, reason=reason)
    messages.success(request, "Interview cancelled. Everybody gets a cancellation for their calendar.")
    return redirect("interviews:detail", public_id=interview.public_id)


# --- Scorecards ------------------------------------------------------------------------------------
def _scorecard_context(request, interview, form, card, editing: bool) -> dict:
    application = interview.application
    others = []
    if access.can_see_feedback(request.user, application):
        others = [
            c for c in access.scorecards_visible_to(request.user, application) if c.interviewer_id != request.user.pk
        ]
    return {
        "interview": interview,
        "form": form,
        "card": card,
        "editing": editing,
        "others": others,
        "anchors": RATING_ANCHORS,
        "ratings": {r.criterion_id: r for r in card.ratings.all()} if card and card.pk else {},
    }


@role_required()
@require_http_methods(["GET", "POST"])
def scorecard(request, public_id):
    interview = access.interview_for_panelist(request.user, public_id)
    criteria = list(interview.round.criteria.all()) if interview.round else []
    card = (
        Scorecard.objects.filter(interview=interview, interviewer=request.user)
        .prefetch_related("ratings__criterion", "revisions")
        .first()
    )
    if request.method == "GET":
        initial = {}
        if card:
            initial = {"recommendation": card.recommendation, "notes": card.notes}
            for rating in card.ratings.all():
                initial[f"rating_{rating.criterion_id}"] = str(rating.rating) if rating.rating else None
                initial[f"evidence_{rating.criterion_id}"] = rating.evidence
        form = ScorecardForm(initial=initial, criteria=criteria)
        editing = not (card and card.is_submitted) or request.GET.get("edit") == "1"
        return _render(
            request, "interviews/scorecard.html", _scorecard_context(request, interview, form, card, editing)
        )
    form = ScorecardForm(request.POST, criteria=criteria)
    submit = request.POST.get("action") == "submit"
    if form.is_valid():
        try:
            card = services.scorecard_save(
                interview=interview,
                interviewer=request.user,
                recommendation=form.cleaned_data["recommendation"],
                notes=form.cleaned_data["notes"],
                ratings=form.ratings(),
                submit=submit,
            )
        except services.ScorecardIncomplete as exc:
            form.add_error(None, str(exc))
        else:
            if card.edited_after_submission and card.version > 1 and card.revisions.exists():
                messages.success(
                    request, f"Scorecard updated (version {card.version}, marked as edited after submission)."
                )
            elif card.is_submitted:
                messages.success(request, "Scorecard submitted. You can now see the panel's feedback.")
            else:
                messages.success(request, "Draft saved.")
            return redirect("interviews:scorecard", public_id=interview.public_id)
    editing = True
    return _render(
        request, "interviews/scorecard.html", _scorecard_context(request, interview, form, card, editing), status=400
    )


@role_required()
@require_GET
def feedback(request, public_id):
    """The application's feedback as the blind rule allows: for the candidate page
    (HTMX fragment) and on its own."""
    application = access.application_for_feedback(request.user, public_id)
    visible = access.can_see_feedback(request.user, application)
    context = {
        "application": application,
        "cards": list(access.scorecards_visible_to(request.user, application)),
        "can_see": visible,
        "average": application.average_rating if visible else None,
    }
    return _render(request, "interviews/feedback.html", context, partial="feedback")


# --- Decision --------------------------------------------------------------------------------------
def _decision_table(cards) -> dict:
    """Criteria rows × scorecard columns, the recommendation row and averages."""
    names: OrderedDict[str, None] = OrderedDict()
    columns = []
    for card in cards:
        by_name = {r.criterion.name: r for r in card.ratings.all()}
        for name in by_name:
            names.setdefault(name, None)
        columns.append({"card": card, "by_name": by_name, "score": services.scorecard_score(card)})
    rows = []
    for name in names:
        cells = [col["by_name"].get(name) for col in columns]
        numbers = [c.rating for c in cells if c is not None and c.rating]
        average = (Decimal(sum(numbers)) / len(numbers)).quantize(Decimal("0.01")) if numbers else None
        rows.append({"name": name, "cells": cells, "average": average})
    for col in columns:
        if col["score"] is not None:
            col["score"] = col["score"].quantize(Decimal("0.01"))
    return {"columns": columns, "rows": rows}


def _decision_context(request, application, form=None) -> dict:
    cards = [c for c in access.scorecards_visible_to(request.user, application) if c.is_submitted]
    from recruiting.pipelines.moves import ensure_default_rejection_reasons

    ensure_default_rejection_reasons()
    return {
        "application": application,
        "table": _decision_table(cards),
        "average": services.application_rating_average(application),
        "stages": services.decision_stages(application),
        "form": form or DecisionForm(initial={"expected_version": application.version}),
        "candidate_url": _candidate_url(application),
        "pending": Interview.objects.filter(application=application).exclude(status=Interview.Status.CANCELLED).count()
        - len({c.interview_id for c in cards}),
    }


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def decision(request, public_id):
    application = access.application_for_scheduling(request.user, public_id)
    if request.method == "GET":
        return _render(request, "interviews/decision.html", _decision_context(request, application))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _render(request, "interviews/decision.html", _decision_context(request, application, form), status=400)
    from recruiting.pipelines.moves import StaleMove

    try:
        updated = services.application_decide(
            application=application,
            actor=request.user,
            decision=form.cleaned_data["decision"],
            expected_version=form.cleaned_data["expected_version"],
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            send_email=form.cleaned_data["send_email"],
        )
    except (StaleMove, ValueError) as exc:
        messages.error(request, str(exc))
        return redirect("interviews:decision", public_id=application.public_id)
    if updated.state == updated.State.REJECTED:
        messages.success(request, f"{updated.candidate} rejected ({updated.rejection_reason}).")
    else:
        messages.success(request, f"{updated.candidate} moved to {updated.stage}.")
    return redirect("interviews:decision", public_id=application.public_id)


# --- Candidate self-scheduling (no account) ------------------------------------------------------------
def _self_schedule_context(link, tz_name: str, **extra) -> dict:
    people = list(link.panel.all())
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
    }
    context.update(extra)
    return context


def _link_problem(request, exc: services.LinkError) -> HttpResponse:
    return render(request, "interviews/link_problem.html", {"message": str(exc)}, status=exc.status)


@public
@require_http_methods(["GET", "POST"])
def self_schedule(request, token: str):
    try:
        link = services.scheduling_link_resolve(token)
    except services.LinkError as exc:
        return _link_problem(request, exc)
    raw_tz = (request.POST.get("tz") or request.GET.get("tz") or "Asia/Kolkata").strip()
    tz_name = raw_tz if is_valid_zone(raw_tz) else "Asia/Kolkata"
    if request.method == "GET":
        return _render(request, "interviews/self_schedule.html", _self_schedule_context(link, tz_name), partial="slots")
    form = SlotForm(request.POST)
    if not form.is_valid():
        context = _self_schedule_context(link, tz_name, problem="Please pick one of the times below.")
        return _render(request, "interviews/self_schedule.html", context, status=400)
    try:
        interview = services.scheduling_link_book(
            link=link, start=form.cleaned_data["start"], candidate_time_zone=tz_name
        )
    except services.LinkError as exc:
        return _link_problem(request, exc)
    except services.SchedulingError as exc:
        context = _self_schedule_context(link, tz_name, problem=str(exc))
        status = 409 if isinstance(exc, services.SlotTaken) else 400
        return _render(request, "interviews/self_schedule.html", context, status=status)
    return render(
        request,
        "interviews/self_booked.html",
        {"interview": interview, "tz_name": tz_name, "posting": link.application.posting},
    )
