"""The recruiter's one-click choice on an interview hit by time off or a holiday:
re-book at a proposed time, let the candidate pick one of them, or dismiss."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from recruiting.core.access import public_id_or_404
from recruiting.core.decorators import role_required
from recruiting.core.htmx import HtmxHttpRequest
from recruiting.core.roles import MANAGER_ROLES
from recruiting.interviews import access, leave, services
from recruiting.interviews.forms import ProposalForm
from recruiting.interviews.models import RescheduleProposal


def _proposal_for_manager(user, public_id) -> RescheduleProposal:
    """A proposal about an interview `user` may change; 404 otherwise (as the interview)."""
    proposal = RescheduleProposal.objects.filter(public_id=public_id_or_404(public_id)).first()
    if proposal is None:
        raise Http404("No such proposal")
    access.interview_for_manager(user, proposal.interview.public_id)
    return proposal


@role_required(*MANAGER_ROLES)
@require_POST
def proposal_decide(request: HtmxHttpRequest, public_id) -> HttpResponse:
    proposal = _proposal_for_manager(request.user, public_id)
    form = ProposalForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the proposed times.")
        return redirect("dashboard")
    action = form.cleaned_data["action"]
    try:
        if action == "accept":
            interview = leave.reschedule_proposal_accept(
                proposal=proposal, option=form.cleaned_data["option"] or 0, actor=request.user
            )
            messages.success(request, "Interview moved. Updated invitations are on their way.")
            return redirect("interviews:detail", public_id=interview.public_id)
        if action == "link":
            leave.reschedule_proposal_send_link(proposal=proposal, actor=request.user)
            messages.success(request, "The candidate gets a link offering the proposed times.")
        else:
            leave.reschedule_proposal_dismiss(proposal=proposal, actor=request.user)
            messages.success(request, "Proposal dismissed.")
    except services.SchedulingError as exc:
        # Taken meanwhile (SlotTaken) or decided in another tab (ProposalClosed).
        messages.error(request, str(exc))
    return redirect("dashboard")
