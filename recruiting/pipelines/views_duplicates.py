"""Duplicates and merging (recruiters): the suggestions list, dismissing, merging and
undoing a merge."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from recruiting.core.decorators import role_required
from recruiting.core.htmx import render_page
from recruiting.pipelines.access_candidates import (
    get_candidate_for_user,
    get_suggestion_for_user,
)
from recruiting.pipelines.models import (
    CandidateMerge,
)
from recruiting.pipelines.services import (
    MergeRefused,
    SuggestionGone,
    candidate_merge,
    candidate_merge_undo,
    duplicate_suggestion_dismiss,
    duplicate_suggestions_open,
)

# ---------------------------------------------------------------------------------------
# Duplicates and merging (recruiters)
# ---------------------------------------------------------------------------------------


@role_required("recruiter")
@require_GET
@vary_on_headers("HX-Request")
def duplicates(request):
    """Possible duplicates to decide (stored suggestions), newest first: two queries
    however many there are."""
    return render_page(request, "pipelines/duplicates.html", {"suggestions": duplicate_suggestions_open()})


@role_required("recruiter")
@require_POST
def duplicate_dismiss(request, public_id):
    """ "Not the same person": the suggestion leaves the list."""
    suggestion = get_suggestion_for_user(request.user, public_id)
    try:
        duplicate_suggestion_dismiss(suggestion=suggestion, actor=request.user)
    except SuggestionGone as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(
            request, f"{suggestion.candidate.full_name} and {suggestion.existing.full_name} are kept apart."
        )
    return redirect("pipelines:duplicates")


@role_required("recruiter")
@require_POST
def candidate_merge_view(request, public_id):
    """Merge the person named in the form (`duplicate`) into this one."""
    target = get_candidate_for_user(request.user, public_id, manage=True)
    source = get_candidate_for_user(request.user, request.POST.get("duplicate", ""), manage=True)
    try:
        candidate_merge(source=source, target=target, actor=request.user)
    except MergeRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{source.full_name} was merged into {target.full_name}. You can undo this below.")
    return redirect(target.get_absolute_url())


@role_required("recruiter")
@require_POST
def candidate_merge_undo_view(request, public_id):
    """Undo the latest merge of this (merged) person."""
    source = get_candidate_for_user(request.user, public_id, manage=True, include_merged=True)
    merge = CandidateMerge.objects.filter(source=source, undone_at__isnull=True).order_by("-created_at").first()
    if merge is None:
        raise Http404("No merge to undo")
    try:
        candidate_merge_undo(merge=merge, actor=request.user)
    except MergeRefused as exc:
        messages.error(request, str(exc))
        return redirect(source.get_absolute_url())
    messages.success(request, f"Merge undone: {source.full_name} is a separate candidate again.")
    return redirect(source.get_absolute_url())
