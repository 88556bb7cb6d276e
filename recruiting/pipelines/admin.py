from __future__ import annotations

from django.contrib import admin

from recruiting.pipelines.models import (
    Activity,
    Answer,
    Application,
    BackgroundJob,
    Candidate,
    CandidateMerge,
    Document,
    DuplicateSuggestion,
    ImportBatch,
    JobRow,
    KnockoutEvaluation,
    Note,
    RejectionReason,
    Stage,
    StageTemplate,
    StageTemplateStage,
    StageTransition,
    Tag,
)


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    # Export and erasure live on the portal's privacy page (erasure asks for a typed
    # confirmation, which an admin action cannot); recruiting.privacy adds the action
    # that opens it.
    actions: list = []
    list_display = ["full_name", "email", "phone", "current_role", "merged_into", "created_at"]
    list_filter = ["applications__source"]
    search_fields = ["full_name", "email", "email_normalised", "phone", "phone_normalised"]
    readonly_fields = [
        "public_id",
        "search_vector",
        "email_normalised",
        "phone_normalised",
        "merged_into",
        "created_at",
    ]
    raw_id_fields = ["created_by"]
    filter_horizontal = ["tags"]
    list_select_related = ["merged_into"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["candidate", "posting", "stage", "state", "source", "is_flagged", "created_at"]
    list_filter = ["state", "source", "is_flagged"]
    search_fields = ["candidate__full_name", "candidate__email", "applicant_email", "posting__title"]
    list_select_related = ["candidate", "posting", "stage"]
    raw_id_fields = ["candidate", "posting", "stage", "referred_by", "created_by", "rejection_reason"]
    readonly_fields = ["public_id", "version", "stage_entered_at"]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["name", "posting", "order", "kind", "time_limit_days", "retired"]
    list_filter = ["kind", "retired"]
    search_fields = ["name", "posting__title"]
    list_select_related = ["posting"]
    raw_id_fields = ["posting"]


class StageTemplateStageInline(admin.TabularInline):
    model = StageTemplateStage
    extra = 1


@admin.register(StageTemplate)
class StageTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default", "retired"]
    inlines = [StageTemplateStageInline]


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "order"]
    list_editable = ["active", "order"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["candidate", "author", "created_at"]
    search_fields = ["candidate__full_name", "body"]
    raw_id_fields = ["candidate", "application", "author"]
    filter_horizontal = ["mentions"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """The timeline is written by services only."""

    list_display = ["at", "candidate", "kind", "summary", "actor"]
    list_filter = ["kind"]
    search_fields = ["candidate__full_name", "summary"]
    list_select_related = ["candidate", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CandidateMerge)
class CandidateMergeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "source", "target", "merged_by", "undone_at"]
    readonly_fields = ["source", "target", "merged_by", "snapshot", "undone_at", "undone_by", "created_at"]
    list_select_related = ["source", "target", "merged_by"]

    def has_add_permission(self, request):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Documents are immutable (the database refuses changes to the file and its facts):
    read-only here; downloads go through the portal's authorised view."""

    list_display = ["uploaded_at", "original_filename", "candidate", "application", "file_type", "text_status"]
    list_filter = ["text_status", "file_type", "carried_over"]
    search_fields = ["candidate__full_name", "original_filename"]
    list_select_related = ["candidate", "application__posting"]
    exclude = ["text"]
    readonly_fields = [
        "public_id",
        "candidate",
        "application",
        "category",
        "file",
        "original_filename",
        "file_type",
        "size",
        "sha256",
        "uploaded_at",
        "uploaded_by",
        "carried_over",
        "text_status",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DuplicateSuggestion)
class DuplicateSuggestionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "candidate", "existing", "reasons", "dismissed_at"]
    list_select_related = ["candidate", "existing"]
    readonly_fields = ["public_id", "candidate", "existing", "reasons", "dismissed_at", "dismissed_by"]

    def has_add_permission(self, request):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["created_at", "filename", "created_by", "status", "imported_at"]
    list_filter = ["status"]
    readonly_fields = ["public_id", "created_by", "filename", "mapping", "report", "status", "imported_at"]
    exclude = ["content"]


@admin.register(StageTransition)
class StageTransitionAdmin(admin.ModelAdmin):
    """Append-only move history: funnels and time in stage are computed from it."""

    list_display = ["at", "application", "from_stage", "to_stage", "to_state", "by", "reason"]
    list_filter = ["to_state", ("at", admin.DateFieldListFilter)]
    search_fields = ["application__candidate__full_name", "reason"]
    list_select_related = ["application__candidate", "application__posting", "from_stage", "to_stage", "by"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KnockoutEvaluation)
class KnockoutEvaluationAdmin(admin.ModelAdmin):
    """The history of knock-out flags: read only, written by the evaluation engine."""

    list_display = ["created_at", "application", "reason", "flags_before", "flags_after"]
    list_filter = ["created_at"]
    search_fields = ["reason", "application__candidate__full_name", "application__posting__title"]
    list_select_related = ["application__candidate", "application__posting"]
    readonly_fields = ["application", "flags_before", "flags_after", "reason", "created_at", "updated_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    """Applicants' answers, for looking up; they are changed only by applying."""

    list_display = ["application", "question", "value"]
    list_filter = ["question__kind"]
    search_fields = ["application__candidate__full_name", "question__text"]
    list_select_related = ["application__candidate", "application__posting", "question"]
    readonly_fields = ["application", "question", "value"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BackgroundJob)
class BackgroundJobAdmin(admin.ModelAdmin):
    """CSV imports and bulk actions run in the background, for looking up (read-only)."""

    list_display = ["title", "kind", "status", "done", "refused", "total", "created_by", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["created_by"]
    readonly_fields = [f.name for f in BackgroundJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(JobRow)
class JobRowAdmin(admin.ModelAdmin):
    """What each background job did with each row (read-only)."""

    list_display = ["job", "position", "key", "outcome", "message"]
    list_filter = ["outcome"]
    list_select_related = ["job"]
    readonly_fields = ["job", "position", "key", "outcome", "message", "data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
