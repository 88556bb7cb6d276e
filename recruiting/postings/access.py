"""Object access for postings: one helper per object type.

Not visible → Http404 (no existence leak); visible but role too low → PermissionDenied.
Views and HTMX fragments go through these helpers, never through bare `objects.get`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from recruiting.core.access import public_id_or_404
from recruiting.core.roles import MANAGER_ROLES
from recruiting.postings.models import Posting, ScreeningQuestion

# Who works on postings at all. Admins hold every role.


def require_posting_role(user) -> None:
    """Interviewers and users without a role never reach posting management."""
    if not user.is_authenticated or not user.has_role(*MANAGER_ROLES):
        raise PermissionDenied("Postings are for hiring managers and recruiters.")


def get_posting_for_user(user, public_id) -> Posting:
    """The posting `public_id` as `user` may see and edit it.

    Admins and recruiters reach every posting; a hiring manager the postings they own or
    that are shared with them (others: Http404); interviewers and role-less users get
    PermissionDenied whatever the id, so nothing about existence leaks to them either.
    """
    require_posting_role(user)
    posting = (
        Posting.objects.manageable_by(user)
        .select_related("hiring_manager", "created_by")
        .filter(public_id=public_id_or_404(public_id))
        .first()
    )
    if posting is None:
        raise Http404("No such posting")
    return posting


def get_question_for_user(user, posting_id, question_id) -> ScreeningQuestion:
    """A screening question of a posting `user` may edit (same rules as the posting)."""
    posting = get_posting_for_user(user, posting_id)
    question = posting.questions.filter(public_id=public_id_or_404(question_id)).select_related("posting").first()
    if question is None:
        raise Http404("No such question")
    question.posting = posting  # keep the already-loaded owner for templates
    return question


def can_see_pay(user, posting: Posting) -> bool:
    """Pay bands: admins and recruiters everywhere, hiring managers on the postings they
    work on, interviewers never."""
    if not user.is_authenticated:
        return False
    if user.sees_compensation:
        return True
    if user.is_hiring_manager:
        return posting.hiring_manager_id == user.pk or posting.shared_with.filter(pk=user.pk).exists()
    return False
