"""Reports in the admin: downloads to look at, the rollup to inspect (never edited here:
the triggers write it, `manage.py reports_rebuild` rebuilds it)."""

from __future__ import annotations

from django.contrib import admin

from recruiting.reports.models import ApplicationFact, ReportExport, Stay


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportExport)
class ReportExportAdmin(ReadOnlyAdmin):
    list_display = ["report", "format", "requested_by", "state", "rows_done", "rows_total", "created_at"]
    list_filter = ["state", "report", "format"]


@admin.register(ApplicationFact)
class ApplicationFactAdmin(ReadOnlyAdmin):
    list_display = ["application_id", "posting_id", "source", "state", "furthest_order", "offered", "hired_at"]
    list_filter = ["state", "source"]


@admin.register(Stay)
class StayAdmin(ReadOnlyAdmin):
    list_display = ["transition_id", "application_id", "stage_id", "entered_at", "left_at"]
