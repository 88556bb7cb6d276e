from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "recruiting.interviews"
    label = "interviews"
    verbose_name = "Interviews"

    def ready(self) -> None:
        # Dashboard panels register themselves on import.
        from recruiting.interviews import dashboard  # noqa: F401
