"""The base layer: abstract models, roles and access decorators, the HTMX request type and
page rendering, health and metrics, registries that apps above fill (dashboard panels,
page slots, demo data, data-protection parts), working days, money and contact helpers.
Owns no tables; imports no app."""
