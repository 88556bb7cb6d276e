"""A posting's interview plan: rounds (length, stage, pool, panel size) and their
scorecard criteria. Criteria edits answer HTMX with `plan.html#criteria`."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from recruiting.core.decorators import role_required
from recruiting.core.htmx import HtmxHttpRequest, render_page
from recruiting.core.roles import MANAGER_ROLES
from recruiting.interviews import access, blind, services
from recruiting.interviews.forms import BlindReviewForm, CriterionForm, RoundForm
from recruiting.interviews.models import InterviewRound
from recruiting.interviews.views.common import form_errors


def _plan_context(posting, **extra) -> dict:
    rounds = list(
        InterviewRound.objects.filter(posting=posting)
        .select_related("stage")
        .prefetch_related("criteria", "pool")
        .order_by("order", "id")
    )
    prefs = blind.posting_settings(posting)
    context = {
        "posting": posting,
        "blind_form": BlindReviewForm(initial={"blind_cv": prefs.blind_cv, "redact_colleges": prefs.redact_colleges}),
        "rounds": rounds,
        "round_form": RoundForm(posting=posting),
        "criterion_form": CriterionForm(),
    }
    context.update(extra)
    return context


@role_required(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def plan(request: HtmxHttpRequest, public_id) -> HttpResponse:
    posting = access.posting_for_plan(request.user, public_id)
    if request.method == "GET":
        return render_page(request, "interviews/plan.html", _plan_context(posting), partial="rounds")
    form = RoundForm(request.POST, posting=posting)
    if not form.is_valid():
        return render_page(request, "interviews/plan.html", _plan_context(posting, round_form=form), status=400)
    data = dict(form.cleaned_data)
    pool, shadows = data.pop("pool"), data.pop("shadows")
    services.round_create(posting=posting, actor=request.user, pool=pool, shadows=shadows, **data)
    messages.success(request, f"Round {data['name']} added with the default scorecard.")
    return redirect("interviews:plan", public_id=posting.public_id)


@role_required(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def round_edit(request: HtmxHttpRequest, public_id, round_id: int) -> HttpResponse:
    posting = access.posting_for_plan(request.user, public_id)
    interview_round = access.round_for_plan(request.user, posting, round_id)
    if request.method == "GET":
        form = RoundForm(instance=interview_round, posting=posting)
        context = {"posting": posting, "round": interview_round, "form": form}
        return render_page(request, "interviews/round_edit.html", context, partial="round-form")
    form = RoundForm(request.POST, instance=InterviewRound.objects.get(pk=interview_round.pk), posting=posting)
    if not form.is_valid():
        context = {"posting": posting, "round": interview_round, "form": form}
        return render_page(request, "interviews/round_edit.html", context, status=400)
    data = dict(form.cleaned_data)
    pool, shadows = data.pop("pool"), data.pop("shadows")
    services.round_update(interview_round=interview_round, actor=request.user, pool=pool, shadows=shadows, **data)
    messages.success(request, f"Round {interview_round.name} saved.")
    return redirect("interviews:plan", public_id=posting.public_id)


@role_required(*MANAGER_ROLES)
@require_POST
def round_delete(request: HtmxHttpRequest, public_id, round_id: int) -> HttpResponse:
    posting = access.posting_for_plan(request.user, public_id)
    interview_round = access.round_for_plan(request.user, posting, round_id)
    services.round_delete(interview_round=interview_round, actor=request.user)
    messages.success(request, f"Round {interview_round.name} removed.")
    return redirect("interviews:plan", public_id=posting.public_id)


def _criteria_response(request: HtmxHttpRequest, posting, interview_round, *, error: str = "") -> HttpResponse:
    if request.htmx:
        fresh = InterviewRound.objects.prefetch_related("criteria").get(pk=interview_round.pk)
        context = {"posting": posting, "round": fresh, "criterion_form": CriterionForm(), "criteria_error": error}
        return render_page(request, "interviews/plan.html", context, partial="criteria")
    if error:
        messages.error(request, error)
    return redirect("interviews:plan", public_id=posting.public_id)


@role_required(*MANAGER_ROLES)
@require_POST
@vary_on_headers("HX-Request")
def criterion_add(request: HtmxHttpRequest, public_id, round_id: int) -> HttpResponse:
    posting = access.posting_for_plan(request.user, public_id)
    interview_round = access.round_for_plan(request.user, posting, round_id)
    form = CriterionForm(request.POST)
    if not form.is_valid():
        return _criteria_response(request, posting, interview_round, error=form_errors(form))
    services.criterion_add(interview_round=interview_round, **form.cleaned_data)
    return _criteria_response(request, posting, interview_round)


@role_required(*MANAGER_ROLES)
@require_POST
@vary_on_headers("HX-Request")
def criterion_edit(request: HtmxHttpRequest, public_id, round_id: int, criterion_id: int) -> HttpResponse:
    posting = access.posting_for_plan(request.user, public_id)
    interview_round = access.round_for_plan(request.user, posting, round_id)
    criterion = access.criterion_for_round(interview_round, criterion_id)
    form = CriterionForm(request.POST)
    if not form.is_valid():
        return _criteria_response(request, posting, interview_round, error=form_errors(form))
    services.criterion_update(criterion=criterion, **form.cleaned_data)
    return _criteria_response(request, posting, interview_round)


@role_required(*MANAGER_ROLES)
@require_POST
@vary_on_headers("HX-Request")
def criterion_delete(request: HtmxHttpRequest, public_id, round_id: int, criterion_id: int) -> HttpResponse:
    posting = access.posting_for_plan(request.user, public_id)
    interview_round = access.round_for_plan(request.user, posting, round_id)
    criterion = access.criterion_for_round(interview_round, criterion_id)
    try:
        services.criterion_delete(criterion=criterion)
    except services.PlanRefused as refused:
        return _criteria_response(request, posting, interview_round, error=str(refused))
    return _criteria_response(request, posting, interview_round)


@role_required(*MANAGER_ROLES)
@require_POST
def blind_review(request: HtmxHttpRequest, public_id) -> HttpResponse:
    """Turn blind CV review on or off for the posting."""
    posting = access.posting_for_plan(request.user, public_id)
    form = BlindReviewForm(request.POST)
    form.is_valid()  # two check boxes: anything else reads as unticked
    prefs = blind.posting_blind_review_set(
        posting=posting,
        blind_cv=form.cleaned_data.get("blind_cv", False),
        redact_colleges=form.cleaned_data.get("redact_colleges", False),
        actor=request.user,
    )
    messages.success(request, "Blind CV review is on." if prefs.blind_cv else "Blind CV review is off.")
    return redirect("interviews:plan", public_id=posting.public_id)
