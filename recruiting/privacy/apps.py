from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "recruiting.privacy"
    label = "privacy"
    verbose_name = "Data protection"
