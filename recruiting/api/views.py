"""The API's own pages: an index, the OpenAPI schema, the reference page (Swagger UI,
vendored by django-ninja, started by our static script: no inline script, no CDN), and
the problem+json 404 for unknown API paths."""

from __future__ import annotations

import json

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from recruiting.api.api import api
from recruiting.api.problems import problem_response
from recruiting.core.decorators import public


@public
@require_GET
def index(request):
    """Where the schema and the reference are (JSON, for programs finding their way)."""
    return JsonResponse(
        {
            "version": "1",
            "schema": request.build_absolute_uri(reverse("api:schema")),
            "reference": request.build_absolute_uri(reverse("api:reference")),
            "feeds": {
                "json": request.build_absolute_uri(reverse("api:feed_json")),
                "rss": request.build_absolute_uri(reverse("api:feed_rss")),
            },
        }
    )


@public
@require_GET
def schema(request):
    """The OpenAPI 3 document (describes the API; holds no data)."""
    return HttpResponse(
        json.dumps(api.get_openapi_schema(), default=str), content_type="application/vnd.oai.openapi+json"
    )


@public
@require_GET
def reference(request):
    """The browsable reference: Swagger UI reading /api/v1/schema/."""
    return render(request, "api/reference.html", {"schema_url": reverse("api:schema")})


@public
@csrf_exempt  # answers every method the same way, and changes nothing
def not_found(request, *args, **kwargs):
    return problem_response(404, "There is no such API resource.", kind="not-found")


not_found.checks_own_input = True  # type: ignore[attr-defined]  # a problem+json 404 whatever the input
