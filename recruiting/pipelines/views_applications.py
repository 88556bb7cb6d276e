"""The applications list across postings: filters, sort, search, pages, bulk actions
and the CSV export."""

from __future__ import annotations

import csv
from datetime import datetime, time
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from recruiting.audit.services import audit_record
from recruiting.core.decorators import role_required
from recruiting.core.htmx import render_page
from recruiting.core.money import format_money
from recruiting.core.roles import MANAGER_ROLES
from recruiting.pipelines import search
from recruiting.pipelines.forms import (
    SORTS,
    ApplicationFilterForm,
    BulkActionForm,
    tag_list,
)
from recruiting.pipelines.models import (
    Answer,
    Application,
    Document,
    RejectionReason,
    Stage,
)
from recruiting.pipelines.services import (
    candidates_tag,
)
from recruiting.postings.models import Posting, QuestionKind

PER_PAGE = 25
# Counting a huge filtered list exactly costs more than the page; beyond this we say "10,000+".
COUNT_CAP = 10_000


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


@role_required(*MANAGER_ROLES)
@require_GET
@vary_on_headers("HX-Request")
def applications_list(request):
    """Applications across the postings the user may see: filters, sort, search, pages."""
    postings = list(_visible_postings(request.user))
    form = ApplicationFilterForm(request.GET or None, postings=postings)
    filters = form.cleaned_or_empty()
    paginator = CappedPaginator(filtered_applications(request.user, filters), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    context = _list_context(request, form, page, filters, postings)
    return render_page(request, "pipelines/applications.html", context, partial="results")


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


@role_required(*MANAGER_ROLES)
@require_POST
@vary_on_headers("HX-Request")
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
        return render_page(request, "pipelines/applications.html", context, partial="results")
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
        expected = int_or_none(request.POST.get(f"version-{key}")) or app.version
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


def int_or_none(value) -> int | None:
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


@role_required(*MANAGER_ROLES)
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
                line.append("; ".join(f"{a.question.text}: {answer_text(a, app.posting)}" for a in app.money_answers))
            yield writer.writerow([_csv_cell(v) for v in line])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="applications-{now:%Y%m%d-%H%M}.csv"'
    return response


def answer_text(answer: Answer, posting: Posting) -> str:
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
