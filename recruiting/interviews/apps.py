from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "recruiting.interviews"
    label = "interviews"
    verbose_name = "Interviews"

    def ready(self) -> None:
        from recruiting.core.demo import register_demo
        from recruiting.interviews import (
            dashboard,  # noqa: F401  (panels register themselves on import)
            page_slots,  # noqa: F401  (slot contributions, likewise)
        )

        register_demo(self.label, "recruiting.interviews.demo")
