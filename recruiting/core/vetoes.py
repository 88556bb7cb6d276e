"""Rules of upper apps that lower apps must obey without importing them: a veto on
opening a document, and a mask on a candidate's name.

A lower app (pipelines serving a CV) asks `document_veto(user, document)`; an upper app
(interviews, for blind CV review) registers the rule with `@register_document_veto` from
its `AppConfig.ready()`. A veto is the reason, shown to nobody but logged; None lets the
download go ahead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

DocumentVeto = Callable[[object, object], str | None]
_DOCUMENT_VETOES: list[DocumentVeto] = []


def register_document_veto(func: DocumentVeto) -> DocumentVeto:
    if func not in _DOCUMENT_VETOES:
        _DOCUMENT_VETOES.append(func)
    return func


def document_veto(user, document) -> str | None:
    """The first registered reason `user` may not open `document`'s original, or None."""
    for veto in _DOCUMENT_VETOES:
        if (reason := veto(user, document)) is not None:
            return reason
    return None


# A lower app showing a person (the candidate page) asks `candidate_mask(user,
# applications)`; an upper app (interviews, blind CV review) may answer with the label
# under which `user` sees them ("P. #1042"), and the page then shows neither the name
# nor what carries it (contact details, the CVs' files and text).
CandidateMask = Callable[[object, Sequence[object]], str | None]
_CANDIDATE_MASKS: list[CandidateMask] = []


def register_candidate_mask(func: CandidateMask) -> CandidateMask:
    if func not in _CANDIDATE_MASKS:
        _CANDIDATE_MASKS.append(func)
    return func


def candidate_mask(user, applications: Sequence[object]) -> str | None:
    """The first registered label for the person of `applications` as `user` sees
    them, or None (their name)."""
    for mask in _CANDIDATE_MASKS:
        if (label := mask(user, applications)) is not None:
            return label
    return None
