from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "recruiting.interviews"
    label = "interviews"
    verbose_name = "Interviews"

    def ready(self) -> None:
        from recruiting.core.demo import register_demo
        from recruiting.core.privacy import register_privacy
        from recruiting.interviews import candidate_panel, dashboard, page_slots  # noqa: F401  (they register on import)

        register_demo(self.label, "recruiting.interviews.demo")
        register_privacy(self.label, "recruiting.interviews.privacy")

        from recruiting.core.vetoes import register_candidate_mask, register_document_veto
        from recruiting.interviews.blind import candidate_mask, document_veto

        register_document_veto(document_veto)
        register_candidate_mask(candidate_mask)
