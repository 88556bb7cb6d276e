"""Scorecards (an interviewer sees the panel's only after submitting their own), the
application's feedback fragment, and the hiring manager's decision page."""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from recruiting.audit.services import audit_record
from recruiting.core.decorators import role_required
from recruiting.core.htmx import HtmxHttpRequest, render_page
from recruiting.core.roles import MANAGER_ROLES
from recruiting.interviews import access, blind, services
from recruiting.interviews.forms import DecisionForm, ScorecardForm
from recruiting.interviews.models import RATING_ANCHORS, Interview, Scorecard
from recruiting.interviews.pools import shadow_seats
from recruiting.interviews.views.common import candidate_url, cv_for_panel


def _scorecard_context(request: HtmxHttpRequest, interview, form, card, editing: bool) -> dict:
    application = interview.application
    others = []
    if access.can_see_feedback(request.user, application):
        others = [
            c for c in access.scorecards_visible_to(request.user, application) if c.interviewer_id != request.user.pk
        ]
    return {
        "interview": interview,
        "shadowing": any(s.interviewer_id == request.user.pk and s.shadow for s in interview.panel.all()),
        "started": interview.starts_at <= timezone.now(),
        "cv": cv_for_panel(request.user, application),
        "cv_blind": blind.cv_blind_for(request.user, application),
        "blind_label": blind.candidate_label(application) if blind.hides_name_from(request.user, application) else "",
        "form": form,
        "card": card,
        "editing": editing,
        "others": others,
        "anchors": RATING_ANCHORS,
        "ratings": {r.criterion_id: r for r in card.ratings.all()} if card and card.pk else {},
    }


def _initial(card) -> dict:
    """The scorecard form's initial values from a saved card."""
    if not card:
        return {}
    initial = {"recommendation": card.recommendation, "notes": card.notes}
    for rating in card.ratings.all():
        initial[f"rating_{rating.criterion_id}"] = str(rating.rating) if rating.rating else None
        initial[f"evidence_{rating.criterion_id}"] = rating.evidence
    return initial


def _saved_message(card) -> str:
    if card.edited_after_submission and card.version > 1 and card.revisions.exists():
        return f"Scorecard updated (version {card.version}, marked as edited after submission)."
    if card.is_submitted:
        return "Scorecard submitted. You can now see the panel's feedback."
    return "Draft saved."


@role_required()
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def scorecard(request: HtmxHttpRequest, public_id) -> HttpResponse:
    interview = access.interview_for_panelist(request.user, public_id)
    criteria = list(interview.round.criteria.all()) if interview.round else []
    card = (
        Scorecard.objects.filter(interview=interview, interviewer=request.user)
        .prefetch_related("ratings__criterion", "revisions")
        .first()
    )
    page = "interviews/scorecard.html"
    if request.method == "GET":
        form = ScorecardForm(initial=_initial(card), criteria=criteria)
        editing = not (card and card.is_submitted) or request.GET.get("edit") == "1"
        return render_page(request, page, _scorecard_context(request, interview, form, card, editing))
    form = ScorecardForm(request.POST, criteria=criteria)
    if form.is_valid():
        try:
            card = services.scorecard_save(
                interview=interview,
                interviewer=request.user,
                recommendation=form.cleaned_data["recommendation"],
                notes=form.cleaned_data["notes"],
                ratings=form.ratings(),
                submit=request.POST.get("action") == "submit",
            )
        except services.ScorecardIncomplete as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _saved_message(card))
            return redirect("interviews:scorecard", public_id=interview.public_id)
    return render_page(request, page, _scorecard_context(request, interview, form, card, True), status=400)


@role_required()
@require_GET
@vary_on_headers("HX-Request")
def feedback(request: HtmxHttpRequest, public_id) -> HttpResponse:
    """The application's feedback as the blind rule allows: for the candidate page
    (HTMX fragment) and on its own."""
    application = access.application_for_feedback(request.user, public_id)
    visible = access.can_see_feedback(request.user, application)
    hidden = not visible and blind.posting_settings(application.posting).blind_cv
    context = {
        "application": application,
        # The blind label when the rule hides the name (empty: the name, as usual).
        "candidate_name": blind.candidate_label(application) if hidden else "",
        "cards": list(access.scorecards_visible_to(request.user, application)),
        "can_see": visible,
        "average": application.average_rating if visible else None,
    }
    return render_page(request, "interviews/feedback.html", context, partial="feedback")


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


def _decision_context(request: HtmxHttpRequest, application, form=None) -> dict:
    from recruiting.pipelines.moves import ensure_default_rejection_reasons

    # Shadows' scorecards carry no weight in the decision.
    shadows = shadow_seats(application)
    cards = [
        c
        for c in access.scorecards_visible_to(request.user, application)
        if c.is_submitted and (c.interview_id, c.interviewer_id) not in shadows
    ]
    ensure_default_rejection_reasons()
    return {
        "application": application,
        "table": _decision_table(cards),
        "average": services.application_rating_average(application),
        "stages": services.decision_stages(application),
        "form": form or DecisionForm(initial={"expected_version": application.version}),
        "candidate_url": candidate_url(application),
        "pending": Interview.objects.filter(application=application).exclude(status=Interview.Status.CANCELLED).count()
        - len({c.interview_id for c in cards}),
    }


@role_required(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def decision(request: HtmxHttpRequest, public_id) -> HttpResponse:
    from recruiting.pipelines.moves import MoveRefused

    application = access.application_for_scheduling(request.user, public_id)
    page = "interviews/decision.html"
    if request.method == "GET":
        return render_page(request, page, _decision_context(request, application))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return render_page(request, page, _decision_context(request, application, form), status=400)
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
    except MoveRefused as refused:  # a stale version too: StaleMove says who moved it
        messages.error(request, str(refused))
        return redirect("interviews:decision", public_id=application.public_id)
    if updated.state == updated.State.REJECTED:
        messages.success(request, f"{updated.candidate} rejected ({updated.rejection_reason}).")
    else:
        messages.success(request, f"{updated.candidate} moved to {updated.stage}.")
    return redirect("interviews:decision", public_id=application.public_id)


@role_required()
@require_GET
@vary_on_headers("HX-Request")
def cv(request: HtmxHttpRequest, public_id) -> HttpResponse:
    """The application's CV for the panel: redacted (text, or ?as=pdf) while blind review
    applies to the viewer, otherwise the original download."""
    application = access.application_for_feedback(request.user, public_id)
    blind_now = blind.cv_blind_for(request.user, application)
    document = cv_for_panel(request.user, application) if not blind_now else _newest_cv(application)
    if document is None:
        raise Http404("No CV on file")
    if not blind_now:
        return redirect(document.get_absolute_url())
    audit_record(
        actor=request.user, action="cv.view_redacted", obj=application, after={"format": request.GET.get("as", "")}
    )
    if request.GET.get("as") == "pdf":
        response = HttpResponse(blind.redacted_pdf(application, document), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="cv-{application.pk}-redacted.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response
    context = {
        "application": application,
        "label": blind.candidate_label(application),
        "text": blind.redacted_text(application, document),
    }
    return render_page(request, "interviews/blind_cv.html", context)


def _newest_cv(application):
    from recruiting.pipelines.models import Document

    return (
        Document.objects.filter(application=application, category=Document.Category.CV)
        .order_by("-uploaded_at", "-id")
        .first()
    )
