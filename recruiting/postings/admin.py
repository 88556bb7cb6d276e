from __future__ import annotations

from django.contrib import admin

from recruiting.audit.services import audit_record
from recruiting.postings.models import (
    ConsentText,
    LibraryQuestion,
    Posting,
    PostingSkill,
    ScreeningQuestion,
)
from recruiting.postings.services import COMPENSATION_FIELDS


class PostingSkillInline(admin.TabularInline):
    model = PostingSkill
    extra = 0
    fields = ["name", "required", "min_years", "order"]


class ScreeningQuestionInline(admin.StackedInline):
    model = ScreeningQuestion
    extra = 0
    fields = [
        ("text", "kind", "required", "order"),
        ("choices", "skill", "currency"),
        ("knockout_op", "knockout_value", "knockout_band_max", "knockout_tolerance_pct"),
        "rule_version",
    ]
    readonly_fields = ["rule_version"]


@admin.register(Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = ["title", "team", "location", "hiring_manager", "status", "opened_at", "closes_on", "created_at"]
    list_filter = ["status", "workplace_type", "employment_type", "team", "location"]
    search_fields = ["title", "team", "location", "hiring_manager__email", "hiring_manager__full_name"]
    list_select_related = ["hiring_manager"]
    autocomplete_fields = ["hiring_manager"]
    filter_horizontal = ["recruiters", "shared_with"]
    # Status moves go through the portal's workflow (which stamps dates and audits).
    readonly_fields = ["public_id", "status", "opened_at", "closed_at", "created_by", "created_at", "updated_at"]
    inlines = [PostingSkillInline, ScreeningQuestionInline]
    date_hierarchy = "created_at"

    def save_model(self, request, obj, form, change):
        pay_changed = change and any(name in form.changed_data for name in COMPENSATION_FIELDS)
        before = {}
        if pay_changed:
            stored = Posting.objects.get(pk=obj.pk)
            before = {name: str(getattr(stored, name)) for name in COMPENSATION_FIELDS}
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if pay_changed:
            audit_record(
                actor=request.user,
                action="posting.compensation_change",
                obj=obj,
                before=before,
                after={name: str(getattr(obj, name)) for name in COMPENSATION_FIELDS},
            )


@admin.register(LibraryQuestion)
class LibraryQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "key", "kind", "required", "knockout_op", "knockout_value", "knockout_band_max"]
    list_filter = ["kind", "required", "knockout_band_max"]
    search_fields = ["text", "key", "skill"]
    prepopulated_fields = {"key": ["text"]}


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    list_display = ["version", "created_at", "excerpt"]
    search_fields = ["text"]
    date_hierarchy = "created_at"

    @admin.display(description="Text")
    def excerpt(self, obj: ConsentText) -> str:
        return obj.text[:80]
