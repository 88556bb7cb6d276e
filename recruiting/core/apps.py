from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "recruiting.core"
    label = "core"
    verbose_name = "Core"
