"""Candidate pages: search, the candidate page (reduced for interviewers), profile
edits, notes and tags."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.db.models.functions import Left
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from recruiting.core.decorators import role_required
from recruiting.core.htmx import render_page
from recruiting.core.roles import ANY_ROLE, MANAGER_ROLES
from recruiting.core.vetoes import candidate_mask
from recruiting.pipelines import search
from recruiting.pipelines.access_candidates import (
    get_candidate_for_user,
)
from recruiting.pipelines.documents import documents_of
from recruiting.pipelines.forms import (
    CandidateProfileForm,
    MentionQueryForm,
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
    Stage,
)
from recruiting.pipelines.moves import ensure_default_rejection_reasons
from recruiting.pipelines.services import (
    candidate_duplicates,
    candidate_update_profile,
    candidates_tag,
    mention_token,
    note_create,
    note_mention_suggestions,
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
    for app in applications:
        app.candidate = candidate  # every one is this person's (no query per contact_email)
    app_ids = [a.pk for a in applications]
    # Blind CV review (a rule of interviews, a layer above): an interviewer may see the
    # person as "P. #1042" only; then no CV file or text either, they carry the name (the
    # interviews panel links the redacted CV).
    masked = candidate_mask(user, applications) if reduced else None
    documents = [] if masked else list(documents_of(user, candidate).annotate(text_preview=Left("text", CV_TEXT_SHOWN)))
    actions = _application_actions(user, applications) if not reduced else {}
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
                "actions": actions.get(app.pk),
            }
        )
    context = {
        "candidate": candidate,
        "reduced": reduced,
        "masked": masked,
        "applications": rows,
        "documents": documents,
        "cv_status": documents[0].text_status if documents else "",
        "can_edit": not reduced,
        "is_recruiter": user.has_role("recruiter"),
    }
    if reduced:
        return context
    visible = Q(application__isnull=True) | Q(application__in=app_ids)
    notes = list(
        Note.objects.filter(visible, candidate=candidate).select_related("author", "application__posting")[:100]
    )
    timeline = list(
        Activity.objects.filter(visible, candidate=candidate).select_related("actor", "application__posting")[:150]
    )
    # Notes read in full in the timeline, where their "note added" line stood.
    by_pk = {note.pk: note for note in notes}
    for item in timeline:
        item.note = by_pk.get((item.data or {}).get("note")) if item.kind == "note.added" else None
    context.update(
        tags=list(candidate.tags.all()),
        notes=notes,
        timeline=timeline,
        note_form=NoteForm(),
        reasons=ensure_default_rejection_reasons() if actions else [],
    )
    if context["is_recruiter"]:
        context["duplicates"] = candidate_duplicates(candidate)
        context["merges_in"] = list(
            CandidateMerge.objects.filter(target=candidate, undone_at__isnull=True).select_related("source")
        )
    return context


def _application_actions(user, applications: list[Application]) -> dict[int, dict]:
    """For each application `user` may move or reject (on a board they manage, still in
    process): the URLs and live stages its move and reject forms need. Two queries."""
    from recruiting.pipelines.board import ON_BOARD

    if not user.has_role(*MANAGER_ROLES):
        return {}
    open_apps = [app for app in applications if app.state in ON_BOARD]
    managed = set(
        Posting.objects.manageable_by(user)
        .filter(pk__in={app.posting_id for app in open_apps})
        .values_list("pk", flat=True)
    )
    stages: dict[int, list[Stage]] = {}
    for stage in Stage.objects.filter(posting__in=managed, retired=False).order_by("order", "id"):
        stages.setdefault(stage.posting_id, []).append(stage)
    return {
        app.pk: {
            "move": reverse("pipelines:board_move", args=[app.posting.public_id]),
            "reject": reverse("pipelines:board_reject", args=[app.posting.public_id]),
            "stages": stages.get(app.posting_id, []),
            "delay_hours": app.posting.rejection_delay_hours,
        }
        for app in open_apps
        if app.posting_id in managed
    }


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
    # "notes" is the timeline now (notes are read in it), kept for links made before.
    partial = {"timeline": "timeline", "notes": "timeline", "tags": "tags"}.get(request.GET.get("part", ""))
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
    not_told = ""
    if form.is_valid():
        note = note_create(candidate=candidate, author=request.user, body=form.cleaned_data["body"])
        if note.not_told:
            names = ", ".join(user.get_full_name() or user.email for user in note.not_told)
            not_told = f"Not told: {names} cannot see this candidate, so the mention was left out."
        if not request.htmx:
            messages.success(request, "Note added.")
            if not_told:
                messages.warning(request, not_told)
    elif not request.htmx:
        messages.error(request, "A note needs some text.")
    if request.htmx:
        context = candidate_context(request.user, candidate)
        context["not_told"] = not_told
        if not form.is_valid():
            context["note_form"] = form
        return render_page(
            request, "pipelines/candidate.html", context, partial="timeline", status=200 if form.is_valid() else 400
        )
    return redirect(candidate.get_absolute_url() + "#timeline")


@role_required(*MANAGER_ROLES)
@require_GET
def candidate_mentions(request, public_id):
    """The note box's @mention suggestions: a listbox of the colleagues who may see the
    candidate. Only those who may write notes about the candidate may list them."""
    candidate = get_candidate_for_user(request.user, public_id, manage=True)
    form = MentionQueryForm(request.GET)
    if "q" not in request.GET:
        return HttpResponseBadRequest("Say who to look for with ?q=.")
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(form.errors["q"]))
    people = note_mention_suggestions(candidate=candidate, asking=request.user, prefix=form.cleaned_data["q"])
    options = [(person, mention_token(person)) for person in people]
    return render(request, "pipelines/candidate.html#mentions", {"options": options})


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
