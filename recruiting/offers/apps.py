from __future__ import annotations

from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "recruiting.offers"
    label = "offers"
    verbose_name = "Offers"

    def ready(self) -> None:
        from recruiting.core.privacy import register_privacy

        # Dashboard panels and page slots register themselves on import.
        from recruiting.offers import dashboard, slots  # noqa: F401

        register_privacy(self.label, "recruiting.offers.privacy")
