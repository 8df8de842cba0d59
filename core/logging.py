"""Log formatting that cannot be used to forge log lines."""

from __future__ import annotations

import logging


class SafeFormatter(logging.Formatter):
    """Escapes CR, LF and other control characters (log injection, ASVS 16.4.1)."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return "".join(
            ch if ch.isprintable() or ch == "\t" else ch.encode("unicode_escape").decode("ascii")
            for ch in text
        )
