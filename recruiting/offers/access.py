"""Who may see and touch offers. Offer figures are seen by recruiters, admins, the
posting's hiring managers and the approvers on that offer; never by interviewers.

One helper per object: not visible → Http404 (no existence leak); visible but the role is
too low for the action → PermissionDenied (403).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from recruiting.core.access import public_id_or_404
from recruiting.offers.models import Offer, OfferApproval, StepKind
from recruiting.pipelines.models import Application
from recruiting.postings.models import Posting


def _insider(user) -> bool:
    return user.is_authenticated and bool(user.effective_role) and not user.is_interviewer


def manages_posting(user, posting_id: int) -> bool:
    """Recruiters and admins for every posting; hiring managers for their own or shared."""
    if not _insider(user):
        return False
    if user.has_role("recruiter"):
        return True
    return user.is_hiring_manager and Posting.objects.manageable_by(user).filter(pk=posting_id).exists()


def is_approver_on(user, offer: Offer) -> bool:
    """Named on a step of this offer, or an offer approver where the chain has an
    "any offer approver" step."""
    if not _insider(user):
        return False
    mine = Q(approver=user)
    if user.is_offer_approver:
        mine |= Q(kind=StepKind.ANY_APPROVER)
    return OfferApproval.objects.filter(mine, offer=offer).exists()


def can_see_offer(user, offer: Offer) -> bool:
    return manages_posting(user, offer.application.posting_id) or is_approver_on(user, offer)


def offers_visible_to(user) -> QuerySet[Offer]:
    """`can_see_offer` for many offers in one query (the API's list): every offer for
    recruiters and admins; for others, the offers of the postings they manage and those
    they are an approver on. Nothing for interviewers or users without a role."""
    if not _insider(user):
        return Offer.objects.none()
    if user.has_role("recruiter"):
        return Offer.objects.all()
    mine = Q(approver=user)
    if user.is_offer_approver:
        mine |= Q(kind=StepKind.ANY_APPROVER)
    visible = Exists(OfferApproval.objects.filter(mine, offer=OuterRef("pk")))
    if user.is_hiring_manager:
        visible = visible | Q(application__posting__in=Posting.objects.manageable_by(user).values("pk"))
    return Offer.objects.filter(visible)


def offer_for_viewer(user, public_id) -> Offer:
    offer = (
        Offer.objects.select_related(
            "application__candidate", "application__posting__hiring_manager", "application__stage", "current"
        )
        .filter(public_id=public_id_or_404(public_id))
        .first()
    )
    if offer is None or not can_see_offer(user, offer):
        raise Http404("No such offer")
    return offer


def offer_for_manager(user, public_id) -> Offer:
    """An offer `user` may send or withdraw: the posting's managers (approvers only
    approve: 403)."""
    offer = offer_for_viewer(user, public_id)
    if not manages_posting(user, offer.application.posting_id):
        raise PermissionDenied("Only the posting's recruiters and hiring managers send or withdraw offers.")
    return offer


def application_for_offer(user, public_id) -> Application:
    """An application whose offer `user` may prepare or revise: recruiters and admins."""
    application = (
        Application.objects.visible_to(user)
        .select_related("candidate", "posting", "stage")
        .filter(public_id=public_id_or_404(public_id))
        .first()
    )
    if application is None:
        raise Http404("No such application")
    if not user.has_role("recruiter"):
        raise PermissionDenied("Recruiters prepare offers.")
    return application


def posting_for_fill(user, public_id) -> Posting:
    posting = Posting.objects.manageable_by(user).filter(public_id=public_id_or_404(public_id)).first()
    if posting is None:
        raise Http404("No such posting")
    return posting
