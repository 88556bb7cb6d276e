"""Console logging: a refused request is one line, a server error keeps its traceback."""

from __future__ import annotations

import logging
import sys

from recruiting.core.logfilters import ClientErrorsWithoutTraceback


def _record(status: int, name: str = "django.request") -> logging.LogRecord:
    try:
        raise PermissionError("no")
    except PermissionError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(name, logging.WARNING, __file__, 1, "Forbidden (Permission denied): /x", (), exc_info)
    record.status_code = status
    return record


def test_a_403_or_404_is_logged_without_its_traceback():
    for status in (403, 404):
        record = _record(status)
        assert ClientErrorsWithoutTraceback().filter(record) is True
        assert record.exc_info is None
        assert "Traceback" not in logging.Formatter().format(record)


def test_a_server_error_keeps_its_traceback():
    record = _record(500)
    ClientErrorsWithoutTraceback().filter(record)
    assert "Traceback" in logging.Formatter().format(record)


def test_the_console_handler_uses_the_filter(settings):
    assert "client_errors" in settings.LOGGING["handlers"]["console"]["filters"]
