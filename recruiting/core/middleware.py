"""Request ids: every request and every log line it writes carries one id."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    """Take the proxy's X-Request-ID when it is sane, else make one; echo it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        request.request_id = request_id
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # A record that names its request already (gunicorn's access line) keeps it.
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


class HealthCheckMiddleware:
    """Answer /healthz and /readyz before any middleware reads the Host header.

    The kubelet and load balancers probe with `Host: <pod IP>:8000`, which ALLOWED_HOSTS
    rightly refuses everywhere else (CommonMiddleware, CSRF and the HTTPS redirect all
    call `request.get_host()`). Exactly these two views are exempt: any other path goes
    down the normal chain.
    """

    VIEWS = ("healthz", "readyz")

    def __init__(self, get_response):
        self.get_response = get_response
        self._paths: dict[str, str] | None = None

    def __call__(self, request):
        if self._paths is None:
            from django.urls import reverse

            self._paths = {reverse(name): name for name in self.VIEWS}
        if request.path in self._paths:
            from django.urls import resolve

            match = resolve(request.path_info)
            request.resolver_match = match  # for the metrics label
            return match.func(request, *match.args, **match.kwargs)
        return self.get_response(request)
