"""Object access for candidates, merges and import batches (candidate pages).

Not visible → Http404 (no existence leak); visible but role too low → PermissionDenied.
Application and board access live in `recruiting.pipelines.access`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from recruiting.core.access import public_id_or_404
from recruiting.core.roles import MANAGER_ROLES, Role
from recruiting.pipelines.models import Application, Candidate, CandidateMerge, DuplicateSuggestion, ImportBatch
from recruiting.pipelines.models_jobs import BackgroundJob


def get_candidate_for_user(user, public_id, *, manage: bool = False, include_merged: bool = False) -> Candidate:
    """The candidate `public_id` as `user` may see them.

    Recruiters and admins see everybody; hiring managers people with an application on
    one of their postings; interviewers people they interview. `manage=True` (edits, tags,
    notes) refuses interviewers with PermissionDenied. Merged people are only reachable
    with `include_merged` (the page that says where they went, and undo)."""
    key = public_id_or_404(public_id)
    people = Candidate.objects.filter(anonymised_at__isnull=True)
    if not include_merged:
        people = people.filter(merged_into__isnull=True)
    if not (user.is_authenticated and user.has_role("recruiter")):
        people = people.filter(Exists(Application.objects.visible_to(user).filter(candidate=OuterRef("pk"))))
    candidate = people.select_related("merged_into", "created_by").filter(public_id=key).first()
    if candidate is None:
        raise Http404("No such candidate")
    if manage and not user.has_role(*MANAGER_ROLES):
        raise PermissionDenied("Your role cannot change candidates.")
    return candidate


def candidate_viewers(candidate: Candidate) -> QuerySet:
    """The users who may open `candidate`'s page, as one queryset: recruiters and admins,
    the hiring managers who own or share a posting the person applied to, and the
    interviewers with an active seat on one of their interviews.

    It is `Application.objects.visible_to` read from the candidate's side (a test holds
    the two together over the whole cast). @mentions use it twice, so they never disagree:
    to list who may be mentioned, and to decide who is told."""
    from django.contrib.auth import get_user_model

    from recruiting.postings.models import Posting

    applications = Application.objects.filter(candidate=candidate)
    postings = applications.values("posting_id")
    owners = Posting.objects.filter(pk__in=postings).values("hiring_manager_id")
    sharers = Posting.shared_with.through.objects.filter(posting_id__in=postings).values("user_id")
    # Only active seats: a cancelled interview no longer opens the application.
    panel = applications.filter(interviews__panel__active=True).values("interviews__panel__interviewer_id")
    return get_user_model().objects.filter(
        Q(is_superuser=True)
        | Q(role__in=[Role.ADMIN, Role.RECRUITER])
        | Q(role=Role.HIRING_MANAGER, pk__in=owners)
        | Q(role=Role.HIRING_MANAGER, pk__in=sharers)
        | Q(role=Role.INTERVIEWER, pk__in=panel)
    )


def can_see_candidate(user, candidate: Candidate) -> bool:
    """True when `user` may open `candidate`'s page (`candidate_viewers` as a yes/no)."""
    if not (user.is_authenticated and user.effective_role):
        return False
    if user.has_role("recruiter"):
        return True
    return candidate_viewers(candidate).filter(pk=user.pk).exists()


def get_merge_for_user(user, pk: int) -> CandidateMerge:
    """A merge record, for recruiters and admins only (they are the ones who merge)."""
    if not user.has_role("recruiter"):
        raise PermissionDenied("Only recruiters merge candidates.")
    merge = CandidateMerge.objects.select_related("source", "target").filter(pk=pk).first()
    if merge is None:
        raise Http404("No such merge")
    return merge


def get_suggestion_for_user(user, public_id) -> DuplicateSuggestion:
    """A duplicate suggestion, for recruiters and admins (they decide on duplicates)."""
    if not user.has_role("recruiter"):
        raise PermissionDenied("Only recruiters decide on duplicates.")
    key = public_id_or_404(public_id)
    suggestion = DuplicateSuggestion.objects.select_related("candidate", "existing").filter(public_id=key).first()
    if suggestion is None:
        raise Http404("No such suggestion")
    return suggestion


def get_import_batch_for_user(user, public_id) -> ImportBatch:
    """An import batch: only the recruiter who uploaded it (or an admin) may continue it."""
    key = public_id_or_404(public_id)
    batch = ImportBatch.objects.select_related("posting").filter(public_id=key).first()
    if batch is None or not (user.is_admin or batch.created_by_id == user.pk):
        raise Http404("No such import")
    return batch


def get_job_for_user(user, public_id) -> BackgroundJob:
    """A background job (import, bulk action): only who started it (or an admin) sees it."""
    key = public_id_or_404(public_id)
    job = BackgroundJob.objects.filter(public_id=key).first()
    if job is None or not (user.is_admin or job.created_by_id == user.pk):
        raise Http404("No such job")
    return job
