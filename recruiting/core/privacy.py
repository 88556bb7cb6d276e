"""Data protection parts: each app says what it holds about a person and how to erase it.

`recruiting.privacy` (on top) exports and erases a person across every app. What an app
holds is the app's business, so each app registers a module of its own from its
`AppConfig.ready()`, the way demo data is registered (core.demo), and the privacy app
calls every registered part without importing the apps by name. A new app that stores
personal data (offer letters, say) registers its part and is covered.

A privacy module may define (all optional, keyword-only):
- `held_counts(*, subject) -> dict[str, int]`: how many rows of each kind it holds
  about the person (numbers only: the erasure's audit row keeps them);
- `export_applications(*, subject) -> dict[int, dict]`: per application id, the keys
  it adds to that application in the export;
- `erase(*, subject) -> list[tuple[str, list[int]]]`: scrub or delete what it holds,
  inside the caller's transaction; returns the (model label, ids) of rows that e-mails
  may be "related" to, so the outbox part can blank those e-mails too.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import ModuleType
from typing import Any


@dataclass(frozen=True)
class Subject:
    """The person being exported or erased: every record of their merge group."""

    candidate_ids: list[int]
    application_ids: list[int]
    emails: list[str]
    actor: Any = None
    now: datetime | None = None
    label: str = ""  # the erased name ("Erased candidate #1a2b3c")
    personal: list[str] = field(default_factory=list)  # names, addresses, numbers to redact


@dataclass(frozen=True)
class PrivacyPart:
    app_label: str
    module: str

    def load(self) -> ModuleType:
        return importlib.import_module(self.module)


_PARTS: list[PrivacyPart] = []


def register_privacy(app_label: str, module: str) -> None:
    """Register an app's privacy module (from AppConfig.ready()); twice changes nothing."""
    part = PrivacyPart(app_label, module)
    if part not in _PARTS:
        _PARTS.append(part)


def unregister_privacy(app_label: str, module: str) -> None:
    """For tests that register a part of their own."""
    part = PrivacyPart(app_label, module)
    if part in _PARTS:
        _PARTS.remove(part)


def privacy_modules() -> list[ModuleType]:
    """The registered privacy modules, bottom layer first (INSTALLED_APPS order)."""
    from django.apps import apps

    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    parts = sorted(_PARTS, key=lambda part: order.get(part.app_label, len(order)))
    return [part.load() for part in parts]


def redact(text: str, personal: Sequence[str], label: str) -> str:
    """`text` with every one of the `personal` strings (any case) replaced by `label`."""
    for value in personal:
        text = re.sub(re.escape(value), label, text, flags=re.IGNORECASE)
    return text
