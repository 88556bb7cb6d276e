"""gunicorn's access log as structured records (see gunicorn.conf.py for the JSON format).

The request id comes from the response's X-Request-ID, which RequestIdMiddleware sets, so
one id ties gunicorn's line to every line Django wrote for the request. Query strings are
left out: they carry what people searched for (candidate names).
"""

from __future__ import annotations

import traceback

from gunicorn import glogging


class JsonLogger(glogging.Logger):
    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        try:
            headers = {name.lower(): value for name, value in resp.headers}
            status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
            method = environ.get("REQUEST_METHOD", "-")
            path = environ.get("PATH_INFO", "-")
            self.access_log.info(
                "%s %s %s",
                method,
                path,
                status,
                extra={
                    "request_id": headers.get("x-request-id", "-"),
                    "method": method,
                    "path": path,
                    "status": int(status),
                    "bytes": getattr(resp, "sent", None),
                    "duration_ms": round(request_time.total_seconds() * 1000, 2),
                    "remote_addr": environ.get("REMOTE_ADDR", "-"),
                    "user_agent": environ.get("HTTP_USER_AGENT", "-"),
                },
            )
        except Exception:
            self.error(traceback.format_exc())
