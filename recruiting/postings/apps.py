from django.apps import AppConfig


class PostingsConfig(AppConfig):
    name = "recruiting.postings"
    label = "postings"
    verbose_name = "Postings"

    def ready(self) -> None:
        from recruiting.core.demo import register_demo
        from recruiting.postings import dashboard  # noqa: F401  (panels register themselves on import)

        register_demo(self.label, "recruiting.postings.demo")
