"""Object access for pipelines: one helper per object type.

Not visible → Http404 (no existence leak); visible but role too low → PermissionDenied.
Views and HTMX fragments go through these helpers, never through bare `objects.get`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from recruiting.core.access import public_id_or_404
from recruiting.core.roles import MANAGER_ROLES
from recruiting.pipelines.models import Application
from recruiting.postings.models import Posting


def get_application_for_user(user, public_id, *, manage: bool = False) -> Application:
    """The application `public_id` as `user` may see it.

    Hiring managers reach their postings' applications (owned or shared), recruiters and
    admins all of them, interviewers only those they interview. `manage=True` is for
    writes (moves, rejections, tags, notes): interviewers who can see the application get
    PermissionDenied; everybody else who cannot see it gets Http404.
    """
    key = public_id_or_404(public_id)
    application = (
        Application.objects.visible_to(user)
        .select_related("candidate", "posting", "stage", "rejection_reason")
        .filter(public_id=key)
        .first()
    )
    if application is None:
        raise Http404("No such application")
    if manage and not user.has_role(*MANAGER_ROLES):
        raise PermissionDenied("Your role cannot change applications.")
    return application


def get_posting_board_for_user(user, public_id) -> Posting:
    """The posting `public_id` whose pipeline board `user` may see and work on.

    Boards are for the posting's hiring managers (owner or shared), recruiters and
    admins. Other roles (interviewers, no role) get PermissionDenied whatever the id, so
    nothing leaks; a hiring manager of other postings gets Http404.
    """
    key = public_id_or_404(public_id)
    if not user.is_authenticated or not user.has_role(*MANAGER_ROLES):
        raise PermissionDenied("Boards are for hiring managers and recruiters.")
    posting = Posting.objects.manageable_by(user).filter(public_id=key).select_related("hiring_manager").first()
    if posting is None:
        raise Http404("No such posting")
    return posting
