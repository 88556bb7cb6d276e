"""The REST API v1 (on top, django-ninja): scoped tokens, endpoints over the apps below,
webhooks with their deliveries and attempts, job-board feeds. Owns the api_* tables."""
