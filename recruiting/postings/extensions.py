"""Fields the apps above add to the new-posting form, and how their answers travel.

Postings knows nothing of stages: they belong to pipelines, a layer above (ADR 5). An app
above registers a field from its `AppConfig.ready()` with the template that renders it;
the create form (`PostingForm` without an instance) shows and validates it like its own,
`posting_create` passes the cleaned answers on with `posting_created` as `choices`
(`{name: value}`), and the app's receiver acts on its answer in the same transaction.
Editing a posting shows none of these: they are choices made once, at creation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms


@dataclass(frozen=True)
class CreationField:
    name: str
    field: Callable[[], forms.Field]  # a new field per form: fields hold per-form state
    template: str  # renders the bound field (`field`) inside the form


_FIELDS: dict[str, CreationField] = {}


def register_creation_field(name: str, *, field: Callable[[], forms.Field], template: str) -> None:
    """Add field `name` to the new-posting form (registering a name again replaces it)."""
    _FIELDS[name] = CreationField(name=name, field=field, template=template)


def unregister_creation_field(name: str) -> None:
    """For tests that register a field of their own."""
    _FIELDS.pop(name, None)


def creation_fields() -> list[CreationField]:
    """The registered fields, in registration order."""
    return list(_FIELDS.values())
