"""Admins make and revoke API tokens, register webhook endpoints, and watch deliveries
(attempts with the receiver's answers; redeliver dead-lettered ones)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from recruiting.api.models import ApiToken, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from recruiting.api.scopes import Scope
from recruiting.api.tokens import token_assign_secret, token_revoke
from recruiting.api.webhooks.services import webhook_redeliver
from recruiting.api.webhooks.signing import new_secret
from recruiting.api.webhooks.urlcheck import UnsafeWebhookUrl, check_webhook_url
from recruiting.audit.services import audit_record


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(choices=Scope.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ApiToken
        fields = ["name", "user", "scopes", "postings", "expires_at"]

    def clean_expires_at(self):
        value = self.cleaned_data.get("expires_at")
        if value is not None and value <= timezone.now():
            raise forms.ValidationError("Choose a time in the future (or none).")
        return value


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """The token text is shown once, in the message after saving a new token."""

    form = ApiTokenForm
    list_display = ["name", "prefix", "user", "scope_list", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__email"]
    readonly_fields = ["prefix", "last_used_at", "revoked_at", "created_by", "created_at"]
    filter_horizontal = ["postings"]
    actions = ["revoke"]

    @admin.display(description="Scopes")
    def scope_list(self, obj: ApiToken) -> str:
        return ", ".join(obj.scopes)

    def save_model(self, request, obj: ApiToken, form, change):
        if change:
            super().save_model(request, obj, form, change)
            audit_record(actor=request.user, action="api_token.update", obj=obj, after={"scopes": obj.scopes})
            return
        text = token_assign_secret(obj)
        obj.created_by = request.user
        super().save_model(request, obj, form, change)
        audit_record(actor=request.user, action="api_token.create", obj=obj, after={"scopes": obj.scopes})
        messages.warning(request, f"The token (copy it now; it is not shown again): {text}")

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        for token in queryset:
            token_revoke(token=token, actor=request.user)
        messages.success(request, f"{queryset.count()} token(s) revoked.")


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            check_webhook_url(url)
        except UnsafeWebhookUrl as exc:
            raise forms.ValidationError(str(exc)) from None
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "url", "event_list", "active"]
    readonly_fields = ["secret", "created_at"]

    @admin.display(description="Events")
    def event_list(self, obj: WebhookEndpoint) -> str:
        return ", ".join(obj.events)

    def save_model(self, request, obj: WebhookEndpoint, form, change):
        if not obj.secret:
            obj.secret = new_secret()
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="webhook_endpoint.update" if change else "webhook_endpoint.create",
            obj=obj,
            after={"url": obj.url, "events": obj.events, "active": obj.active},
        )


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    fields = ["at", "status_code", "duration_ms", "error", "response_body"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """Each delivery with its attempts and the receiver's answers; the action sends
    dead-lettered (or any) deliveries again, with the same webhook-id."""

    list_display = ["created_at", "event", "endpoint", "status", "attempts", "next_attempt_at", "delivered_at"]
    list_filter = ["status", "event", "endpoint"]
    search_fields = ["message_id"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    inlines = [AttemptInline]
    actions = ["redeliver"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Redeliver the selected deliveries")
    def redeliver(self, request, queryset):
        for delivery in queryset:
            webhook_redeliver(delivery=delivery, actor=request.user)
        messages.success(request, f"{queryset.count()} delivery(ies) queued again.")
