from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "recruiting.careers"
    label = "careers"
    verbose_name = "Careers site"
