"""What each role sees first. Apps contribute panels through `register_panel`."""

from __future__ import annotations

from collections.abc import Callable

Panel = Callable[[object], dict | None]
_PANELS: list[tuple[int, Panel]] = []


def register_panel(order: int) -> Callable[[Panel], Panel]:
    """Register a function(user) -> {"title", "template", ...} or None (not for this user)."""

    def decorator(func: Panel) -> Panel:
        _PANELS.append((order, func))
        _PANELS.sort(key=lambda item: item[0])
        return func

    return decorator


def dashboard_context(user) -> dict:
    panels = [panel for _, func in _PANELS if (panel := func(user))]
    return {"panels": panels, "role": user.effective_role}
