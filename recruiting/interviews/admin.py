from __future__ import annotations

import copy

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.template.response import TemplateResponse
from django.urls import reverse

from recruiting.interviews.blind import name_for
from recruiting.interviews.leave import (
    company_holiday_add,
    company_holiday_change,
    hits_for_holiday,
    hits_for_period,
    period_label,
    time_off_add_and_propose,
    time_off_change_and_propose,
)
from recruiting.interviews.models import (
    DEFAULT_TIME_ZONE,
    AvailabilityWindow,
    CompanyHoliday,
    Interview,
    InterviewerSettings,
    InterviewPanelist,
    InterviewRound,
    PostingInterviewSettings,
    RescheduleProposal,
    SchedulingLink,
    Scorecard,
    ScorecardCriterion,
    ScorecardRating,
    ScorecardRevision,
    TimeOff,
)
from recruiting.interviews.services import when_label


class HitsPreviewAdmin(admin.ModelAdmin):
    """Adding an entry (or changing one) that falls on booked interviews first shows those
    interviews on a confirmation page, as the interviewer's own time-off form does; only
    the post carrying CONFIRMED (validated again) saves, through the service in
    `save_model`, which proposes new times. Without hits it saves at once."""

    hits_template = "admin/interviews/hits_confirmation.html"
    CONFIRMED = "_confirm_hits"
    noun = ""

    def booked_hits(self, data: dict, before) -> list[Interview]:
        """The scheduled interviews the entry `data` (the form's cleaned data) newly hits;
        `before` is the unchanged entry when editing, else None."""
        raise NotImplementedError

    def describe(self, data: dict) -> str:
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and self.CONFIRMED not in request.POST:
            preview = self._hits_preview(request, object_id)
            if preview is not None:
                return preview
        # Everything else (and the confirmed post, validated again) as Django does it.
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _hits_preview(self, request, object_id) -> TemplateResponse | None:
        """The confirmation page when the post falls on booked interviews; None to let
        Django handle it (invalid form, no hits, no permission)."""
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                return None
        elif not self.has_add_permission(request):
            return None
        before = copy.copy(obj)  # the form writes the posted values into `obj`
        form = self.get_form(request, obj, change=obj is not None)(request.POST, request.FILES, instance=obj)
        if not form.is_valid():
            return None
        hits = self.booked_hits(form.cleaned_data, before)
        if not hits:
            return None
        tz_name = getattr(request.user, "time_zone", "") or DEFAULT_TIME_ZONE
        rows = [
            {
                "when": when_label(item.starts_at, tz_name),
                "round": item.round.name if item.round else "Interview",
                "candidate": name_for(request.user, item.application),
                "panel": ", ".join(
                    f"{seat.interviewer}{' (shadow)' if seat.shadow else ''}"
                    for seat in item.panel.all()
                    if seat.active
                ),
                "url": reverse("admin:interviews_interview_change", args=[item.pk]),
            }
            for item in hits
        ]
        info = (self.opts.app_label, self.opts.model_name)
        back = (
            reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
            if obj is not None
            else reverse("admin:{}_{}_add".format(*info))
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"{self.noun.capitalize()} on booked interviews",
            "opts": self.opts,
            "form": form,
            "noun": self.noun,
            "subject": self.describe(form.cleaned_data),
            "hits": rows,
            "adding": obj is None,
            "confirmed_flag": self.CONFIRMED,
            # Which save button was pressed ("Save and add another" stays so).
            "save_as": next((b for b in ("_continue", "_addanother") if b in request.POST), "_save"),
            "back_url": back,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.hits_template, context)

    def tell_proposals(self, request, proposals) -> None:
        if proposals:
            self.message_user(
                request, f"{len(proposals)} booked interview(s) are hit; recruiters get new times to choose from."
            )


@admin.register(CompanyHoliday)
class CompanyHolidayAdmin(HitsPreviewAdmin):
    list_display = ["date", "name"]
    list_filter = ["date"]
    search_fields = ["name"]
    date_hierarchy = "date"
    noun = "holiday"

    def booked_hits(self, data, before):
        if before is not None and before.date == data["date"]:
            return []  # renamed only: the day's interviews were proposed for when it was added
        return hits_for_holiday(data["date"])

    def describe(self, data) -> str:
        return f"{data['date']:%a %d %b %Y}, {data['name']}"

    def save_model(self, request, obj, form, change):
        if change:
            original = CompanyHoliday.objects.get(pk=obj.pk)
            _holiday, proposals = company_holiday_change(
                holiday=original, day=obj.date, name=obj.name, actor=request.user
            )
        else:
            holiday, proposals = company_holiday_add(day=obj.date, name=obj.name, actor=request.user)
            obj.pk = holiday.pk
        self.tell_proposals(request, proposals)


@admin.register(InterviewerSettings)
class InterviewerSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "daily_cap", "weekly_cap", "buffer_minutes"]
    list_filter = ["daily_cap"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]


@admin.register(AvailabilityWindow)
class AvailabilityWindowAdmin(admin.ModelAdmin):
    list_display = ["interviewer", "weekday", "start", "end"]
    list_filter = ["weekday"]
    search_fields = ["interviewer__email", "interviewer__full_name"]
    autocomplete_fields = ["interviewer"]


@admin.register(TimeOff)
class TimeOffAdmin(HitsPreviewAdmin):
    list_display = ["interviewer", "starts_at", "ends_at", "reason"]
    list_filter = ["starts_at"]
    search_fields = ["interviewer__email", "interviewer__full_name", "reason"]
    autocomplete_fields = ["interviewer"]
    noun = "time off"

    def booked_hits(self, data, before):
        hits = hits_for_period(data["interviewer"], data["starts_at"], data["ends_at"])
        if before is None or before.interviewer_id != data["interviewer"].pk:
            return hits
        known = {i.pk for i in hits_for_period(before.interviewer, before.starts_at, before.ends_at)}
        return [i for i in hits if i.pk not in known]

    def describe(self, data) -> str:
        interviewer = data["interviewer"]
        return f"{interviewer}, {period_label(data['starts_at'], data['ends_at'], interviewer.time_zone)}"

    def save_model(self, request, obj, form, change):
        if change:
            original = TimeOff.objects.select_related("interviewer").get(pk=obj.pk)
            _entry, proposals = time_off_change_and_propose(
                entry=original,
                interviewer=obj.interviewer,
                starts_at=obj.starts_at,
                ends_at=obj.ends_at,
                reason=obj.reason,
            )
        else:
            entry, proposals = time_off_add_and_propose(
                interviewer=obj.interviewer, starts_at=obj.starts_at, ends_at=obj.ends_at, reason=obj.reason
            )
            obj.pk = entry.pk
        self.tell_proposals(request, proposals)


class CriterionInline(admin.TabularInline):
    model = ScorecardCriterion
    extra = 0


@admin.register(InterviewRound)
class InterviewRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "posting", "stage", "order", "duration_minutes", "mode", "interviewers_needed"]
    list_filter = ["mode", "interviewers_needed"]
    search_fields = ["name", "posting__title"]
    autocomplete_fields = ["posting", "pool"]
    raw_id_fields = ["stage"]
    inlines = [CriterionInline]


@admin.register(ScorecardCriterion)
class ScorecardCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "round", "order"]
    list_filter = ["round__posting"]
    search_fields = ["name", "round__name"]


class PanelistInline(admin.TabularInline):
    model = InterviewPanelist
    extra = 0
    raw_id_fields = ["interviewer"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "ends_at", "status", "source", "sequence"]
    list_filter = ["status", "source", "starts_at"]
    search_fields = ["title", "application__candidate__full_name", "public_id"]
    raw_id_fields = ["application", "round", "created_by"]
    date_hierarchy = "starts_at"
    inlines = [PanelistInline]
    readonly_fields = ["public_id", "sequence"]


@admin.register(InterviewPanelist)
class InterviewPanelistAdmin(admin.ModelAdmin):
    list_display = ["interviewer", "interview", "busy", "active"]
    list_filter = ["active"]
    search_fields = ["interviewer__email", "interview__title"]
    raw_id_fields = ["interviewer", "interview"]


@admin.register(SchedulingLink)
class SchedulingLinkAdmin(admin.ModelAdmin):
    list_display = ["application", "round", "created_at", "expires_at", "used_at", "revoked_at"]
    list_filter = ["used_at", "expires_at"]
    search_fields = ["application__candidate__full_name", "application__candidate__email"]
    raw_id_fields = ["application", "round", "interview", "created_by", "panel"]
    readonly_fields = ["public_id"]


class RatingInline(admin.TabularInline):
    model = ScorecardRating
    extra = 0
    raw_id_fields = ["criterion"]


@admin.register(Scorecard)
class ScorecardAdmin(admin.ModelAdmin):
    list_display = [
        "interview",
        "interviewer",
        "status",
        "recommendation",
        "version",
        "edited_after_submission",
        "submitted_at",
    ]
    list_filter = ["status", "recommendation", "edited_after_submission"]
    search_fields = ["interviewer__email", "interview__title"]
    raw_id_fields = ["interview", "interviewer"]
    inlines = [RatingInline]


@admin.register(ScorecardRating)
class ScorecardRatingAdmin(admin.ModelAdmin):
    list_display = ["scorecard", "criterion", "rating"]
    list_filter = ["rating"]
    search_fields = ["criterion__name", "scorecard__interviewer__email"]
    raw_id_fields = ["scorecard", "criterion"]


@admin.register(ScorecardRevision)
class ScorecardRevisionAdmin(admin.ModelAdmin):
    list_display = ["scorecard", "version", "edited_by", "edited_at"]
    list_filter = ["edited_at"]
    search_fields = ["scorecard__interviewer__email", "scorecard__interview__title"]
    raw_id_fields = ["scorecard", "edited_by"]


@admin.register(RescheduleProposal)
class RescheduleProposalAdmin(admin.ModelAdmin):
    """Proposals made when time off or a holiday hits a booked interview (read mostly:
    recruiters accept one from their dashboard, which re-books atomically)."""

    list_display = ["interview", "absent", "cause", "status", "decided_by", "decided_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["interview__title", "absent__email", "cause"]
    raw_id_fields = ["interview", "absent", "decided_by"]
    readonly_fields = ["options", "decided_by", "decided_at"]


@admin.register(PostingInterviewSettings)
class PostingInterviewSettingsAdmin(admin.ModelAdmin):
    list_display = ["posting", "blind_cv", "redact_colleges"]
    list_filter = ["blind_cv", "redact_colleges"]
    search_fields = ["posting__title"]
    raw_id_fields = ["posting"]
