"""Report pages and their downloads. One page view and one export view per report (made
by `page_view`/`export_view` with the report's roles), so each route declares its access."""

from __future__ import annotations

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from recruiting.core.decorators import role_required
from recruiting.core.exports import csv_response, xlsx_workbook_response
from recruiting.core.htmx import HtmxHttpRequest, render_page
from recruiting.core.roles import ANY_ROLE
from recruiting.reports import charts
from recruiting.reports.filters import scope_for
from recruiting.reports.forms import ExportRequestForm
from recruiting.reports.models import ReportExport
from recruiting.reports.registry import REPORTS, Report, reports_for
from recruiting.reports.services import ExportRefused, report_export_request

FORMATS = ("csv", "xlsx")


@role_required(*ANY_ROLE)
@require_GET
def index(request: HtmxHttpRequest):
    """The reports this user may open."""
    return render_page(request, "reports/index.html", {"reports": reports_for(request.user)})


def _context(request, report: Report) -> dict:
    form, scope = scope_for(request.user, request.GET)
    result = report.build(scope, request.user)
    return {
        "report": report,
        "reports": reports_for(request.user),
        "form": form,
        "scope": scope,
        "result": result,
        "chart": charts.render(result.chart, chart_id=f"chart-{report.slug}", summary=result.summary),
    }


def page_view(report: Report):
    @role_required(*report.roles)
    @require_GET
    @vary_on_headers("HX-Request")
    def view(request: HtmxHttpRequest):
        return render_page(request, "reports/report.html", _context(request, report), partial="results")

    view.__name__ = view.__qualname__ = f"report_{report.slug.replace('-', '_')}"
    view.__doc__ = f"The {report.title} report: chart, table and filters."
    return view


def export_view(report: Report):
    @role_required(*report.roles)
    @require_GET
    def view(request: HtmxHttpRequest):
        fmt = request.GET.get("format", "csv")
        if fmt not in FORMATS:
            raise BadRequest(f"Unknown format {fmt!r}: choose csv or xlsx.")
        form, scope = scope_for(request.user, request.GET)
        result = report.build(scope, request.user)
        stamp = f"{timezone.localtime():%Y%m%d-%H%M}"
        name = f"{report.slug}-{scope.date_from:%Y%m%d}-{scope.date_to:%Y%m%d}-{stamp}"
        if fmt == "csv":
            main = result.tables[0] if result.tables else None
            if main is None:
                return csv_response(f"{name}.csv", ["Notice"], [[result.notice]])
            return csv_response(f"{name}.csv", main.header, main.rows)
        sheets = [(t.title, t.header, t.rows) for t in result.tables] or [("Notice", ["Notice"], [[result.notice]])]
        return xlsx_workbook_response(f"{name}.xlsx", sheets)

    view.__name__ = view.__qualname__ = f"export_{report.slug.replace('-', '_')}"
    view.__doc__ = f"The {report.title} report as CSV (its main table) or XLSX (every table, one sheet each)."
    return view


@role_required(*ANY_ROLE)
@require_POST
def export_start(request: HtmxHttpRequest):
    """Queue a report's rows as a background download; then its progress page."""
    form = ExportRequestForm(request.POST)
    if not form.is_valid():
        raise BadRequest("; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    spec = REPORTS[form.cleaned_data["report"]]
    if not request.user.has_role(*spec.roles):
        raise PermissionDenied("Your role does not allow this report.")
    try:
        export = report_export_request(
            user=request.user, report=spec.slug, params=form.filters(), format=form.cleaned_data["format"]
        )
    except ExportRefused as refused:
        raise BadRequest(str(refused)) from refused
    return redirect(reverse("reports:export", args=[export.public_id]))


def _own_export(request, public_id) -> ReportExport:
    """The requester's own export; anybody else's is not found."""
    try:
        return ReportExport.objects.get(public_id=public_id, requested_by=request.user)
    except ReportExport.DoesNotExist:
        raise Http404("No such download.") from None


@role_required(*ANY_ROLE)
@require_GET
@vary_on_headers("HX-Request")
def export_status(request: HtmxHttpRequest, public_id):
    """The progress of a background download (HTMX polls the bar), then its link."""
    export = _own_export(request, public_id)
    spec = REPORTS.get(export.report)
    return render_page(request, "reports/export.html", {"export": export, "report": spec}, partial="progress")


@role_required(*ANY_ROLE)
@require_GET
def export_download(request: HtmxHttpRequest, public_id):
    """The finished file, for its requester only."""
    export = _own_export(request, public_id)
    if export.state != ReportExport.State.DONE:
        raise Http404("This download is not ready.")
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.filename)


PAGES = {slug: page_view(report) for slug, report in REPORTS.items()}
EXPORTS = {slug: export_view(report) for slug, report in REPORTS.items()}
