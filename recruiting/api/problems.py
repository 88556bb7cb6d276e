"""Errors as RFC 9457 problem details (`application/problem+json`), never a 500 page.

Every refusal the API makes is a `Problem`: a type, a title, the status, a sentence for
the person reading it and, for bad input, one entry per field. Domain errors from the
services (MoveRefused, StaleMove ...) are turned into problems where they are caught.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

PROBLEM_CONTENT_TYPE = "application/problem+json"
logger = logging.getLogger("recruiting.api")

TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Invalid input",
    428: "Precondition required",
    429: "Too many requests",
    500: "Internal error",
}


class FieldError(Schema):
    field: str
    message: str


class ProblemOut(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str = ""
    errors: list[FieldError] = []


class Problem(Exception):
    """Raised anywhere in an API view to answer with a problem."""

    def __init__(
        self,
        status: int,
        detail: str = "",
        *,
        kind: str = "",
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ):
        self.status = status
        self.detail = detail
        self.kind = kind
        self.errors = errors or []
        self.headers = headers or {}
        super().__init__(detail or TITLES.get(status, ""))


def problem_response(
    status: int,
    detail: str = "",
    *,
    kind: str = "",
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        # A type URI per kind of problem; plain HTTP statuses are "about:blank" (RFC 9457 §4.2.1).
        "type": f"urn:recruiting:problem:{kind}" if kind else "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "errors": errors or [],
    }
    response = HttpResponse(json.dumps(body, cls=DjangoJSONEncoder), status=status, content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field_name(loc: Any) -> str:
    parts = [str(part) for part in (loc if isinstance(loc, list | tuple) else [loc])]
    # ninja puts the source first ("body", "query", "path"); "body.payload" carries no meaning.
    if len(parts) > 1 and parts[0] in ("body", "query", "path", "form", "file", "header"):
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in ("payload", "data", "filters"):
        parts = parts[1:]
    return ".".join(parts)


def validation_errors(exc: ValidationError) -> list[dict[str, str]]:
    return [{"field": _field_name(error.get("loc", ())), "message": str(error.get("msg", ""))} for error in exc.errors]


def form_errors(form) -> list[dict[str, str]]:
    """A Django form's errors as problem field errors (`__all__` as the empty field)."""
    return [
        {"field": "" if name == "__all__" else name, "message": str(message)}
        for name, messages in form.errors.items()
        for message in messages
    ]


def install(api) -> None:
    """Map every exception the API can meet to a problem."""

    @api.exception_handler(Problem)
    def _problem(request, exc: Problem):
        return problem_response(exc.status, exc.detail, kind=exc.kind, errors=exc.errors, headers=exc.headers)

    @api.exception_handler(ValidationError)
    def _invalid(request, exc: ValidationError):
        return problem_response(422, "Some fields are not valid.", kind="invalid-input", errors=validation_errors(exc))

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return problem_response(
            401,
            "Send a valid API token as `Authorization: Bearer <token>`, or sign in.",
            kind="not-authenticated",
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )

    @api.exception_handler(HttpError)
    def _http(request, exc: HttpError):
        return problem_response(exc.status_code, str(exc))

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return problem_response(404, "No such object, or not one you may see.", kind="not-found")

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return problem_response(403, str(exc) or "Not allowed.", kind="forbidden")

    @api.exception_handler(RequestDataTooBig)
    def _too_large(request, exc):
        return problem_response(413, "The body is too large.", kind="too-large")

    @api.exception_handler(MultiPartParserError)
    def _unreadable(request, exc):
        return problem_response(400, f"The body cannot be read: {exc}", kind="unreadable-body")

    @api.exception_handler(Exception)
    def _unexpected(request, exc):
        logger.exception("API error", exc_info=exc)
        return problem_response(500, "Something went wrong on our side; it has been logged.")


def problem_responses(*statuses: int) -> dict[int, type[ProblemOut]]:
    """The problems an operation may answer with, for its OpenAPI responses. Every
    operation may meet 400 (unstorable input), 401, 403 (scope), 422 and 429."""
    return {status: ProblemOut for status in sorted({400, 401, 403, 422, 429, *statuses})}
