from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "recruiting.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from recruiting.reports import dashboard  # noqa: F401  (panels register themselves on import)
