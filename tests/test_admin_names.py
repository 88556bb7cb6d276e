"""Admin names read as English: no "Activitys", "Import batchs" or "Scorecard criterions"."""

from __future__ import annotations

import re

from django.apps import apps


def _naive_plural(singular: str) -> str:
    return f"{singular}s"


def test_every_model_has_a_real_english_plural():
    wrong = []
    for model in apps.get_models():
        if not model.__module__.startswith("recruiting."):
            continue
        singular, plural = str(model._meta.verbose_name), str(model._meta.verbose_name_plural)
        needs_care = re.search(r"(?:[^aeiou]y|ch|sh|ss|x|z|criterion|analysis|person)$", singular)
        if needs_care and plural == _naive_plural(singular):
            wrong.append(f"{model.__name__}: {plural}")
    assert wrong == []
