"""Page slots: a page of a lower app shows what the apps above it contribute.

A page names a slot (`{% slot "candidate.panels" candidate=candidate %}`) without
knowing who fills it; an app above registers a contribution in its `AppConfig.ready()`
(or a module imported from there):

    @register_slot("candidate.panels", order=30)
    def interviews_panel(request, *, candidate):
        if not can_see(request.user, candidate):
            return None
        return "interviews/_candidate_panel.html", {"interviews": ...}

A contribution returns None (nothing for this request) or a template name and its
context; the template is rendered with the request, so it checks who is asking like any
other. Contributions render in `order`, then in registration order. This keeps imports
pointing down the layers (ADR 5) the way `core.dashboard.register_panel` does for the
dashboard.
"""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

Contribution = Callable[..., tuple[str, dict] | None]
_SLOTS: dict[str, list[tuple[int, int, Contribution]]] = {}


def register_slot(name: str, order: int = 100) -> Callable[[Contribution], Contribution]:
    """Register func(request, **context) -> (template_name, context) | None for a slot."""

    def decorator(func: Contribution) -> Contribution:
        entries = _SLOTS.setdefault(name, [])
        if any(existing is func for _, _, existing in entries):
            return func  # ready() may run twice in tests; register once
        entries.append((order, len(entries), func))
        entries.sort(key=lambda entry: entry[:2])
        return func

    return decorator


def unregister_slot(name: str, func: Contribution) -> None:
    """For tests that register a contribution of their own."""
    _SLOTS[name] = [entry for entry in _SLOTS.get(name, []) if entry[2] is not func]


def slot_contributions(name: str) -> list[Contribution]:
    return [func for _, _, func in _SLOTS.get(name, [])]


def render_slot(name: str, request, **context) -> SafeString:
    """The HTML of every contribution to `name`, in order (empty when there is none)."""
    parts = []
    for func in slot_contributions(name):
        result = func(request, **context)
        if result is None:
            continue
        template_name, template_context = result
        parts.append(render_to_string(template_name, template_context, request=request))
    # Each part is a template rendered with autoescaping: safe to join as it is.
    return mark_safe("".join(parts))  # noqa: S308
