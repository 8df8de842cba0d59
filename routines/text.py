"""A routine's text as safe HTML: paragraphs, line breaks and bullet lists, nothing else.

No Markdown library is in the project, and a routine needs little more than
paragraphs and lists. Everything the user wrote is escaped first; only the
structure (blank line = new paragraph, lines starting with "- " or "* " = a
list) becomes markup, so no HTML a user types can reach the page.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_BULLET = re.compile(r"^\s*[-*]\s+")


def _block(lines: list[str]) -> str:
    if all(_BULLET.match(line) for line in lines):
        items = "".join(f"<li>{escape(_BULLET.sub('', line))}</li>" for line in lines)
        return f'<ul class="ds-list">{items}</ul>'
    return '<p class="ds-paragraph">' + "<br>".join(escape(line) for line in lines) + "</p>"


def render(text: str) -> SafeString:
    """``text`` as HTML paragraphs and lists; every character of it escaped."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    html = "".join(_block(block.split("\n")) for block in blocks if block.strip())
    return mark_safe(html)  # noqa: S308 - built only from escaped text and fixed tags
