"""Error pages in the portal's look. The 500 page is standalone: it must render even
when the database is down."""

from __future__ import annotations

from django.http import HttpResponse
from django.template import loader


def _render(template: str, status: int, request, extra: dict | None = None) -> HttpResponse:
    body = loader.render_to_string(template, extra or {}, request=request)
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return _render("400.html", 400, request)


def permission_denied(request, exception=None):
    reason = str(exception) if exception and str(exception) else ""
    return _render("403.html", 403, request, {"reason": reason})


def page_not_found(request, exception=None):
    return _render("404.html", 404, request)


def server_error(request):
    # No request context here: the failure may be the database the context needs.
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
