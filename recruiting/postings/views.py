"""Posting management pages: list, detail, create/edit (also from a pasted job
description), status changes, the screening-question editor and re-evaluation progress.

Every page works without JavaScript; with htmx the same URLs answer with fragments.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from recruiting.core.decorators import role_required
from recruiting.core.htmx import HtmxHttpRequest, render_page
from recruiting.core.roles import MANAGER_ROLES
from recruiting.postings import services
from recruiting.postings.access import can_see_pay, get_posting_for_user, get_question_for_user
from recruiting.postings.forms import (
    CURRENCIES,
    PARSER_OPS,
    JobDescriptionForm,
    LibraryChoiceForm,
    MoveForm,
    PostingFilterForm,
    PostingForm,
    QuestionForm,
    QuestionFormSet,
    SkillFormSet,
    StatusForm,
    questions_from_formset,
    skills_from_formset,
)
from recruiting.postings.jd_parser import parse_job_description
from recruiting.postings.models import LibraryQuestion, Posting, active_application_counts

PAGE_SIZE = 50


# --- List and detail ------------------------------------------------------------------
@require_GET
@role_required(*MANAGER_ROLES)
@vary_on_headers("HX-Request")
def posting_list(request: HtmxHttpRequest) -> HttpResponse:
    visible = Posting.objects.visible_to(request.user)
    filters = PostingFilterForm(request.GET or None, postings=visible)
    postings = visible.for_lists()
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            q = data["q"]
            postings = postings.filter(Q(title__icontains=q) | Q(team__icontains=q) | Q(location__icontains=q))
        for name in ("status", "team", "location"):
            if data[name]:
                postings = postings.filter(**{name: data[name]})
        if data["hiring_manager"]:
            postings = postings.filter(hiring_manager_id=data["hiring_manager"])
    page = Paginator(postings.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = active_application_counts(posting.pk for posting in page)
    for posting in page:
        posting.active_count = counts.get(posting.pk, 0)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filters": filters, "page": page, "query": query.urlencode()}
    return render_page(request, "postings/list.html", context, partial="results")


@require_GET
@role_required(*MANAGER_ROLES)
@vary_on_headers("HX-Request")
def posting_detail(request: HtmxHttpRequest, posting_id) -> HttpResponse:
    posting = get_posting_for_user(request.user, posting_id)
    prefetch_related_objects([posting], "questions")  # the list and the notice limit share one query
    context = {
        "posting": posting,
        "show_pay": can_see_pay(request.user, posting),
        "skills": list(posting.skills.all()),
        "questions": list(posting.questions.all()),
        "recruiters": list(posting.recruiters.all()),
        "shared_with": list(posting.shared_with.all()),
        "active_count": active_application_counts([posting.pk]).get(posting.pk, 0),
        "progress": services.reevaluation_progress(posting),
    }
    return render_page(request, "postings/detail.html", context, partial="summary")


# --- Create and edit ---------------------------------------------------------------------
def _form_context(request, *, form, skills, questions, posting=None, from_text=False) -> dict[str, Any]:
    return {
        "form": form,
        "skills": skills,
        "questions": questions,
        "posting": posting,
        "from_text": from_text,
        "action": reverse("postings:edit", args=[posting.public_id]) if posting else reverse("postings:create"),
        "validate_url": reverse("postings:validate") + (f"?posting={posting.public_id}" if posting else ""),
    }


@require_http_methods(["GET", "POST"])
@role_required(*MANAGER_ROLES)
@vary_on_headers("HX-Request")
def posting_create(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "GET":
        form = PostingForm(user=request.user)
        context = _form_context(
            request, form=form, skills=SkillFormSet(prefix="skills"), questions=QuestionFormSet(prefix="questions")
        )
        return render_page(request, "postings/form.html", context)

    form = PostingForm(request.POST, user=request.user)
    form.mark_detected(set(request.POST.getlist("detected")))
    skills = SkillFormSet(request.POST, prefix="skills")
    form_ok = form.is_valid()
    band_max = form.cleaned_data.get("pay_max") if form_ok else None
    currency = form.cleaned_data.get("pay_currency", "INR") if form_ok else "INR"
    questions = QuestionFormSet(
        request.POST, prefix="questions", form_kwargs={"band_max": band_max, "pay_currency": currency}
    )
    if not (form_ok and skills.is_valid() and questions.is_valid()):
        messages.error(request, "Please correct the highlighted fields.")
        context = _form_context(request, form=form, skills=skills, questions=questions)
        return render_page(request, "postings/form.html", context)
    posting = services.posting_create(
        actor=request.user,
        fields=form.posting_fields(),
        recruiters=form.cleaned_data["recruiters"],
        shared_with=form.cleaned_data["shared_with"],
        skills=skills_from_formset(skills),
        questions=questions_from_formset(questions),
        choices=form.creation_choices(),
    )
    messages.success(request, f"Draft “{posting.title}” created. Add screening questions, then publish it.")
    return redirect(posting)


@require_http_methods(["GET", "POST"])
@role_required(*MANAGER_ROLES)
@vary_on_headers("HX-Request")
def posting_edit(request: HtmxHttpRequest, posting_id) -> HttpResponse:
    posting = get_posting_for_user(request.user, posting_id)
    initial_skills = [{"name": s.name, "required": s.required, "min_years": s.min_years} for s in posting.skills.all()]
    if request.method == "GET":
        form = PostingForm(instance=posting, user=request.user)
        skills = SkillFormSet(prefix="skills", initial=initial_skills)
        context = _form_context(request, form=form, skills=skills, questions=None, posting=posting)
        return render_page(request, "postings/form.html", context)

    form = PostingForm(request.POST, instance=posting, user=request.user)
    skills = SkillFormSet(request.POST, prefix="skills", initial=initial_skills)
    if not (form.is_valid() and skills.is_valid()):
        messages.error(request, "Please correct the highlighted fields.")
        context = _form_context(request, form=form, skills=skills, questions=None, posting=posting)
        return render_page(request, "postings/form.html", context)
    # The form has written its values onto the instance; reload so the service sees the
    # stored state and can record a true before/after.
    stored = Posting.objects.get(pk=posting.pk)
    services.posting_update(
        posting=stored,
        actor=request.user,
        fields=form.posting_fields(),
        recruiters=form.cleaned_data["recruiters"],
        shared_with=form.cleaned_data["shared_with"],
        skills=skills_from_formset(skills),
    )
    messages.success(request, "Posting saved.")
    return redirect(stored)


@require_POST
@role_required(*MANAGER_ROLES)
@vary_on_headers("HX-Request")
def posting_validate(request: HtmxHttpRequest) -> HttpResponse:
    """Live validation: the posting form's field errors as out-of-band fragments.

    "This field is required" is left for the real submit, so a half-filled form does not
    shout about fields the user has not reached yet."""
    instance = get_posting_for_user(request.user, request.GET["posting"]) if request.GET.get("posting") else None
    form = PostingForm(request.POST, instance=instance, user=request.user)
    form.is_valid()
    errors = {
        name: [e.messages[0] for e in errs if e.code != "required"] for name, errs in form.errors.as_data().items()
    }
    fields = [(field.html_name, field.name, errors.get(field.name, [])) for field in form]
    context = {"fields": fields, "non_field": errors.get("__all__", [])}
    return render(request, "postings/form.html#validation", context)


def _parsed_initial(parsed) -> tuple[dict[str, Any], set[str]]:
    """PostingForm initial values and the names of detected fields."""
    names = (
        "title", "experience_min", "experience_max", "location", "workplace_type", "employment_type",
        "pay_currency", "pay_min", "pay_max", "pay_period", "education", "interview_mode",
        "notice_period_max_days", "evaluation_focus", "description",
    )  # fmt: skip
    initial = {name: getattr(parsed, name) for name in names if getattr(parsed, name) not in (None, "", [])}
    detected = {name for name in parsed.detected if name in names}
    if parsed.pay_currency and parsed.pay_currency not in dict(CURRENCIES):
        # A band in SGD must not be offered as rupees: leave the pay for the recruiter.
        for name in ("pay_currency", "pay_min", "pay_max", "pay_period"):
            initial.pop(name, None)
            detected.discard(name)
    if parsed.weekday_interviews is not None:
        initial["weekday_interviews_only"] = parsed.weekday_interviews
        detected.add("weekday_interviews_only")
    return initial, detected


def _question_initial(question) -> dict[str, Any]:
    initial = QuestionForm.initial_for(question)
    initial["knockout_op"] = PARSER_OPS.get(question.knockout_op or "", question.knockout_op or "")
    if question.library_key:
        library = LibraryQuestion.objects.filter(key=question.library_key).first()
        if library and library.kind == "money":
            initial["currency"] = library.currency
    return initial


@require_http_methods(["GET", "POST"])
@role_required(*MANAGER_ROLES)
@vary_on_headers("HX-Request")
def posting_from_text(request: HtmxHttpRequest) -> HttpResponse:
    """Paste a job description, get the full posting form pre-filled. Nothing is saved
    here: the form posts to the normal create view."""
    text_form = JobDescriptionForm(request.POST or None)
    if request.method == "GET" or not text_form.is_valid():
        return render_page(request, "postings/from_text.html", {"text_form": text_form})
    parsed = parse_job_description(text_form.cleaned_data["text"])
    initial, detected = _parsed_initial(parsed)
    if parsed.pay_currency and parsed.pay_currency not in dict(CURRENCIES):
        supported = ", ".join(code for code, _ in CURRENCIES)
        messages.warning(
            request,
            f"The pay in the text is in {parsed.pay_currency}; postings are paid in {supported}, "
            "so the pay band is left for you to fill in.",
        )
    form = PostingForm(user=request.user, initial=initial)
    form.mark_detected(detected)
    skills = SkillFormSet(
        prefix="skills",
        initial=[
            {"name": s.name, "required": s.required, "min_years": s.min_years, "suggested": s.suggested}
            for s in parsed.skills
        ],
    )
    questions = QuestionFormSet(prefix="questions", initial=[_question_initial(q) for q in parsed.questions])
    context = _form_context(request, form=form, skills=skills, questions=questions, from_text=True)
    context["detected_skills"] = "skills" in parsed.detected
    context["detected_questions"] = "questions" in parsed.detected
    return render_page(request, "postings/form.html", context)


# --- Status -------------------------------------------------------------------------------
@require_POST
@role_required(*MANAGER_ROLES)
@vary_on_headers("HX-Request")
def posting_status(request: HtmxHttpRequest, posting_id) -> HttpResponse:
    posting = get_posting_for_user(request.user, posting_id)
    form = StatusForm(request.POST)
    error = ""
    if not form.is_valid():
        error = "Choose a status."
    else:
        try:
            services.posting_change_status(posting=posting, status=form.cleaned_data["status"], actor=request.user)
        except services.PostingError as exc:
            error = str(exc)
    if request.htmx:
        return render(request, "postings/detail.html#status", {"posting": posting, "status_error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"“{posting.title}” is now {posting.get_status_display().lower()}.")
    return redirect(request.POST.get("next") if request.POST.get("next") == reverse("postings:list") else posting)


# --- Screening questions --------------------------------------------------------------------
def _editor_context(posting: Posting, *, form: QuestionForm | None = None, library_form=None) -> dict[str, Any]:
    return {
        "posting": posting,
        "questions": list(posting.questions.all()),
        "form": form or QuestionForm(band_max=posting.pay_max, pay_currency=posting.pay_currency),
        "library_form": library_form or LibraryChoiceForm(),
        "progress": services.reevaluation_progress(posting),
    }


def _editor_response(request: HtmxHttpRequest, posting: Posting, **kwargs) -> HttpResponse:
    return render_page(request, "postings/questions.html", _editor_context(posting, **kwargs), partial="editor")


def _back_to_editor(posting: Posting) -> HttpResponse:
    return redirect("postings:questions", posting.public_id)


@require_GET
@role_required(*MANAGER_ROLES)
@vary_on_headers("HX-Request")
def question_list(request: HtmxHttpRequest, posting_id) -> HttpResponse:
    posting = get_posting_for_user(request.user, posting_id)
    return _editor_response(request, posting)


@require_POST
@role_required(*MANAGER_ROLES)
@vary_on_headers("HX-Request")
def question_add(request: HtmxHttpRequest, posting_id) -> HttpResponse:
    posting = get_posting_for_user(request.user, posting_id)
    form = QuestionForm(request.POST, band_max=posting.pay_max, pay_currency=posting.pay_currency)
    if not form.is_valid():
        return _editor_response(request, posting, form=form)
    question = services.question_create(posting=posting, actor=request.user, data=form.question_data())
    if request.htmx:
        return _editor_response(request, posting)
    messages.success(request, f"Question “{question.text}” added.")
    return _back_to_editor(posting)


@require_POST
@role_required(*MANAGER_ROLES)
@vary_on_headers("HX-Request")
def question_add_from_library(request: HtmxHttpRequest, posting_id) -> HttpResponse:
    posting = get_posting_for_user(request.user, posting_id)
    library_form = LibraryChoiceForm(request.POST)
    if not library_form.is_valid():
        return _editor_response(request, posting, library_form=library_form)
    library = library_form.cleaned_data["library_question"]
    if library.knockout_band_max and posting.pay_max is None:
        library_form.add_error("library_question", "This question compares with the pay band maximum; set one first.")
        return _editor_response(request, posting, library_form=library_form)
    question = services.question_add_from_library(posting=posting, actor=request.user, library_question=library)
    if request.htmx:
        return _editor_response(request, posting)
    messages.success(request, f"Question “{question.text}” added from the library.")
    return _back_to_editor(posting)


@require_http_methods(["GET", "POST"])
@role_required(*MANAGER_ROLES)
@vary_on_headers("HX-Request")
def question_edit(request: HtmxHttpRequest, posting_id, question_id) -> HttpResponse:
    question = get_question_for_user(request.user, posting_id, question_id)
    posting = question.posting
    form_kwargs = {"band_max": posting.pay_max, "pay_currency": posting.pay_currency}
    if request.method == "GET":
        form = QuestionForm(initial=QuestionForm.initial_for(question), **form_kwargs)
    else:
        form = QuestionForm(request.POST, **form_kwargs)
        if form.is_valid():
            rule_changed = services.question_update(question=question, actor=request.user, data=form.question_data())
            if request.htmx:
                # The edit form sat inside one row; the answer is the whole editor.
                response = _editor_response(request, posting)
                response["HX-Retarget"] = "#question-editor"
                response["HX-Reswap"] = "outerHTML"
                return response
            if rule_changed:
                messages.info(request, "Knock-out rule changed: open applications are being re-evaluated.")
            else:
                messages.success(request, "Question saved.")
            return _back_to_editor(posting)
    context = {"posting": posting, "question": question, "form": form}
    return render_page(request, "postings/question_edit.html", context, partial="question_form")


@require_POST
@role_required(*MANAGER_ROLES)
@vary_on_headers("HX-Request")
def question_delete(request: HtmxHttpRequest, posting_id, question_id) -> HttpResponse:
    question = get_question_for_user(request.user, posting_id, question_id)
    posting = question.posting
    services.question_delete(question=question, actor=request.user)
    if request.htmx:
        return _editor_response(request, posting)
    messages.success(request, "Question removed.")
    return _back_to_editor(posting)


@require_POST
@role_required(*MANAGER_ROLES)
@vary_on_headers("HX-Request")
def question_move(request: HtmxHttpRequest, posting_id, question_id) -> HttpResponse:
    question = get_question_for_user(request.user, posting_id, question_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.question_move(question=question, offset=-1 if form.cleaned_data["direction"] == "up" else 1)
    if request.htmx:
        return _editor_response(request, question.posting)
    return _back_to_editor(question.posting)


@require_GET
@role_required(*MANAGER_ROLES)
@vary_on_headers("HX-Request")
def reevaluation_progress(request: HtmxHttpRequest, posting_id) -> HttpResponse:
    """The re-evaluation progress bar; it polls itself every second until done."""
    posting = get_posting_for_user(request.user, posting_id)
    context = {"posting": posting, "progress": services.reevaluation_progress(posting)}
    return render_page(request, "postings/progress.html", context, partial="progress")
