"""Candidate pages, search, the applications list with its bulk actions and export,
duplicates and merging, recruiter-added candidates and CSV import."""

from __future__ import annotations

import csv
from datetime import datetime, time
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q
from django.db.models.functions import Left
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from recruiting.audit.services import audit_record
from recruiting.core.decorators import role_required
from recruiting.core.money import format_money
from recruiting.pipelines import importer, search
from recruiting.pipelines.access_candidates import (
    get_candidate_for_user,
    get_import_batch_for_user,
    get_suggestion_for_user,
)
from recruiting.pipelines.applying import candidate_add_by_recruiter
from recruiting.pipelines.documents import documents_of
from recruiting.pipelines.forms import (
    SORTS,
    ApplicationFilterForm,
    BulkActionForm,
    CandidateAddForm,
    CandidateProfileForm,
    ImportMappingForm,
    ImportUploadForm,
    NoteForm,
    TagForm,
    tag_list,
)
from recruiting.pipelines.models import (
    Activity,
    Answer,
    Application,
    Candidate,
    CandidateMerge,
    Document,
    DuplicateSuggestion,
    ImportBatch,
    Note,
    RejectionReason,
    Source,
    Stage,
)
from recruiting.pipelines.services import (
    MergeRefused,
    SuggestionGone,
    candidate_duplicates,
    candidate_merge,
    candidate_merge_undo,
    candidate_update_profile,
    candidates_tag,
    duplicate_suggestion_dismiss,
    duplicate_suggestions_open,
    note_create,
)
from recruiting.postings.models import Posting, QuestionKind

LIST_ROLES = ("recruiter", "hiring_manager")  # admins hold every role
PER_PAGE = 25
# Counting a huge filtered list exactly costs more than the page; beyond this we say "10,000+".
COUNT_CAP = 10_000
# The CV text shown on the candidate page, per document.
CV_TEXT_SHOWN = 20_000


def _render(request, template: str, context: dict, partial: str | None = None, status: int = 200) -> HttpResponse:
    name = f"{template}#{partial}" if partial and request.htmx else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _safe_reverse(name: str, *args) -> str | None:
    """Links into other engineers' pages that may not exist yet in every deployment."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# ---------------------------------------------------------------------------------------
# Applications list
# ---------------------------------------------------------------------------------------


class CappedPaginator(Paginator):
    """COUNT(*) over at most COUNT_CAP + 1 rows, so page 1 of a vast list stays cheap."""

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: COUNT_CAP + 1].count()


def _visible_postings(user):
    return Posting.objects.visible_to(user).only("pk", "public_id", "title").order_by("title")


def filtered_applications(user, filters: dict):
    """Applications `user` may see, with the list's filters and sort applied."""
    apps = (
        Application.objects.visible_to(user)
        .filter(candidate__merged_into__isnull=True)
        .select_related("candidate", "posting", "stage", "referred_by")
        .prefetch_related("candidate__tags")
    )
    if filters.get("posting"):
        apps = apps.filter(posting__public_id=filters["posting"])
    if filters.get("stage"):
        apps = apps.filter(stage__name=filters["stage"])
    if filters.get("state"):
        apps = apps.filter(state=filters["state"])
    if filters.get("source"):
        apps = apps.filter(source=filters["source"])
    if filters.get("tag"):
        apps = apps.filter(candidate__tags__name=filters["tag"])
    if filters.get("flagged"):
        apps = apps.filter(is_flagged=filters["flagged"] == "yes")
    if filters.get("rating") is not None:
        apps = apps.filter(average_rating__gte=filters["rating"])
    tz = timezone.get_current_timezone()
    if filters.get("applied_from"):
        apps = apps.filter(created_at__gte=datetime.combine(filters["applied_from"], time.min, tz))
    if filters.get("applied_to"):
        apps = apps.filter(created_at__lte=datetime.combine(filters["applied_to"], time.max, tz))
    query = search.clean_query(filters.get("q"))
    if query:
        apps = apps.filter(candidate__in=search.matching_candidate_ids(user, query))
    sort = filters.get("sort") or ""
    order = {
        "applied": ["-created_at", "-pk"],
        "name": ["candidate__full_name", "pk"],
        "days": ["stage_entered_at", "pk"],
        "rating": [F("average_rating").desc(nulls_last=True), "-created_at"],
    }.get(sort, ["-created_at", "-pk"])
    return apps.order_by(*order)


@role_required(*LIST_ROLES)
@require_GET
def applications_list(request):
    """Applications across the postings the user may see: filters, sort, search, pages."""
    postings = list(_visible_postings(request.user))
    form = ApplicationFilterForm(request.GET or None, postings=postings)
    filters = form.cleaned_or_empty()
    paginator = CappedPaginator(filtered_applications(request.user, filters), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    context = _list_context(request, form, page, filters, postings)
    return _render(request, "pipelines/applications.html", context, partial="results")


def _list_context(request, form, page, filters, postings, report=None) -> dict:
    query = request.GET.copy()
    query.pop("page", None)
    now = timezone.now()
    apps = list(page.object_list)
    # The newest CV's status per row, in one query for the page (never for the count).
    statuses = dict(
        Document.objects.filter(application__in=[app.pk for app in apps])
        .order_by("application_id", "-uploaded_at", "-id")
        .distinct("application_id")
        .values_list("application_id", "text_status")
    )
    for app in apps:
        app.cv_status = statuses.get(app.pk, "")
    rows = [(app, (now - app.stage_entered_at).days) for app in apps]
    return {
        "form": form,
        "page": page,
        "rows": rows,
        "count_capped": page.paginator.count > COUNT_CAP,
        "count_cap": COUNT_CAP,
        "querystring": query.urlencode(),
        "sorts": SORTS,
        "filters": filters,
        "stage_names": [c for c in form.fields["stage"].choices if c[0]],
        "reasons": RejectionReason.objects.filter(active=True),
        "can_export": True,
        "report": report,
        "export_url": reverse("pipelines:applications_export") + ("?" + query.urlencode() if query else ""),
    }


@role_required(*LIST_ROLES)
@require_POST
def applications_bulk(request):
    """Move, reject or tag the selected applications; every refused row is reported."""
    form = BulkActionForm(request.POST)
    back = reverse("pipelines:applications") + _back_query(request)
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        if request.htmx:
            return HttpResponse(f"Nothing done: {errors}", status=400)
        messages.error(request, f"Nothing done: {errors}")
        return redirect(back)
    data = form.cleaned_data
    done, refused = _bulk_apply(request, data)
    report = {"done": done, "refused": refused, "action": dict(BulkActionForm.ACTIONS)[data["action"]]}
    if request.htmx:
        postings = list(_visible_postings(request.user))
        from django.http import QueryDict

        params = QueryDict(request.POST.get("filters", ""))
        filters_form = ApplicationFilterForm(params or None, postings=postings)
        filters = filters_form.cleaned_or_empty()
        page = CappedPaginator(filtered_applications(request.user, filters), PER_PAGE).get_page(params.get("page"))
        request.GET = params
        context = _list_context(request, filters_form, page, filters, postings, report=report)
        return _render(request, "pipelines/applications.html", context, partial="results")
    messages.success(request, f"{report['action']}: {done} done, {len(refused)} refused.")
    for line in refused[:20]:
        messages.warning(request, line)
    return redirect(back)


def _back_query(request) -> str:
    filters = request.POST.get("filters", "")
    return "?" + filters if filters else ""


def _bulk_apply(request, data: dict) -> tuple[int, list[str]]:
    from recruiting.pipelines import moves

    user = request.user
    wanted = [value for value in data["selected"] if value][:500]
    apps = {
        str(app.public_id): app
        for app in Application.objects.visible_to(user)
        .filter(posting__in=Posting.objects.manageable_by(user).values("pk"))
        .filter(public_id__in=_uuids(wanted))
        .select_related("candidate", "posting", "stage")
    }
    refused = [f"{value}: not found or not yours" for value in wanted if value not in apps]
    if data["action"] in ("tag", "untag"):
        tags = tag_list(data["tags"])
        people = list({app.candidate_id: app.candidate for app in apps.values()}.values())
        kwargs = {"add": tags} if data["action"] == "tag" else {"remove": tags}
        candidates_tag(candidates=people, actor=user, **kwargs)
        return len(apps), refused
    stages = {}
    if data["action"] == "move":
        stages = {
            s.posting_id: s
            for s in Stage.objects.filter(
                posting__in={a.posting_id for a in apps.values()}, name=data["to_stage"], retired=False
            )
        }
    done = 0
    for key, app in apps.items():
        expected = _int(request.POST.get(f"version-{key}")) or app.version
        try:
            if data["action"] == "move":
                stage = stages.get(app.posting_id)
                if stage is None:
                    raise ValueError(f"{app.posting.title} has no stage called {data['to_stage']}.")
                moves.application_move(application=app, to_stage=stage, actor=user, expected_version=expected)
            else:
                moves.application_reject(
                    application=app,
                    reason=data["reason"],
                    note=data.get("note") or "",
                    actor=user,
                    send_email=bool(data.get("send_email")),
                    expected_version=expected,
                    email_delay_hours=app.posting.rejection_delay_hours,
                )
            done += 1
        except (moves.StaleMove, ValueError, PermissionDenied) as exc:
            refused.append(f"{app.candidate.full_name} ({app.posting.title}): {exc}")
    return done, refused


def _uuids(values):
    import uuid

    out = []
    for value in values:
        try:
            out.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return out


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class _Echo:
    def write(self, value):
        return value


def _csv_cell(value) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; defuse them."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@role_required(*LIST_ROLES)
@require_GET
def applications_export(request):
    """The filtered list as CSV, streamed. Pay answers only for users who see pay."""
    postings = list(_visible_postings(request.user))
    filters = ApplicationFilterForm(request.GET or None, postings=postings).cleaned_or_empty()
    apps = filtered_applications(request.user, filters)
    with_pay = request.user.sees_compensation
    if with_pay:
        money = Answer.objects.filter(question__kind=QuestionKind.MONEY).select_related("question")
        apps = apps.prefetch_related(Prefetch("answers", queryset=money, to_attr="money_answers"))
    count = apps.count()
    audit_record(
        actor=request.user,
        action="applications.export",
        object_type="pipelines.application",
        label=f"{count} applications",
        after={"filters": {k: str(v) for k, v in filters.items()}, "rows": count},
    )
    header = [
        "Name",
        "E-mail",
        "Phone",
        "Posting",
        "Stage",
        "State",
        "Source",
        "Source detail",
        "Tags",
        "Flags",
        "Rating",
        "Applied",
        "Days in stage",
    ]
    if with_pay:
        header.append("Pay answers")
    writer = csv.writer(_Echo())
    now = timezone.now()

    def rows():
        yield writer.writerow(header)
        for app in apps.iterator(chunk_size=500):
            c = app.candidate
            line = [
                c.full_name,
                c.email,
                c.phone,
                app.posting.title,
                app.stage.name,
                app.get_state_display(),
                app.get_source_display(),
                app.source_detail or (str(app.referred_by) if app.referred_by else ""),
                ", ".join(t.name for t in c.tags.all()),
                "; ".join(app.knockout_flags or []),
                app.average_rating or "",
                timezone.localtime(app.created_at).date().isoformat(),
                (now - app.stage_entered_at).days,
            ]
            if with_pay:
                line.append("; ".join(f"{a.question.text}: {_answer_text(a, app.posting)}" for a in app.money_answers))
            yield writer.writerow([_csv_cell(v) for v in line])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="applications-{now:%Y%m%d-%H%M}.csv"'
    return response


# ---------------------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------------------


@role_required(*LIST_ROLES)
@require_GET
def candidates_search(request):
    """Find people by name, e-mail, skills, tags, role, CV text or notes."""
    query = search.clean_query(request.GET.get("q"))
    results = search.candidate_search(user=request.user, query=query, page=_int(request.GET.get("page")) or 1)
    return _render(request, "pipelines/candidates.html", {"results": results, "q": query}, partial="results")


# ---------------------------------------------------------------------------------------
# Candidate page
# ---------------------------------------------------------------------------------------


def _answer_text(answer: Answer, posting: Posting) -> str:
    value = answer.value
    kind = answer.question.kind
    if value in (None, "", []):
        return "—"
    if kind == QuestionKind.MONEY:
        try:
            return format_money(Decimal(str(value)), answer.question.currency or posting.pay_currency)
        except (InvalidOperation, ValueError, TypeError):
            return str(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if kind == QuestionKind.YES_NO:
        return {"yes": "Yes", "no": "No", True: "Yes", False: "No"}.get(value, str(value))
    if kind == QuestionKind.DURATION_DAYS:
        return f"{value} days"
    return str(value)


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
                (a.question.text, _answer_text(a, app.posting))
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


@role_required("recruiter", "hiring_manager", "interviewer")
@require_GET
def candidate_detail(request, public_id):
    """The candidate page. A merged person's page says where they went (recruiters)."""
    user = request.user
    candidate = get_candidate_for_user(user, public_id, include_merged=user.has_role("recruiter"))
    if candidate.merged_into_id is not None:
        merge = CandidateMerge.objects.filter(source=candidate, undone_at__isnull=True).order_by("-created_at").first()
        return _render(request, "pipelines/candidate_merged.html", {"candidate": candidate, "merge": merge})
    context = candidate_context(user, candidate)
    partial = request.GET.get("part") if request.GET.get("part") in ("timeline", "notes", "tags") else None
    if partial and context["reduced"]:
        raise PermissionDenied("This part of the page is not shown to interviewers.")
    return _render(request, "pipelines/candidate.html", context, partial=partial)


@role_required("recruiter", "hiring_manager", "interviewer")
@require_GET
def application_detail(request, public_id):
    """An application is shown on its candidate's page, anchored on it."""
    from recruiting.pipelines.access import get_application_for_user

    application = get_application_for_user(request.user, public_id)
    url = application.candidate.get_absolute_url() + f"#application-{application.public_id}"
    return redirect(url)


@role_required(*LIST_ROLES)
@require_http_methods(["GET", "POST"])
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
    return _render(request, "pipelines/candidate_edit.html", {"candidate": candidate, "form": form}, status=status)


@role_required(*LIST_ROLES)
@require_POST
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
        return _render(
            request, "pipelines/candidate.html", context, partial="notes", status=200 if form.is_valid() else 400
        )
    return redirect(candidate.get_absolute_url() + "#notes")


@role_required(*LIST_ROLES)
@require_POST
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
        return _render(
            request, "pipelines/candidate.html", context, partial="tags", status=200 if form.is_valid() else 400
        )
    return redirect(candidate.get_absolute_url())


# ---------------------------------------------------------------------------------------
# Duplicates and merging (recruiters)
# ---------------------------------------------------------------------------------------


@role_required("recruiter")
@require_GET
def duplicates(request):
    """Possible duplicates to decide (stored suggestions), newest first: two queries
    however many there are."""
    return _render(request, "pipelines/duplicates.html", {"suggestions": duplicate_suggestions_open()})


@role_required("recruiter")
@require_POST
def duplicate_dismiss(request, public_id):
    """ "Not the same person": the suggestion leaves the list."""
    suggestion = get_suggestion_for_user(request.user, public_id)
    try:
        duplicate_suggestion_dismiss(suggestion=suggestion, actor=request.user)
    except SuggestionGone as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(
            request, f"{suggestion.candidate.full_name} and {suggestion.existing.full_name} are kept apart."
        )
    return redirect("pipelines:duplicates")


@role_required("recruiter")
@require_POST
def candidate_merge_view(request, public_id):
    """Merge the person named in the form (`duplicate`) into this one."""
    target = get_candidate_for_user(request.user, public_id, manage=True)
    source = get_candidate_for_user(request.user, request.POST.get("duplicate", ""), manage=True)
    try:
        candidate_merge(source=source, target=target, actor=request.user)
    except MergeRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{source.full_name} was merged into {target.full_name}. You can undo this below.")
    return redirect(target.get_absolute_url())


@role_required("recruiter")
@require_POST
def candidate_merge_undo_view(request, public_id):
    """Undo the latest merge of this (merged) person."""
    source = get_candidate_for_user(request.user, public_id, manage=True, include_merged=True)
    merge = CandidateMerge.objects.filter(source=source, undone_at__isnull=True).order_by("-created_at").first()
    if merge is None:
        raise Http404("No merge to undo")
    try:
        candidate_merge_undo(merge=merge, actor=request.user)
    except MergeRefused as exc:
        messages.error(request, str(exc))
        return redirect(source.get_absolute_url())
    messages.success(request, f"Merge undone: {source.full_name} is a separate candidate again.")
    return redirect(source.get_absolute_url())


# ---------------------------------------------------------------------------------------
# Adding candidates and CSV import (recruiters)
# ---------------------------------------------------------------------------------------


@role_required("recruiter")
@require_http_methods(["GET", "POST"])
def candidate_add(request):
    """A recruiter adds a person they found (optionally with a CV, into a posting)."""
    postings = list(Posting.objects.manageable_by(request.user).only("pk", "public_id", "title", "status"))
    form = CandidateAddForm(request.POST or None, request.FILES or None, postings=postings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = data["source"]
        candidate, application, created = candidate_add_by_recruiter(
            actor=request.user,
            full_name=data["full_name"],
            email=data.get("email") or "",
            phone=data.get("phone") or "",
            posting=data["posting_obj"],
            source=source,
            source_detail=data.get("source_name") or "" if source in (Source.AGENCY, Source.JOB_BOARD) else "",
            referred_by=data.get("referrer") if source == Source.REFERRAL else None,
            cv=data.get("cv") or None,
            cv_type=form.cv_type,
            **form.profile(),
        )
        if not created:
            messages.warning(
                request,
                f"{candidate.full_name} was already here (same e-mail); linked to them, their profile unchanged.",
            )
            return redirect(candidate.get_absolute_url())
        messages.success(request, f"{candidate.full_name} added.")
        suggestion = DuplicateSuggestion.objects.filter(candidate=candidate).select_related("existing").first()
        if suggestion is not None:
            messages.info(
                request,
                f"Possibly the same person as {suggestion.existing.full_name} ({', '.join(suggestion.reasons)}): "
                "see Possible duplicates.",
            )
        return redirect(candidate.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return _render(request, "pipelines/candidate_add.html", {"form": form}, status=status)


@role_required("recruiter")
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """Step 1 of a CSV import: upload the file."""
    postings = list(Posting.objects.manageable_by(request.user).only("pk", "public_id", "title"))
    form = ImportUploadForm(request.POST or None, request.FILES or None, postings=postings)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["file"]
        try:
            headers, _rows = importer.read_csv(text)
        except importer.ImportError_ as exc:
            form.add_error("file", str(exc))
        else:
            batch = ImportBatch.objects.create(
                created_by=request.user,
                filename=(request.FILES["file"].name or "import.csv")[:200],
                content=text,
                mapping=importer.guess_mapping(headers),
                posting=form.postings.get(form.cleaned_data.get("posting") or ""),
            )
            return redirect("pipelines:import_batch", public_id=batch.public_id)
    status = 400 if request.method == "POST" else 200
    return _render(request, "pipelines/import_upload.html", {"form": form}, status=status)


@role_required("recruiter")
@require_http_methods(["GET", "POST"])
def import_batch(request, public_id):
    """Step 2: column mapping and a preview of what each row would become."""
    batch = get_import_batch_for_user(request.user, public_id)
    if batch.status != ImportBatch.Status.PENDING:
        return _render(request, "pipelines/import_report.html", {"batch": batch, "report": batch.report})
    headers, _rows = importer.read_csv(batch.content)
    field_list = [(name, label) for name, (label, _) in importer.FIELDS.items()]
    form = ImportMappingForm(request.POST or None, headers=headers, fields=field_list, initial=batch.mapping)
    if request.method == "POST" and form.is_valid():
        batch.mapping = {k: v for k, v in form.cleaned_data.items() if v}
        batch.save(update_fields=["mapping", "updated_at"])
        if not request.htmx:
            return redirect("pipelines:import_batch", public_id=batch.public_id)
    results = importer.validate_rows(batch, actor=request.user)
    context = {
        "batch": batch,
        "form": form,
        "preview": results[: importer.PREVIEW_ROWS],
        "rejected": [r for r in results if r.status == "rejected"][:200],
        "summary": importer.summary(results),
        "mapped_name": bool(batch.mapping.get("full_name")),
    }
    return _render(request, "pipelines/import_preview.html", context, partial="preview")


@role_required("recruiter")
@require_POST
def import_confirm(request, public_id):
    """Step 3: import all valid rows together, or nothing."""
    batch = get_import_batch_for_user(request.user, public_id)
    if batch.status != ImportBatch.Status.PENDING:
        messages.warning(request, "This file has already been handled.")
        return redirect("pipelines:import_batch", public_id=batch.public_id)
    imported, results = importer.import_batch_confirm(batch=batch, actor=request.user)
    counts = importer.summary(results)
    if imported:
        messages.success(
            request,
            f"Imported: {counts['new']} new, {counts['linked']} linked to existing people, "
            f"{counts['rejected']} rejected.",
        )
    else:
        messages.error(request, "Nothing was imported: a row could not be saved. See the report.")
    return redirect("pipelines:import_batch", public_id=batch.public_id)
