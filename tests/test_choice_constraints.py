"""Every column with choices (states, statuses, kinds) is held to its values by a
database CheckConstraint, not only by forms."""

from __future__ import annotations

from django.apps import apps
from django.db import models


def _lookups(model) -> list[tuple[str, object]]:
    """Every (field__lookup, value) in the model's check constraints."""
    found: list[tuple[str, object]] = []

    def walk(node):
        for child in getattr(node, "children", []):
            if isinstance(child, tuple):
                found.append(child)
            else:
                walk(child)

    for constraint in model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            walk(constraint.condition)
    return found


def _held_to_choices(model, field) -> bool:
    """A constraint lists every choice (`field__in`), or bounds a numeric field both ways."""
    lookups = _lookups(model)
    values = {value for value, _label in field.flatchoices}
    listed = any(key == f"{field.name}__in" and values <= set(value) for key, value in lookups)
    bounded = {f"{field.name}__gte", f"{field.name}__lte"} <= {key for key, _ in lookups}
    return listed or bounded


def _choice_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("recruiting."):
            continue
        for field in model._meta.concrete_fields:
            if field.choices and not field.is_relation:
                yield f"{model._meta.app_label}.{model.__name__}.{field.name}", model, field


def test_every_choices_column_has_a_check_constraint():
    unchecked = {label for label, model, field in _choice_fields() if not _held_to_choices(model, field)}
    assert unchecked == set()
