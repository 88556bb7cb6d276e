"""Offer pages: prepare/revise, the offer (approvals, history, send, withdraw, letter),
the filled-posting question, and the candidate's page behind a signed link."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from recruiting.core.clientip import client_ip, rate_limit_subject
from recruiting.core.decorators import public, role_required
from recruiting.core.htmx import HtmxHttpRequest, render_page
from recruiting.core.ratelimit import rate_limit_hit
from recruiting.core.roles import MANAGER_ROLES
from recruiting.offers import access, answers, services
from recruiting.offers.forms import AcceptForm, ApprovalForm, DeclineForm, OfferForm, QuestionForm, VersionForm
from recruiting.offers.letter import letter_filename, letter_pdf
from recruiting.offers.models import REVISION_FIELDS, Offer, OfferState, PostingFill
from recruiting.offers.rules import Band, band_position, earliest_joining


def _initial(application, offer: Offer | None) -> dict:
    if offer is not None and offer.current is not None:
        return {**{name: getattr(offer.current, name) for name in REVISION_FIELDS}, "expected_version": offer.version}
    posting = application.posting
    return {
        "title": posting.title,
        "work_location": posting.location,
        "workplace_type": posting.workplace_type,
        "reporting_manager": posting.hiring_manager.get_full_name(),
        "expected_version": 0,
    }


def _prepare_context(application, offer, form) -> dict:
    band = Band.of(application.posting)
    notice = application.candidate.notice_period_days
    return {
        "application": application,
        "offer": offer,
        "form": form,
        "band": band,
        "notice_days": notice,
        "earliest": earliest_joining(timezone.localdate(), notice),
        "threshold": services.ctc_threshold(),
    }


@role_required("recruiter")
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def prepare(request: HtmxHttpRequest, public_id) -> HttpResponse:
    application = access.application_for_offer(request.user, public_id)
    offer = Offer.objects.select_related("current").filter(application=application).first()
    page = "offers/prepare.html"
    if request.method == "GET":
        form = OfferForm(initial=_initial(application, offer))
        return render_page(request, page, _prepare_context(application, offer, form))
    form = OfferForm(request.POST)
    if not form.is_valid():
        return render_page(request, page, _prepare_context(application, offer, form), status=400)
    try:
        saved = services.offer_save(
            application=application,
            actor=request.user,
            terms=form.terms(),
            expected_version=form.cleaned_data["expected_version"] or None,
        )
    except services.StaleOffer as stale:
        messages.error(request, str(stale))
        return redirect("offers:detail", public_id=offer.public_id) if offer else redirect(request.path)
    except services.OfferRefused as refused:
        for field, message in refused.fields.items():
            form.add_error(field if field in form.fields else None, message)
        if not refused.fields:
            form.add_error(None, str(refused))
        return render_page(request, page, _prepare_context(application, offer, form), status=400)
    if saved.state == OfferState.PENDING_APPROVAL:
        messages.success(request, "Offer saved. It needs approval before it can be sent.")
    else:
        messages.success(request, "Offer saved and ready to send.")
    return redirect("offers:detail", public_id=saved.public_id)


def _detail_context(request, offer: Offer) -> dict:
    revisions = list(offer.revisions.select_related("created_by").order_by("-number"))
    current = offer.current
    approvals = list(offer.approvals.filter(revision=current).select_related("approver", "acted_by").order_by("order"))
    step = next((a for a in approvals if a.state == "waiting"), None)
    band = Band.of(offer.application.posting)
    return {
        "offer": offer,
        "application": offer.application,
        "current": current,
        "revisions": revisions,
        "approvals": approvals,
        "my_turn": step is not None
        and offer.state == OfferState.PENDING_APPROVAL
        and services.may_act_on(request.user, step),
        "approval_form": ApprovalForm(initial={"revision": current.number if current else 1}),
        "band": band,
        "band_position": band_position(current.fixed_pay, band) if current else "unknown",
        "manages": access.manages_posting(request.user, offer.application.posting_id),
        "may_edit": request.user.has_role("recruiter"),
        "questions": list(offer.questions.all()),
    }


@role_required()
@require_GET
@vary_on_headers("HX-Request")
def detail(request: HtmxHttpRequest, public_id) -> HttpResponse:
    offer = access.offer_for_viewer(request.user, public_id)
    return render_page(request, "offers/detail.html", _detail_context(request, offer), partial="approvals")


@role_required()
@require_POST
def approve(request: HtmxHttpRequest, public_id) -> HttpResponse:
    offer = access.offer_for_viewer(request.user, public_id)
    form = ApprovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or refuse.")
        return redirect(offer)
    try:
        services.approval_decide(
            offer=offer,
            actor=request.user,
            revision_number=form.cleaned_data["revision"],
            approve=form.cleaned_data["decision"] == "approve",
            comment=form.cleaned_data["comment"],
        )
    except services.OfferRefused as refused:
        messages.error(request, str(refused))
        return redirect(offer)
    messages.success(request, "Thank you, your decision is recorded.")
    return redirect(offer)


def _versioned(request: HtmxHttpRequest, public_id, act, success) -> HttpResponse:
    """A manager's POST on an offer that carries the version the page showed: `act`
    (a service taking offer, actor and expected_version) runs or is refused by name."""
    offer = access.offer_for_manager(request.user, public_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The page was out of date; please try again.")
        return redirect(offer)
    try:
        act(offer=offer, actor=request.user, expected_version=form.cleaned_data["expected_version"])
    except services.OfferRefused as refused:
        messages.error(request, str(refused))
        return redirect(offer)
    messages.success(request, success(offer))
    return redirect(offer)


@role_required(*MANAGER_ROLES)
@require_POST
def send(request: HtmxHttpRequest, public_id) -> HttpResponse:
    return _versioned(
        request, public_id, services.offer_send, lambda offer: f"Offer e-mailed to {offer.application.contact_email}."
    )


@role_required(*MANAGER_ROLES)
@require_POST
def withdraw(request: HtmxHttpRequest, public_id) -> HttpResponse:
    return _versioned(request, public_id, services.offer_withdraw, lambda offer: "Offer withdrawn.")


@role_required()
@require_GET
def letter(request: HtmxHttpRequest, public_id) -> HttpResponse:
    offer = access.offer_for_viewer(request.user, public_id)
    response = HttpResponse(letter_pdf(offer.current), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter_filename(offer.current)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
def filled(request: HtmxHttpRequest, public_id) -> HttpResponse:
    posting = access.posting_for_fill(request.user, public_id)
    fill = PostingFill.objects.filter(posting=posting).first()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "reject":
                count = answers.posting_reject_remaining(posting=posting, actor=request.user)
                messages.success(request, f"{count} candidate(s) rejected; the e-mails go out after the delay.")
            elif action == "keep":
                answers.posting_keep_remaining(posting=posting, actor=request.user)
                messages.success(request, "The remaining candidates are kept.")
            else:
                messages.error(request, "Choose reject or keep.")
        except answers.FillRefused as refused:
            messages.error(request, str(refused))
        return redirect("offers:filled", public_id=posting.public_id)
    active = posting.applications.filter(state="active").select_related("candidate", "stage").order_by("pk")
    return render(request, "offers/filled.html", {"posting": posting, "fill": fill, "active": list(active)})


# --- The candidate's page (signed link, no sign-in) ----------------------------------------------
def _problem(request, problem: answers.LinkProblem) -> HttpResponse:
    status = 400 if problem.kind == "tampered" else 410 if problem.kind in ("expired", "withdrawn") else 409
    if problem.kind == "answered":
        status = 200
    return render(request, "offers/link_problem.html", {"problem": problem}, status=status)


def _respond_context(link, **forms) -> dict:
    return {
        "offer": link.offer,
        "revision": link.revision,
        "application": link.offer.application,
        "accept_form": forms.get("accept") or AcceptForm(),
        "decline_form": forms.get("decline") or DeclineForm(),
        "question_form": forms.get("question") or QuestionForm(),
        "asked": forms.get("asked", False),
    }


@public
@require_http_methods(["GET", "POST"])
def respond(request: HtmxHttpRequest, token: str) -> HttpResponse:
    try:
        link = answers.link_resolve(token)
    except answers.LinkProblem as problem:
        return _problem(request, problem)
    page = "offers/respond.html"
    if request.method == "GET":
        if request.GET.get("letter") == "pdf":
            response = HttpResponse(letter_pdf(link.revision), content_type="application/pdf")
            response["Content-Disposition"] = f'inline; filename="{letter_filename(link.revision)}"'
            response["Cache-Control"] = "private, no-store"
            return response
        return render(request, page, _respond_context(link))
    # Answers and questions from one connection to one offer, counted: the link is a
    # bearer secret, and a forwarded one must not become a way to flood the recruiter.
    limit = rate_limit_hit(
        scope="offer-link",
        key=f"{rate_limit_subject(client_ip(request))}|{link.offer.pk}",
        limit=settings.OFFER_LINK_POST_LIMIT,
        window=settings.OFFER_LINK_POST_WINDOW_SECONDS,
    )
    if not limit.allowed:
        retry_minutes = max(1, -(-limit.retry_after // 60))
        response = render(request, "offers/link_rate_limited.html", {"retry_minutes": retry_minutes}, status=429)
        response["Retry-After"] = str(limit.retry_after)
        return response
    action = request.POST.get("action")
    forms_by_action = {"accept": AcceptForm, "decline": DeclineForm, "ask": QuestionForm}
    if action not in forms_by_action:
        return render(request, page, _respond_context(link), status=400)
    form = forms_by_action[action](request.POST)
    key = {"accept": "accept", "decline": "decline", "ask": "question"}[action]
    if not form.is_valid():
        return render(request, page, _respond_context(link, **{key: form}), status=400)
    try:
        if action == "accept":
            offer = answers.offer_accept(token=token, typed_name=form.cleaned_data["full_name"], ip=client_ip(request))
            return render(request, "offers/answered.html", {"offer": offer, "accepted": True})
        if action == "decline":
            offer = answers.offer_decline(
                token=token, reason=form.cleaned_data["reason"], text=form.cleaned_data["text"]
            )
            return render(request, "offers/answered.html", {"offer": offer, "accepted": False})
        answers.offer_ask(token=token, text=form.cleaned_data["question"], ip=client_ip(request))
        return render(request, page, _respond_context(link, asked=True))
    except answers.LinkProblem as problem:  # answered in another tab, revised meanwhile …
        return _problem(request, problem)
    except answers.AnswerRefused as refused:
        form.add_error(None, str(refused))
        return render(request, page, _respond_context(link, **{key: form}), status=400)
