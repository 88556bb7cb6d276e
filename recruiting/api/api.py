"""The NinjaAPI instance: version 1 of the portal's API, its routers and its errors."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from recruiting.api import problems
from recruiting.api.endpoints import applications, candidates, interviews, offers, postings

API_PREFIX = "/api/v1/"


class PortalAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None):
        schema = super().get_openapi_schema(path_prefix=API_PREFIX if path_prefix is None else path_prefix)
        _problems_as_problem_json(schema)
        schema.setdefault("components", {}).setdefault("securitySchemes", {})["SessionCookie"] = {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "A signed-in browser session; unsafe methods also need X-CSRFToken.",
        }
        return schema


def _problems_as_problem_json(schema: dict) -> None:
    """Error responses are RFC 9457 documents: say so in the schema (ninja writes
    application/json for every response)."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if int(status) >= 400 and "application/json" in content:
                    response["content"] = {problems.PROBLEM_CONTENT_TYPE: content["application/json"]}


api = PortalAPI(
    title="Recruiting portal API",
    version="1",
    description=(
        "Postings, applications, candidates, interviews and offers for job boards, agencies and the HR system. "
        "Authenticate with `Authorization: Bearer <token>` (tokens are made by admins, with scopes), or "
        "with a signed-in session. Errors are RFC 9457 `application/problem+json`. Writes to an application "
        "need `If-Match` with its ETag. Offers and every pay figure need the `offers:read` scope."
    ),
    urls_namespace="api",
    renderer=JSONRenderer(),
    openapi_url=None,  # served by our own public views (recruiting/api/views.py)
    docs_url=None,
)
problems.install(api)
api.add_router("/postings/", postings.router)
api.add_router("/applications/", applications.router)
api.add_router("/rejection-reasons/", applications.reasons_router)
api.add_router("/candidates/", candidates.router)
api.add_router("/interviews/", interviews.router)
api.add_router("/offers/", offers.router)
