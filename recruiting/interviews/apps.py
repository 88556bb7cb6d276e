from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "recruiting.interviews"
    label = "interviews"
    verbose_name = "Interviews"

    def ready(self) -> None:
        from recruiting.core.demo import register_demo
        from recruiting.interviews import dashboard  # noqa: F401  (panels register themselves on import)

        register_demo(self.label, "recruiting.interviews.demo")

        from recruiting.core.vetoes import register_document_veto
        from recruiting.interviews.blind import document_veto

        register_document_veto(document_veto)
