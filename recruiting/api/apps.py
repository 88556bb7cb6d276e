from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "recruiting.api"
    label = "api"
    verbose_name = "API and webhooks"

    def ready(self) -> None:
        # Webhook deliveries are written by receivers of the lower apps' business signals,
        # and the public posting page shows the JSON-LD this app contributes to its slot.
        from recruiting.api import jsonld  # noqa: F401
        from recruiting.api.webhooks import receivers  # noqa: F401
