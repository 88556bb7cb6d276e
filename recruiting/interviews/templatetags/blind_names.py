"""`{{ application|candidate_for:user }}`: the candidate's name, or an initial and a number
on a blind posting for anyone but its recruiters and hiring manager. Lists load
`application__posting__interview_settings` with their rows, so this costs no query; for
that it keeps the label even after the viewer's scorecard is in (the safe side: pages of
one interview use the exact rule, `blind.name_for`)."""

from __future__ import annotations

from django import template

from recruiting.interviews.blind import list_name_for

register = template.Library()


@register.filter
def candidate_for(application, user) -> str:
    return list_name_for(user, application)
