"""Candidate pages: search, the candidate page (reduced for interviewers), profile
edits, notes and tags."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.db.models.functions import Left
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from recruiting.core.decorators import role_required
from recruiting.core.htmx import render_page
from recruiting.core.roles import ANY_ROLE, MANAGER_ROLES
from recruiting.pipelines import search
from recruiting.pipelines.access_candidates import (
    get_candidate_for_user,
)
from recruiting.pipelines.documents import documents_of
from recruiting.pipelines.forms import (
    CandidateProfileForm,
    NoteForm,
    TagForm,
)
from recruiting.pipelines.models import (
    Activity,
    Answer,
    Application,
    Candidate,
    CandidateMerge,
    Note,
)
from recruiting.pipelines.services import (
    candidate_duplicates,
    candidate_update_profile,
    candidates_tag,
    note_create,
)
from recruiting.pipelines.views_applications import answer_text, int_or_none
from recruiting.postings.models import Posting, QuestionKind

# The CV text shown on the candidate page, per document.
CV_TEXT_SHOWN = 20_000


def _safe_reverse(name: str, *args) -> str | None:
    """Links into other engineers' pages that may not exist yet in every deployment."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# ---------------------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------------------


@role_required(*MANAGER_ROLES)
@require_GET
@vary_on_headers("HX-Request")
def candidates_search(request):
    """Find people by name, e-mail, skills, tags, role, CV text or notes."""
    query = search.clean_query(request.GET.get("q"))
    results = search.candidate_search(user=request.user, query=query, page=int_or_none(request.GET.get("page")) or 1)
    return render_page(request, "pipelines/candidates.html", {"results": results, "q": query}, partial="results")


# ---------------------------------------------------------------------------------------
# Candidate page
# ---------------------------------------------------------------------------------------


def _sees_pay(user, posting: Posting, shared_ids: set[int]) -> bool:
    """Pay on "their" postings: the owner and the managers it is shared with (PRODUCT.md);
    `shared_ids` is read once per page so this stays free of queries."""
    return user.sees_compensation or posting.hiring_manager_id == user.pk or posting.pk in shared_ids


def _given_differs(app: Application, candidate: Candidate) -> bool:
    """Whether the name, e-mail or phone given with an application differ from the
    person's (an e-mail alias, another spelling): the page says so."""
    return (
        bool(app.applicant_email and app.applicant_email.lower() != candidate.email.lower())
        or bool(app.applicant_name and app.applicant_name != candidate.full_name)
        or bool(app.applicant_phone and app.applicant_phone not in (candidate.phone, candidate.phone_normalised))
    )


def candidate_context(user, candidate: Candidate) -> dict:
    """What `user` may see of `candidate`. Interviewers get a reduced context (the CVs of
    the applications they interview on, the postings and their own interviews): no
    answers, pay, notes, tags or timeline, so a partial rendered on its own cannot show
    them either. Every CV is listed with its date and the application it came with."""
    reduced = user.is_interviewer
    answers = Answer.objects.select_related("question").order_by("question__order", "question_id")
    apps_qs = (
        Application.objects.visible_to(user)
        .filter(candidate=candidate)
        .select_related("posting", "stage", "rejection_reason", "referred_by")
        .order_by("-created_at")
    )
    if not reduced:
        apps_qs = apps_qs.prefetch_related(Prefetch("answers", queryset=answers, to_attr="ordered_answers"))
    applications = list(apps_qs)
    app_ids = [a.pk for a in applications]
    documents = list(documents_of(user, candidate).annotate(text_preview=Left("text", CV_TEXT_SHOWN)))
    rows = []
    shared_ids = set(user.shared_postings.values_list("pk", flat=True)) if user.is_hiring_manager else set()
    for app in applications:
        shown = []
        if not reduced:
            pay = _sees_pay(user, app.posting, shared_ids)
            shown = [
                (a.question.text, answer_text(a, app.posting))
                for a in app.ordered_answers
                if pay or a.question.kind != QuestionKind.MONEY
            ]
        rows.append(
            {
                "app": app,
                "answers": shown,
                "documents": [d for d in documents if d.application_id == app.pk],
                "given_differs": not reduced and _given_differs(app, candidate),
                "board_url": None if reduced else _safe_reverse("pipelines:board", app.posting.public_id),
            }
        )
    context = {
        "candidate": candidate,
        "reduced": reduced,
        "applications": rows,
        "documents": documents,
        "cv_status": documents[0].text_status if documents else "",
        "can_edit": not reduced,
        "is_recruiter": user.has_role("recruiter"),
    }
    if reduced:
        return context
    visible = Q(application__isnull=True) | Q(application__in=app_ids)
    context.update(
        tags=list(candidate.tags.all()),
        notes=list(
            Note.objects.filter(visible, candidate=candidate).select_related("author", "application__posting")[:100]
        ),
        timeline=list(
            Activity.objects.filter(visible, candidate=candidate).select_related("actor", "application__posting")[:150]
        ),
        note_form=NoteForm(),
    )
    if context["is_recruiter"]:
        context["duplicates"] = candidate_duplicates(candidate)
        context["merges_in"] = list(
            CandidateMerge.objects.filter(target=candidate, undone_at__isnull=True).select_related("source")
        )
    return context


@role_required(*ANY_ROLE)
@require_GET
@vary_on_headers("HX-Request")
def candidate_detail(request, public_id):
    """The candidate page. A merged person's page says where they went (recruiters)."""
    user = request.user
    candidate = get_candidate_for_user(user, public_id, include_merged=user.has_role("recruiter"))
    if candidate.merged_into_id is not None:
        merge = CandidateMerge.objects.filter(source=candidate, undone_at__isnull=True).order_by("-created_at").first()
        return render_page(request, "pipelines/candidate_merged.html", {"candidate": candidate, "merge": merge})
    context = candidate_context(user, candidate)
    partial = request.GET.get("part") if request.GET.get("part") in ("timeline", "notes", "tags") else None
    if partial and context["reduced"]:
        raise PermissionDenied("This part of the page is not shown to interviewers.")
    return render_page(request, "pipelines/candidate.html", context, partial=partial)


@role_required(*ANY_ROLE)
@require_GET
def application_detail(request, public_id):
    """An application is shown on its candidate's page, anchored on it."""
    from recruiting.pipelines.access import get_application_for_user

    application = get_application_for_user(request.user, public_id)
    url = application.candidate.get_absolute_url() + f"#application-{application.public_id}"
    return redirect(url)


@role_required(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def candidate_edit(request, public_id):
    """Edit the profile (recruiters and the managers of one of the person's postings)."""
    candidate = get_candidate_for_user(request.user, public_id, manage=True)
    form = CandidateProfileForm(request.POST or None, instance=Candidate.objects.get(pk=candidate.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        changed = candidate_update_profile(candidate=candidate, actor=request.user, **fields)
        messages.success(request, "Profile saved." if changed else "Nothing changed.")
        return redirect(candidate.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render_page(request, "pipelines/candidate_edit.html", {"candidate": candidate, "form": form}, status=status)


@role_required(*MANAGER_ROLES)
@require_POST
@vary_on_headers("HX-Request")
def candidate_note_add(request, public_id):
    """Add a note (with @mentions) to the candidate's page."""
    candidate = get_candidate_for_user(request.user, public_id, manage=True)
    form = NoteForm(request.POST)
    if form.is_valid():
        note_create(candidate=candidate, author=request.user, body=form.cleaned_data["body"])
        if not request.htmx:
            messages.success(request, "Note added.")
    elif not request.htmx:
        messages.error(request, "A note needs some text.")
    if request.htmx:
        context = candidate_context(request.user, candidate)
        if not form.is_valid():
            context["note_form"] = form
        return render_page(
            request, "pipelines/candidate.html", context, partial="notes", status=200 if form.is_valid() else 400
        )
    return redirect(candidate.get_absolute_url() + "#notes")


@role_required(*MANAGER_ROLES)
@require_POST
@vary_on_headers("HX-Request")
def candidate_tags(request, public_id):
    """Add or remove one tag (HTMX re-renders the tag list)."""
    candidate = get_candidate_for_user(request.user, public_id, manage=True)
    form = TagForm(request.POST)
    if form.is_valid():
        op = form.cleaned_data.get("op") or "add"
        kwargs = {"add": [form.cleaned_data["name"]]} if op == "add" else {"remove": [form.cleaned_data["name"]]}
        candidates_tag(candidates=[candidate], actor=request.user, **kwargs)
    elif not request.htmx:
        messages.error(request, "Give the tag a name.")
    if request.htmx:
        context = {"candidate": candidate, "tags": list(candidate.tags.all()), "can_edit": True}
        return render_page(
            request, "pipelines/candidate.html", context, partial="tags", status=200 if form.is_valid() else 400
        )
    return redirect(candidate.get_absolute_url())
