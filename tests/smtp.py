"""A real SMTP server on loopback for the mail tests (aiosmtpd), and what it received.

Django's in-memory outbox shows what the code handed to Django; this shows
what reached a mail server over SMTP: the envelope recipients, the headers
Django wrote (``Date``, ``Message-ID``) and the MIME structure, parsed back
with the standard library's ``email`` package as a mail program would.

Use the ``smtp_server`` fixture (import it into the test module): it starts
the server on 127.0.0.1 on a free port and points Django's SMTP backend at it
for the test.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import re
import socket
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from html.parser import HTMLParser
from typing import Any

import pytest
from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Received:
    """One message as the server got it: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


class _Collect:
    """aiosmtpd handler: keep every message, accept it."""

    def __init__(self) -> None:
        self.messages: list[Received] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        with self._lock:
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


class SMTPServer:
    """The running server: ``messages`` holds what it has received, oldest first."""

    def __init__(self, controller: Controller, handler: _Collect) -> None:
        self.host = controller.hostname
        self.port = controller.port
        self._handler = handler

    @property
    def messages(self) -> list[Received]:
        return list(self._handler.messages)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(handler: _Collect) -> Controller:
    # aiosmtpd needs a known port (it connects to it to start), so ask the
    # kernel for a free one; another process may take it in between: retry.
    for _attempt in range(5):
        controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
        try:
            controller.start()
        except (OSError, RuntimeError):
            continue
        return controller
    raise RuntimeError("no free port for the test SMTP server")


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SMTPServer]:
    """A real SMTP server on 127.0.0.1, with Django's SMTP backend pointed at it."""
    # aiosmtpd logs each SMTP command at INFO, addresses included: the test
    # log (which the marker scan reads) needs none of it.
    server_log = logging.getLogger("mail.log")
    level = server_log.level
    server_log.setLevel(logging.WARNING)
    handler = _Collect()
    controller = _start(handler)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = controller.hostname
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    try:
        yield SMTPServer(controller, handler)
    finally:
        controller.stop()
        server_log.setLevel(level)


# --- reading a notice -------------------------------------------------------------------

_URL_RE = re.compile(r"https?://[^\s<>\"']+")
_MESSAGE_ID_RE = re.compile(r"^<[^<>@\s]+@[^<>@\s]+>$")


class _VisibleText(HTMLParser):
    """The words a reader sees in the HTML body (the <title> aside) and the links' targets."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.hrefs: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_title = self._in_title or tag == "title"
        self.hrefs += [value or "" for name, value in attrs if tag == "a" and name == "href"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if not self._in_title:
            self.words += data.split()


@dataclass(frozen=True)
class Notice:
    subject: str
    text: str
    html: str


def read_notice(
    received: Received, *, to: list[str], link: str, absent: Iterable[str] = ()
) -> Notice:
    """Check one received notice and return its parts.

    What every notice must be: sent to exactly ``to`` (envelope and header),
    from DEFAULT_FROM_EMAIL, with a ``Date`` with a time zone and a
    well-formed ``Message-ID``; multipart/alternative with a plain-text and
    an HTML part carrying the same words; ``link`` the only URL in either;
    none of ``absent`` anywhere in the subject, the headers (To aside:
    the recipient's own address) or the bodies.
    """
    from django.conf import settings
    from django.utils import timezone

    message = received.message
    assert sorted(received.rcpt_tos) == sorted(to)
    assert sorted(a.addr_spec for a in message["To"].addresses) == sorted(to)
    assert message["From"].addresses[0].addr_spec == settings.DEFAULT_FROM_EMAIL
    assert received.mail_from == settings.DEFAULT_FROM_EMAIL
    # Oslo time with its offset: "-0000" (Django's default) means "offset
    # unknown" in RFC 5322, so the date parses without a time zone.
    sent_at = message["Date"].datetime
    assert sent_at.utcoffset() in {dt.timedelta(hours=1), dt.timedelta(hours=2)}, message["Date"]
    assert abs(sent_at - timezone.now()) < dt.timedelta(minutes=5)
    assert _MESSAGE_ID_RE.match(str(message["Message-ID"])), message["Message-ID"]

    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    text, html = (str(p.get_content()) for p in parts)

    assert _URL_RE.findall(text) == [link]
    visible = _VisibleText()
    visible.feed(html)
    assert visible.hrefs == [link]
    assert visible.words == text.split(), "the HTML part says something else than the text"

    subject = str(message["Subject"])
    # The recipient's own address (To) may well hold their name; nothing else may.
    headers = "\n".join(f"{k}: {v}" for k, v in message.items() if k.lower() != "to")
    everything = "\n".join((subject, headers, text, html)).casefold()
    for value in absent:
        assert value.casefold() not in everything, f"{value!r} in a notice"
    return Notice(subject=subject, text=text, html=html)
