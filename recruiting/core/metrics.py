"""Prometheus metrics with prometheus_client (django-prometheus caps Django below 6.1)."""

from __future__ import annotations

import time

from prometheus_client import Counter, Histogram

REQUESTS = Counter(
    "recruiting_http_requests_total", "HTTP requests by view, method and status", ["view", "method", "status"]
)
LATENCY = Histogram(
    "recruiting_http_request_duration_seconds",
    "Server time per request",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
EMAILS = Counter("recruiting_emails_total", "Notification e-mails by outcome", ["outcome"])


def _view_name(request) -> str:
    # Django has already resolved the URL for the view; don't resolve it a second time.
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unresolved>"
    return match.view_name or "<unnamed>"


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        view = _view_name(request)
        LATENCY.labels(view).observe(time.perf_counter() - started)
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        return response
