from __future__ import annotations

from django.apps import AppConfig


class PipelinesConfig(AppConfig):
    name = "recruiting.pipelines"
    label = "pipelines"
    verbose_name = "Candidates and pipelines"

    def ready(self) -> None:
        from recruiting.core.demo import register_demo
        from recruiting.pipelines import (
            dashboard,  # noqa: F401  (panels register themselves on import)
            hooks,
        )

        register_demo(self.label, "recruiting.pipelines.demo_templates")
        register_demo(self.label, "recruiting.pipelines.demo_applications")
        register_demo(self.label, "recruiting.pipelines.demo")
        hooks.connect()
