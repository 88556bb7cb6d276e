"""The base layer: abstract models, roles and access decorators, the HTMX request type and
page rendering, health and metrics, registries (dashboard panels, demo data), working
days, money and contact helpers. Owns no tables; imports no app."""
