from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "recruiting.interviews"
    label = "interviews"
    verbose_name = "Interviews"
