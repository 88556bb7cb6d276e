from __future__ import annotations

import uuid

from django.db import models


class TimeStampedModel(models.Model):
    """Creation and modification times for every domain row."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublicIdModel(TimeStampedModel):
    """A row addressed in URLs by a random UUID, never by its sequential key."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


def choices_constraint(
    field: str, choices: type[models.Choices], *, name: str, blank: bool = False
) -> models.CheckConstraint:
    """A CheckConstraint keeping a choices column to its values (and "" when `blank`), so
    the database refuses a state no code path knows, whoever writes the row."""
    values = ["", *choices.values] if blank else list(choices.values)
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": values}), name=name)


class SaneDateField(models.DateField):
    """A date people type (a closing date, a holiday): its forms, the admin's included,
    take only 1950 … ten years from today, with a clear message. Pair it with a check
    constraint on `inputs.DB_DATE_FLOOR`/`DB_DATE_CEILING` for every other path."""

    def formfield(self, **kwargs):
        from recruiting.core import inputs

        return super().formfield(**{"form_class": inputs.SaneDateField, **kwargs})
