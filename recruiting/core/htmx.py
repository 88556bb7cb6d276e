"""One way to answer HTMX: the page's own template, or one named partial of it.

Views type their request as `HtmxHttpRequest` (django-htmx's documented pattern: the
middleware sets `request.htmx`), carry `@vary_on_headers("HX-Request")` when the answer
depends on that header, and render with `render_page`: the full page, or for an HTMX
request the partial `page.html#name` declared in the page with Django's
`{% partialdef name inline %}`, so a fragment is never a template of its own.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def render_page(
    request: HtmxHttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The full page, or only `partial` of it when HTMX asks (not for a boosted link,
    which wants the whole page)."""
    wants_partial = bool(partial) and bool(request.htmx) and not request.htmx.boosted
    name = f"{template}#{partial}" if wants_partial else template
    return render(request, name, context, status=status)
