from __future__ import annotations

from django.contrib import admin, messages

from recruiting.notifications.models import Notification
from recruiting.notifications.services import notification_resend


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The dead-letter list lives here: filter by status "failed" and resend."""

    list_display = ["created_at", "kind", "recipients", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["idempotency_key", "subject", "to"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    @admin.display(description="To")
    def recipients(self, obj: Notification) -> str:
        return ", ".join(obj.to)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Resend selected e-mails", permissions=["view"])
    def resend(self, request, queryset):
        count = 0
        for notification in queryset.exclude(status=Notification.Status.SENT):
            notification_resend(notification=notification, actor=request.user)
            count += 1
        self.message_user(request, f"{count} e-mail(s) queued again.", messages.SUCCESS)
