"""A webhook receiver on 127.0.0.1 for tests: verifies Standard Webhooks signatures with
the `standardwebhooks` package, answers with the status codes it is told to (500 first,
then 204, say), and remembers what it accepted."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


@dataclass
class Receiver:
    secret: str
    answers: list[int] = field(default_factory=list)  # status codes to give, in order; then 204
    accepted: list[dict] = field(default_factory=list)  # verified bodies answered with 2xx
    seen: list[dict] = field(default_factory=list)  # every request: headers, verified, status
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def handle(self, headers: dict[str, str], body: bytes) -> int:
        try:
            payload = Webhook(self.secret).verify(body, headers)
            verified = True
        except WebhookVerificationError:
            payload, verified = None, False
        with self.lock:
            status = self.answers.pop(0) if self.answers else 204
            if not verified:
                status = 401
            self.seen.append({"headers": headers, "verified": verified, "status": status})
            if 200 <= status < 300:
                self.accepted.append({"id": headers.get("webhook-id"), "payload": payload})
        return status


def serve(secret: str) -> Iterator[Receiver]:
    receiver = Receiver(secret=secret)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server API
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status = receiver.handle({k.lower(): v for k, v in self.headers.items()}, body)
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


def payloads(receiver: Receiver, event: str) -> list[dict]:
    return [item["payload"] for item in receiver.accepted if item["payload"]["type"] == event]


__all__ = ["Receiver", "json", "payloads", "serve"]
