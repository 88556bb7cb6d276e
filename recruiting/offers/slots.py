"""What offers contribute to pages of the apps below (core.slots): the offer box on the
interviews decision page and on each application of the candidate page. Figures only
for those who may see them (offers/access.py); nothing at all for interviewers.

The candidate page calls the slot once per application: the offers of the person are
read once per request (offers, their questions, and what the user may see of them), so
the page's query count does not grow with the number of applications.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q

from recruiting.core.slots import register_slot
from recruiting.offers.models import Offer, OfferApproval, OfferQuestion, StepKind
from recruiting.postings.models import Posting


def _visible_offers(request, candidate_id: int) -> tuple[dict[int, Offer], set[int] | None, set[int]]:
    """(offers by application id, posting ids the user manages or None for all, ids of
    offers the user approves on), read once per request and person."""
    cache = request.__dict__.setdefault("_offers_slot_cache", {})
    if candidate_id not in cache:
        user = request.user
        offers = {
            offer.application_id: offer
            for offer in Offer.objects.filter(application__candidate_id=candidate_id)
            .select_related("current")
            .prefetch_related(Prefetch("questions", queryset=OfferQuestion.objects.order_by("-asked_at")))
        }
        managed: set[int] | None = None
        if not user.has_role("recruiter"):
            managed = set(Posting.objects.manageable_by(user).values_list("pk", flat=True))
        approving: set[int] = set()
        if offers and not user.has_role("recruiter"):
            mine = Q(approver=user) | (Q(kind=StepKind.ANY_APPROVER) if user.is_offer_approver else Q(pk__in=[]))
            approving = set(
                OfferApproval.objects.filter(mine, offer__in=[o.pk for o in offers.values()]).values_list(
                    "offer_id", flat=True
                )
            )
        cache[candidate_id] = (offers, managed, approving)
    return cache[candidate_id]


def _offer_box(request, application, *, where: str):
    user = request.user
    if not user.is_authenticated or not user.effective_role or user.is_interviewer:
        return None
    offers, managed, approving = _visible_offers(request, application.candidate_id)
    offer = offers.get(application.pk)
    manages = managed is None or application.posting_id in managed
    if not manages and not (offer is not None and offer.pk in approving):
        return None
    if offer is None and application.state != "active":
        return None
    return "offers/_offer_box.html", {
        "application": application,
        "offer": offer,
        "may_prepare": user.has_role("recruiter"),
        "questions": list(offer.questions.all())[:5] if offer else [],
        "where": where,
    }


@register_slot("interviews.decision", order=50)
def decision_offer(request, *, application):
    return _offer_box(request, application, where="decision")


@register_slot("pipelines.candidate_application", order=50)
def candidate_offer(request, *, application):
    return _offer_box(request, application, where="candidate")
