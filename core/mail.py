"""Notices by e-mail (varsler på e-post): plain text plus the same words as HTML.

Every mail Botilbud sends is a short notice with a link to a page behind the
sign-in, never case content (SECURITY.md: no personal data in e-mails). The
callers write the plain text; this module adds an HTML alternative rendered
from ``core/email/notice.html`` with the same paragraphs, escaped, the link
made clickable, so mail programs that prefer HTML show the same words and
nothing more. Django adds the ``Date`` and ``Message-ID`` headers.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs: blocks separated by a blank line, without empty ones."""
    return [block.strip("\n") for block in text.split("\n\n") if block.strip()]


def notice_html(*, subject: str, text: str) -> str:
    """The HTML alternative of ``text``: each paragraph escaped, links clickable."""
    return render_to_string(
        "core/email/notice.html", {"subject": subject, "paragraphs": paragraphs(text)}
    )


def send_notice(
    *, subject: str, text: str, recipients: Sequence[str], from_email: str | None = None
) -> int:
    """Send one notice to ``recipients`` as multipart/alternative; the number sent (0 or 1).

    ``from_email`` None means ``DEFAULT_FROM_EMAIL``. Errors of the mail
    server are raised: the callers decide whether a lost mail matters.
    """
    message = EmailMultiAlternatives(subject, text, from_email, list(recipients))
    message.attach_alternative(notice_html(subject=subject, text=text), "text/html")
    return message.send()
