from __future__ import annotations

from django.apps import AppConfig


class PipelinesConfig(AppConfig):
    name = "recruiting.pipelines"
    label = "pipelines"
    verbose_name = "Candidates and pipelines"

    def ready(self) -> None:
        # Dashboard panels register themselves on import.
        from recruiting.pipelines import dashboard  # noqa: F401
