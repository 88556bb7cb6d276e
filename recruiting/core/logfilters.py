"""Logging filters for the console handler."""

from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A 4xx is the client's mistake or a refusal working as designed ("Forbidden
    (Permission denied)"): one line, not the traceback of the PermissionDenied or
    Http404 that produced it. Server errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name.startswith("django.") and isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
