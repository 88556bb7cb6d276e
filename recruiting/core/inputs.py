"""Input no view should have to think about, checked once for the whole portal.

- `InputCheckMiddleware` refuses, with a 400 that names the field and says why, any query
  string, form body (field names, values and uploaded file names) or JSON body holding a
  character PostgreSQL or UTF-8 cannot take: a NUL, an unpaired surrogate, or bytes that
  are not UTF-8 at all. Django would otherwise turn invalid bytes into U+FFFD silently and
  let a NUL through to the database, which refuses it with an error (a 500).
- `SaneDateField` and `validate_sane_date` bound every date a person types to
  1950 … ten years from today; `sane_date_problem` says why a date is out.
- `DB_DATE_FLOOR` / `DB_DATE_CEILING` are the fixed bounds the database's check
  constraints hold, so no path (admin, import, a script) stores an absurd date.

Money has the same kind of bound in `recruiting.core.money` (`MONEY_MAX`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from urllib.parse import unquote_to_bytes

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import timezone
from django.utils.cache import patch_vary_headers

REFUSED_HEADER = "X-Input-Refused"

# What a str can hold that PostgreSQL (NUL) or UTF-8 (lone surrogates) cannot.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

DATE_FLOOR = dt.date(1950, 1, 1)
YEARS_AHEAD = 10
# The database holds a fixed, wider range (a check constraint cannot say "today", and a
# day typed in one zone starts the evening before in UTC).
DB_DATE_FLOOR = dt.date(1900, 1, 1)
DB_DATE_CEILING = dt.date(2100, 1, 1)  # exclusive
DB_INSTANT_FLOOR = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
DB_INSTANT_CEILING = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


# --- Characters ------------------------------------------------------------------------------
def text_problem(text: str) -> str | None:
    """Why `text` cannot be stored, or None when it can."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "contains a NUL character (\\0), which cannot be stored"
    return "contains an unpaired surrogate, which is not valid text"


def _label(name: str) -> str:
    shown = _UNSTORABLE.sub("\ufffd", name)[:60]
    return f"“{shown}”" if shown else "a field without a name"


def _field_problem(name: str, values: Iterable[str]) -> str | None:
    problem = text_problem(name)
    if problem:
        return f"A field name {problem}."
    for value in values:
        problem = text_problem(value)
        if problem:
            return f"The value of {_label(name)} {problem}."
    return None


def encoded_problem(raw: bytes) -> str | None:
    """Why an `application/x-www-form-urlencoded` string (a query string or a form
    body) is refused: a key or value that is not UTF-8 once percent-decoded, or that
    holds a NUL. Django would quietly replace the bad bytes; we say so instead."""
    for pair in raw.split(b"&"):
        if not pair:
            continue
        key, _, value = pair.partition(b"=")
        try:
            name = unquote_to_bytes(key.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return "A field name is not valid UTF-8 text (bytes such as an unpaired surrogate)."
        try:
            text = unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return f"The value of {_label(name)} is not valid UTF-8 text (bytes such as an unpaired surrogate)."
        problem = _field_problem(name, [text])
        if problem:
            return problem
    return None


def _json_strings(value, depth: int = 0):
    if depth > 64:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _json_strings(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item, depth + 1)


def json_problem(raw: bytes) -> str | None:
    """Why a JSON body is refused: not UTF-8, or a string holding a NUL or an unpaired
    surrogate (both can be written as \\u escapes). Malformed JSON is the view's to judge."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "The body is not valid UTF-8 text."
    try:
        data = json.loads(text)
    except ValueError:
        return None
    for string in _json_strings(data):
        problem = text_problem(string)
        if problem:
            return f"A value in the body {problem}."
    return None


def request_problem(request: HttpRequest, *, body: bool = True) -> str | None:
    """Why the request's input is refused, or None. Reads the body only when `body` is
    true; a view that parses its own body (with its own upload handlers) calls this
    after parsing it."""
    query = request.META.get("QUERY_STRING", "")
    if query:
        problem = encoded_problem(query.encode("iso-8859-1", "replace"))  # WSGI hands over bytes as latin-1
        if problem:
            return problem
    if not body or request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
        return None
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        return encoded_problem(request.body)
    if content_type == "multipart/form-data":
        for name in request.POST:
            problem = _field_problem(name, request.POST.getlist(name))
            if problem:
                return problem
        for name in request.FILES:
            problem = _field_problem(name, [upload.name or "" for upload in request.FILES.getlist(name)])
            if problem:
                return problem.replace("The value of", "The file name of", 1)
        return None
    if content_type == "application/json" or content_type.endswith("+json"):
        return json_problem(request.body)
    return None


def refused(request: HttpRequest, reason: str) -> HttpResponse:
    """The 400 answer: the error page, or for an HTMX request a message the page shows
    in its message area (app.js lets htmx swap it although it is a 400)."""
    if request.headers.get("HX-Request") == "true":
        body = loader.render_to_string("components/_refused.html", {"reason": reason}, request=request)
        response = HttpResponse(body, status=400)
        response["HX-Retarget"] = "#messages"
        response["HX-Reswap"] = "beforeend"
    else:
        body = loader.render_to_string("400.html", {"reason": reason}, request=request)
        response = HttpResponse(body, status=400)
    response[REFUSED_HEADER] = "1"
    patch_vary_headers(response, ["HX-Request"])
    return response


class InputCheckMiddleware:
    """Refuses unstorable input before any view reads it (see the module docstring).

    Runs in `process_view`, after CsrfViewMiddleware has parsed the body. Views exempt
    from CSRF parse their body themselves (the apply view installs a size-limiting upload
    handler first), so here only their query string is checked and they call
    `request_problem` once they have read the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "checks_own_input", False):
            return None  # the API calls request_problem itself and answers in its own format
        parses_own_body = getattr(view_func, "csrf_exempt", False)
        problem = request_problem(request, body=not parses_own_body)
        return refused(request, problem) if problem else None


# --- Dates -----------------------------------------------------------------------------------------
def latest_date(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def sane_date_problem(value: dt.date) -> str | None:
    """Why a typed date is out of range (before 1950 or more than ten years ahead)."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    latest = latest_date()
    if value < DATE_FLOOR or value > latest:
        return f"Enter a date between {DATE_FLOOR:%d %b %Y} and {latest:%d %b %Y}."
    return None


def validate_sane_date(value: dt.date) -> None:
    problem = sane_date_problem(value)
    if problem:
        raise ValidationError(problem, code="date_out_of_range")


class SaneDateField(forms.DateField):
    """A date typed by a person: 1950 up to ten years from today, with a clear message;
    "2026-02-30" gets "Enter a valid date" as before."""

    default_validators = [validate_sane_date]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", "") == "date":
            attrs.update(min=DATE_FLOOR.isoformat(), max=latest_date().isoformat())
        return attrs


def parse_sane_date(text: str) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) inside the sane range, or None."""
    try:
        value = dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return None if sane_date_problem(value) else value
