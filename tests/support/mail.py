"""E-mail backends the worker tests hand to a real Celery worker (by dotted path)."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class DirectoryBackend(BaseEmailBackend):
    """Writes each message to its own file in $TEST_MAIL_DIR, so a test in another
    process can count deliveries by Message-ID.

    With $TEST_MAIL_DELAY each message takes that long, like a slow mail server: it leaves
    markers (`sending-<pid>`, the latest message of this process, and one `begin-...` per
    message, both holding the Message-ID), waits half the delay, "accepts" the message
    (writes `sent-<uuid>.eml`: from here on it is delivered), and waits the other half
    before returning, as a server that is slow to confirm. A worker killed in the first
    half leaves nothing delivered; one killed in the second half leaves a delivered
    message whose success was never recorded: the window where a resend duplicates."""

    def send_messages(self, messages):
        folder = Path(os.environ["TEST_MAIL_DIR"])
        delay = float(os.environ.get("TEST_MAIL_DELAY", "0"))
        for message in messages:
            if delay:
                message_id = message.extra_headers.get("Message-ID", "")
                (folder / f"begin-{os.getpid()}-{uuid.uuid4().hex}").write_text(message_id)
                (folder / f"sending-{os.getpid()}").write_text(message_id)
                time.sleep(delay / 2)
            (folder / f"sent-{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
            if delay:
                time.sleep(delay / 2)
        return len(messages)


class BrokenBackend(BaseEmailBackend):
    """A mail server that always refuses."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server refused the connection")
