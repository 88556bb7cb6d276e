from __future__ import annotations

import logging
import os

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess

from recruiting.core.dashboard import dashboard_context
from recruiting.core.decorators import public, role_required, signed_in

logger = logging.getLogger(__name__)


@public
@require_GET
@never_cache
def healthz(request):
    """The process is alive. Nothing else is checked, so a database outage does not
    make the orchestrator restart healthy web processes."""
    return JsonResponse({"status": "ok"})


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # report, never raise: this is a probe
        return f"{type(exc).__name__}"
    return None


def _check_broker() -> str | None:
    if not settings.CELERY_BROKER_URL:
        return None  # in-process tasks: nothing to reach
    from celery import current_app

    try:
        with current_app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"{type(exc).__name__}"
    return None


@public
@require_GET
@never_cache
def readyz(request):
    """Ready to serve: the database and the broker answer."""
    problems = {name: err for name, err in (("database", _check_database()), ("broker", _check_broker())) if err}
    if problems:
        logger.warning("not ready: %s", problems)
        return JsonResponse({"status": "unavailable", "problems": problems}, status=503)
    return JsonResponse({"status": "ok", "broker": "redis" if settings.CELERY_BROKER_URL else "in-process"})


@public
@require_GET
@never_cache
def metrics(request):
    """Prometheus metrics, for a scraper holding METRICS_TOKEN (404 when none is set)."""
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404("Metrics are switched off")
    if not constant_time_compare(request.headers.get("Authorization", ""), f"Bearer {token}"):
        return HttpResponse("A valid bearer token is required.", status=401, content_type="text/plain")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)


def _registry():
    """Under gunicorn every worker counts in its own files (gunicorn.conf.py): add them
    all up, so a scrape sees the same totals whichever worker answers it."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


@role_required()
@require_GET
def dashboard(request):
    return render(request, "core/dashboard.html", dashboard_context(request.user))


@signed_in
@require_GET
def waiting(request):
    return render(request, "accounts/waiting.html")


waiting.waiting_page = True  # type: ignore[attr-defined]
# A role-less user landing on "/" gets the waiting page with 200, not a 403.
dashboard.waiting_page = True  # type: ignore[attr-defined]


@public
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico on their own; point them at the real icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
