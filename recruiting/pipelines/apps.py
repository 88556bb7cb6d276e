from django.apps import AppConfig


class PipelinesConfig(AppConfig):
    name = "recruiting.pipelines"
    label = "pipelines"
    verbose_name = "Candidates and pipelines"
