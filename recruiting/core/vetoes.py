"""Rules of upper apps that lower apps must obey without importing them.

A lower app (pipelines serving a CV) asks `document_veto(user, document)`; an upper app
(interviews, for blind CV review) registers the rule with `@register_document_veto` from
its `AppConfig.ready()`. A veto is the reason, shown to nobody but logged; None lets the
download go ahead.
"""

from __future__ import annotations

from collections.abc import Callable

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
