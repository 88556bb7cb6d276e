from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "recruiting.notifications"
    label = "notifications"
    verbose_name = "Notifications"
