from __future__ import annotations

from django.contrib import admin

from recruiting.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is evidence, nobody edits it."""

    list_display = ["at", "actor_label", "action", "object_type", "object_label", "request_id"]
    list_filter = ["action", "object_type", ("at", admin.DateFieldListFilter)]
    search_fields = ["actor_label", "object_label", "object_id", "request_id"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
