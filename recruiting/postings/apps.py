from django.apps import AppConfig


class PostingsConfig(AppConfig):
    name = "recruiting.postings"
    label = "postings"
    verbose_name = "Postings"

    def ready(self) -> None:
        # Registers the dashboard panels.
        from recruiting.postings import dashboard  # noqa: F401
