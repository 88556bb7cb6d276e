"""Who may reach which interview objects, and the blind rule for feedback.

One helper per object type: not visible → Http404 (no existence leak), visible but the
role is too low for the action → PermissionDenied (403). Views never query these
objects any other way.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from recruiting.core.access import public_id_or_404
from recruiting.interviews.models import (
    AvailabilityWindow,
    Interview,
    InterviewRound,
    Scorecard,
    ScorecardCriterion,
    TimeOff,
)
from recruiting.pipelines.models import Application
from recruiting.postings.models import Posting


def can_manage_application(user, application: Application) -> bool:
    """Admins and recruiters manage every application; hiring managers those of the
    postings they own or that are shared with them."""
    if not user.is_authenticated:
        return False
    if user.has_role("recruiter"):
        return True
    if user.is_hiring_manager:
        return Posting.objects.manageable_by(user).filter(pk=application.posting_id).exists()
    return False


def application_for_scheduling(user, public_id) -> Application:
    """An application whose interviews `user` may plan, book and decide on.

    404 when the user cannot see it at all (another posting's manager, an interviewer not
    on its panel); 403 when they see it only as a panelist."""
    application = (
        Application.objects.visible_to(user)
        .select_related("candidate", "posting__interview_settings", "stage")
        .filter(public_id=public_id_or_404(public_id))
        .first()
    )
    if application is None:
        if is_panelist_for(user, public_id=public_id):
            raise PermissionDenied("Only the posting's managers and recruiters schedule interviews.")
        raise Http404("No such application")
    if not can_manage_application(user, application):
        raise PermissionDenied("Only the posting's managers and recruiters schedule interviews.")
    return application


def is_panelist_for(user, *, public_id=None, application: Application | None = None) -> bool:
    """True when `user` holds an active seat on an interview of the application."""
    if not user.is_authenticated:
        return False
    seats = Interview.objects.filter(panel__interviewer=user, panel__active=True)
    if application is not None:
        return seats.filter(application=application).exists()
    return seats.filter(application__public_id=public_id_or_404(public_id)).exists()


def application_for_feedback(user, public_id) -> Application:
    """An application whose feedback panel `user` may open: its managers, or a panelist
    (who then sees only what the blind rule allows)."""
    application = (
        Application.objects.select_related("candidate", "posting__interview_settings", "stage")
        .filter(public_id=public_id_or_404(public_id))
        .first()
    )
    if application is None:
        raise Http404("No such application")
    if can_manage_application(user, application) or is_panelist_for(user, application=application):
        return application
    raise Http404("No such application")


def posting_for_plan(user, public_id) -> Posting:
    """A posting whose interview plan `user` may edit (its managers, recruiters, admins)."""
    posting = Posting.objects.visible_to(user).filter(public_id=public_id_or_404(public_id)).first()
    if posting is None:
        raise Http404("No such posting")
    if not Posting.objects.manageable_by(user).filter(pk=posting.pk).exists():
        raise PermissionDenied("Only the posting's managers and recruiters edit its interview plan.")
    return posting


def round_for_plan(user, posting: Posting, round_id) -> InterviewRound:
    """A round of a posting the user already passed `posting_for_plan` for."""
    try:
        return InterviewRound.objects.get(posting=posting, pk=int(round_id))
    except (InterviewRound.DoesNotExist, ValueError, TypeError):
        raise Http404("No such round") from None


def _interview_queryset() -> QuerySet[Interview]:
    return Interview.objects.select_related(
        "application__candidate", "application__posting__interview_settings", "application__stage", "round"
    ).prefetch_related("panel__interviewer")


def interview_for_user(user, public_id) -> Interview:
    """An interview `user` may look at: a panelist (active seat) or a manager of the
    application. Everyone else gets 404."""
    interview = _interview_queryset().filter(public_id=public_id_or_404(public_id)).first()
    if interview is None:
        raise Http404("No such interview")
    if any(seat.interviewer_id == user.pk and seat.active for seat in interview.panel.all()):
        return interview
    if can_manage_application(user, interview.application):
        return interview
    raise Http404("No such interview")


def interview_for_panelist(user, public_id) -> Interview:
    """An interview on which `user` holds a seat (for their scorecard). A manager of the
    application who is not on the panel sees it but may not write a scorecard: 403."""
    interview = interview_for_user(user, public_id)
    if not any(seat.interviewer_id == user.pk for seat in interview.panel.all()):
        raise PermissionDenied("Only the interview's panel fills in scorecards.")
    return interview


def interview_for_manager(user, public_id) -> Interview:
    """An interview `user` may reschedule or cancel (managers of the application)."""
    interview = interview_for_user(user, public_id)
    if not can_manage_application(user, interview.application):
        raise PermissionDenied("Only the posting's managers and recruiters change interviews.")
    return interview


# --- The blind rule ----------------------------------------------------------------------
def can_see_feedback(user, application: Application) -> bool:
    """May `user` see other people's scorecards, recommendations and the average rating
    of `application`?

    Admins, recruiters and the posting's hiring managers: always. A panelist: only once
    every active seat they hold on this application has a submitted scorecard (so an
    interviewer who is on two rounds stays blind until both are in). Anyone else: never.
    """
    if not user.is_authenticated:
        return False
    if can_manage_application(user, application):
        return True
    submitted = Scorecard.objects.filter(interview=OuterRef("pk"), interviewer=user, status=Scorecard.Status.SUBMITTED)
    done = list(
        Interview.objects.filter(application=application, panel__interviewer=user, panel__active=True)
        .annotate(done=Exists(submitted))
        .values_list("done", flat=True)
    )
    return bool(done) and all(done)


def scorecards_visible_to(user, application: Application) -> QuerySet[Scorecard]:
    """The scorecards of `application` that `user` may read: their own (draft or not)
    always; everybody's submitted ones only when `can_see_feedback`. Drafts of others are
    private to their author."""
    base = (
        Scorecard.objects.filter(interview__application=application)
        .select_related("interviewer", "interview__round")
        .prefetch_related("ratings__criterion")
        .order_by("interview__starts_at", "interviewer__full_name", "pk")
    )
    if not user.is_authenticated:
        return base.none()
    if can_see_feedback(user, application):
        return base.filter(Q(status=Scorecard.Status.SUBMITTED) | Q(interviewer=user))
    return base.filter(interviewer=user)


def window_for_owner(user, pk) -> AvailabilityWindow:
    """One of the user's own availability windows; anybody else's is 404."""
    window = AvailabilityWindow.objects.filter(interviewer=user, pk=pk).first()
    if window is None:
        raise Http404("No such window")
    return window


def time_off_for_owner(user, pk) -> TimeOff:
    """One of the user's own time-off entries; anybody else's is 404."""
    entry = TimeOff.objects.filter(interviewer=user, pk=pk).first()
    if entry is None:
        raise Http404("No such time off")
    return entry


def criterion_for_round(interview_round: InterviewRound, pk) -> ScorecardCriterion:
    criterion = ScorecardCriterion.objects.filter(round=interview_round, pk=pk).first()
    if criterion is None:
        raise Http404("No such criterion")
    return criterion
