from __future__ import annotations

from django.contrib import admin, messages

from recruiting.notifications.models import Notification
from recruiting.notifications.services import notification_resend

Status = Notification.Status


class NeedsDecisionFilter(admin.SimpleListFilter):
    """The dead-letter list: e-mails that will not go out unless a person resends them.

    "Failed" surely did not reach the mail server; "uncertain" may have (the worker died
    mid-send), so resending one may deliver a second copy."""

    title = "needs a decision"
    parameter_name = "decision"

    def lookups(self, request, model_admin):
        return [
            ("any", "Failed or uncertain"),
            (Status.FAILED, "Failed (not sent)"),
            (Status.UNCERTAIN, "Uncertain (may have been sent)"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "any":
            return queryset.filter(status__in=[Status.FAILED, Status.UNCERTAIN])
        if value in (Status.FAILED, Status.UNCERTAIN):
            return queryset.filter(status=value)
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Filter "needs a decision" lists failed and uncertain e-mails beside each other;
    the resend action puts them back in the queue."""

    list_display = ["created_at", "kind", "recipients", "subject", "status", "attempts", "sent_at", "error"]
    list_filter = [NeedsDecisionFilter, "status", "kind"]
    search_fields = ["idempotency_key", "subject", "to"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    @admin.display(description="To")
    def recipients(self, obj: Notification) -> str:
        return ", ".join(obj.to)

    @admin.display(description="Last error")
    def error(self, obj: Notification) -> str:
        return obj.last_error if len(obj.last_error) <= 100 else obj.last_error[:99] + "…"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(
        description="Resend selected e-mails (an uncertain one may arrive twice)",
        permissions=["view"],
    )
    def resend(self, request, queryset):
        queued = skipped = 0
        for notification in queryset:
            if notification_resend(notification=notification, actor=request.user):
                queued += 1
            else:
                skipped += 1
        self.message_user(request, f"{queued} e-mail(s) queued again.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} e-mail(s) left alone: already sent, being sent right now, or without recipients.",
                messages.WARNING,
            )
