"""E-mail backends the worker tests hand to a real Celery worker (by dotted path)."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class DirectoryBackend(BaseEmailBackend):
    """Writes each message to its own file in $TEST_MAIL_DIR, so a test in another
    process can count deliveries. With $TEST_MAIL_DELAY it first leaves a "sending" marker
    and waits, giving the test time to kill the worker mid-send."""

    def send_messages(self, messages):
        folder = Path(os.environ["TEST_MAIL_DIR"])
        delay = float(os.environ.get("TEST_MAIL_DELAY", "0"))
        for message in messages:
            if delay:
                (folder / f"sending-{os.getpid()}").write_text(message.extra_headers.get("Message-ID", ""))
                time.sleep(delay)
            (folder / f"sent-{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(messages)


class BrokenBackend(BaseEmailBackend):
    """A mail server that always refuses."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server refused the connection")
