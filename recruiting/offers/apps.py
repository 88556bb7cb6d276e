from __future__ import annotations

from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "recruiting.offers"
    label = "offers"
    verbose_name = "Offers"

    def ready(self) -> None:
        # Dashboard panels and page slots register themselves on import.
        from recruiting.offers import dashboard, slots  # noqa: F401
