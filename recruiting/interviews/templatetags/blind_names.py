"""`{{ application|candidate_for:user }}`: the candidate's name, or an initial and a number
on a blind posting for anyone but its recruiters and hiring manager. Lists load
`application__posting__interview_settings` with their rows, so this costs no query; for
that it keeps the label even after the viewer's scorecard is in (the safe side: pages of
one interview use the exact rule, `blind.name_for`)."""

from __future__ import annotations

from django import template

from recruiting.interviews.blind import candidate_label
from recruiting.interviews.models import PostingInterviewSettings

register = template.Library()


@register.filter
def candidate_for(application, user) -> str:
    posting = application.posting
    try:
        blind = posting.interview_settings.blind_cv
    except PostingInterviewSettings.DoesNotExist:
        blind = False
    # Without a query: recruiters and the owner see names; a manager the posting is only
    # shared with sees the label here, the safe side.
    if not blind or user.has_role("recruiter") or posting.hiring_manager_id == user.pk:
        return application.candidate.full_name
    return candidate_label(application)
