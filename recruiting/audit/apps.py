from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "recruiting.audit"
    label = "audit"
    verbose_name = "Audit log"
