"""The admin lists offers (filters by state and posting), edits the letter template and
each posting's approvals chain. Offers themselves change only through the services."""

from __future__ import annotations

from django.contrib import admin

from recruiting.offers.forms import LetterTemplateForm
from recruiting.offers.models import (
    ApprovalStep,
    LetterTemplate,
    Offer,
    OfferApproval,
    OfferQuestion,
    OfferRevision,
    PostingFill,
)


class RevisionInline(admin.TabularInline):
    model = OfferRevision
    fields = ["number", "title", "fixed_pay", "variable_pay", "joining_bonus", "relocation", "joining_date",
              "expires_on", "created_by", "created_at"]  # fmt: skip
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


class ApprovalInline(admin.TabularInline):
    model = OfferApproval
    fields = ["revision", "order", "kind", "approver", "state", "acted_by", "acted_at", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class QuestionInline(admin.TabularInline):
    model = OfferQuestion
    fields = ["asked_at", "revision_number", "text", "ip"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["__str__", "posting", "state", "revision", "sent_at", "answered_at", "updated_at"]
    list_filter = ["state", ("application__posting", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["application__candidate__full_name", "application__posting__title"]
    list_select_related = ["application__candidate", "application__posting", "current"]
    readonly_fields = [f.name for f in Offer._meta.fields]
    inlines = [RevisionInline, ApprovalInline, QuestionInline]

    @admin.display(ordering="application__posting__title")
    def posting(self, obj: Offer) -> str:
        return obj.application.posting.title

    @admin.display(description="revision")
    def revision(self, obj: Offer) -> int | None:
        return obj.current.number if obj.current else None

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    form = LetterTemplateForm
    list_display = ["name", "active", "updated_at"]
    list_filter = ["active"]


@admin.register(ApprovalStep)
class ApprovalStepAdmin(admin.ModelAdmin):
    list_display = ["posting", "order", "kind", "user"]
    list_filter = [("posting", admin.RelatedOnlyFieldListFilter), "kind"]
    autocomplete_fields = ["user"]
    ordering = ["posting", "order"]


@admin.register(PostingFill)
class PostingFillAdmin(admin.ModelAdmin):
    list_display = ["posting", "filled_at", "resolved_at", "resolved_by", "rejected_count"]
    readonly_fields = ["posting", "filled_at", "resolved_at", "resolved_by", "rejected_count"]

    def has_add_permission(self, request):
        return False
