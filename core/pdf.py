"""Tagged PDFs (PDF/UA-1) from templates: the one WeasyPrint renderer.

WeasyPrint fetches every URL a document names, including ``file://`` and
``http://`` (GHSA-35jj-wx47-4w8r). The fetcher here serves only files that
Django's static finders find under the ``static:`` scheme, and ``data:`` URIs
(the charts, already in the page); it refuses every other URL and stops the
rendering, so a PDF can never reach the network or read other local files.

WeasyPrint is imported inside the functions that render: it takes seconds to
load, and every ``manage.py`` command and test worker would pay for it.
"""

from __future__ import annotations

import base64
import functools
import logging
import mimetypes
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_to_bytes

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)

STATIC_SCHEME = "static:"


class RefusedURL(Exception):
    """A URL the PDF may not fetch (remote, another local file, a path out of static)."""


def resolve(url: str) -> tuple[bytes, str]:
    """The body and MIME type of ``url``; raises RefusedURL for anything but static or data.

    A static path that is allowed but missing raises ValueError: WeasyPrint
    then falls back (a missing font becomes the system font) instead of failing.
    """
    if url.startswith("data:"):
        header, _sep, payload = url[5:].partition(",")
        mime = header.split(";")[0] or "text/plain"
        body = (
            base64.b64decode(payload) if header.endswith(";base64") else unquote_to_bytes(payload)
        )
        return body, mime
    if not url.startswith(STATIC_SCHEME):
        # The URL itself is not logged: it could carry anything the page held.
        logger.warning("PDF tried to fetch a URL that is not a static file; refused")
        raise RefusedURL("refused: not a static file")
    relative = url[len(STATIC_SCHEME) :].split("?")[0].lstrip("/")
    if ".." in relative.split("/"):
        raise RefusedURL("refused: path traversal")
    path = finders.find(relative)
    if not path or isinstance(path, list):
        raise ValueError(f"static file not found: {relative}")
    with open(path, "rb") as handle:
        body = handle.read()
    return body, mimetypes.guess_type(path)[0] or "application/octet-stream"


@functools.cache
def _fetcher_class() -> type[URLFetcher]:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    # weasyprint ships no types, so its base class is Any to mypy.
    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Serve ``static:<path>`` and ``data:``; a refusal stops the rendering (fatal)."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            try:
                body, mime = resolve(url)
            except RefusedURL as exc:
                raise FatalURLFetchingError(str(exc)) from None
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return StaticOnlyFetcher


def static_only_fetcher() -> URLFetcher:
    """A WeasyPrint URL fetcher that serves only our static files and ``data:`` URIs."""
    return _fetcher_class()()


def render_pdf(template: str, context: Mapping[str, Any]) -> bytes:
    """Render ``template`` to a tagged PDF (PDF/UA-1) with the static-only fetcher."""
    from weasyprint import HTML

    html = render_to_string(template, dict(context))
    document = HTML(string=html, base_url=STATIC_SCHEME, url_fetcher=static_only_fetcher())
    result = document.write_pdf(pdf_variant="pdf/ua-1")
    assert result is not None
    return bytes(result)
