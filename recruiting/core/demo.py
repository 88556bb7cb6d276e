"""Demo data for development: each app registers its part, `manage.py seed_demo` runs them.

Core knows no app above it. Apps call `register_demo` from their `AppConfig.ready()` with
the dotted path of a module of their own; the parts run in INSTALLED_APPS order, which is
the layer order (bottom up), because a part builds on what the parts below it made
(postings need users, applications need postings). The modules are imported only when
the command runs, so web and worker processes never load demo code.

A demo module has:
- `seed(*, users: dict, stdout) -> None`: creates its rows. `users` maps a cast name
  ("recruiter", "hiring_manager" ...) to a user; the part that creates the users
  (accounts) fills it for the parts above.
- optionally `seeded() -> bool`: the demo data is there already (nothing is seeded then);
- optionally `report(stdout) -> None`: prints what a person needs to use it (the logins).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class DemoPart:
    app_label: str
    module: str

    def load(self) -> ModuleType:
        return importlib.import_module(self.module)


_PARTS: list[DemoPart] = []


def register_demo(app_label: str, module: str) -> None:
    """Register one part of the demo data (from AppConfig.ready()); registering the same
    module twice changes nothing."""
    part = DemoPart(app_label, module)
    if part not in _PARTS:
        _PARTS.append(part)


def demo_modules() -> list[ModuleType]:
    """The registered demo modules, bottom layer first (INSTALLED_APPS order), then in
    the order each app registered them."""
    from django.apps import apps

    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    parts = sorted(_PARTS, key=lambda part: order.get(part.app_label, len(order)))
    return [part.load() for part in parts]
