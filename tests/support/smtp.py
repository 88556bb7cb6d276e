"""A small SMTP server for tests, scripted to fail at one chosen step.

It speaks just enough SMTP for Django's SMTP backend (greeting, EHLO/HELO, MAIL, RCPT,
DATA, RSET, NOOP, QUIT), so the outbox is tested against the real backend and smtplib,
not a stand-in for them.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from contextlib import contextmanager
from email import message_from_bytes

# What the server does:
ACCEPT = "accept"  # takes every message
REFUSE_RECIPIENTS = "refuse_recipients"  # 550 to every RCPT: nothing is accepted
REFUSE_DATA = "refuse_data"  # 451 after the data: the server says no
DROP_AFTER_DATA = "drop_after_data"  # keeps the message, hangs up before replying
SILENT_AFTER_DATA = "silent_after_data"  # keeps the message, never replies (client times out)


class _Handler(socketserver.StreamRequestHandler):
    timeout = 10

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())
        self.wfile.flush()

    def handle(self) -> None:
        server: FakeSMTPServer = self.server.owner  # type: ignore[attr-defined]
        self.reply("220 fake.test ESMTP")
        try:
            while line := self.rfile.readline():
                command = line.decode(errors="replace").strip().upper()
                if command.startswith(("EHLO", "HELO")):
                    self.reply("250 fake.test")
                elif command.startswith("MAIL"):
                    self.reply("250 OK")
                elif command.startswith("RCPT"):
                    if server.behaviour == REFUSE_RECIPIENTS:
                        self.reply("550 5.1.1 No such user")
                    else:
                        self.reply("250 OK")
                elif command == "DATA":
                    self.reply("354 End data with <CR><LF>.<CR><LF>")
                    data = b""
                    while (chunk := self.rfile.readline()) and chunk != b".\r\n":
                        data += chunk
                    if server.behaviour == REFUSE_DATA:
                        self.reply("451 4.3.0 Try again later")
                        continue
                    server.received.append(message_from_bytes(data))
                    if server.behaviour == DROP_AFTER_DATA:
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                    if server.behaviour == SILENT_AFTER_DATA:
                        server.release.wait(10)
                        return
                    self.reply("250 OK queued")
                elif command == "QUIT":
                    self.reply("221 Bye")
                    return
                else:  # RSET, NOOP ...
                    self.reply("250 OK")
        except OSError:
            return


class FakeSMTPServer:
    def __init__(self, behaviour: str = ACCEPT):
        self.behaviour = behaviour
        self.received: list = []
        self.release = threading.Event()
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.owner = self  # type: ignore[attr-defined]
        self.port = self._server.server_address[1]

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.received]


@contextmanager
def fake_smtp_server(behaviour: str = ACCEPT):
    server = FakeSMTPServer(behaviour)
    thread = threading.Thread(target=server._server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server._server.shutdown()
        server._server.server_close()


def unused_port() -> int:
    """A local port nobody listens on (connecting to it is refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
