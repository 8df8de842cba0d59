"""The arrival timetable as a tagged PDF (PDF/UA-1), rendered by WeasyPrint.

WeasyPrint fetches every URL a document names, including ``file://`` and
``http://`` (GHSA-35jj-wx47-4w8r). Our fetcher serves only files found by
Django's static finders under the ``static:`` scheme and refuses everything
else, so a PDF can never reach the network or read other local files.
"""

from __future__ import annotations

import logging
import mimetypes
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

SCHEME = "static:"


class StaticOnlyFetcher(URLFetcher):
    """Serve ``static:<path>`` from our own static files; refuse every other URL."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if not url.startswith(SCHEME):
            logger.warning("PDF tried to fetch a non-static URL; refused")
            raise FatalURLFetchingError(f"refused: {url[:40]}")
        relative = url[len(SCHEME) :].split("?")[0].lstrip("/")
        if ".." in relative.split("/"):
            raise FatalURLFetchingError("refused: path traversal")
        path = finders.find(relative)
        if not path or isinstance(path, list):
            # A missing font falls back to the system font; not fatal.
            raise ValueError(f"static file not found: {relative}")
        with open(path, "rb") as handle:
            body = handle.read()
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": mime})


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render a template to a tagged PDF (PDF/UA-1) with the static-only fetcher."""
    html = render_to_string(template, context)
    document = HTML(string=html, base_url=SCHEME, url_fetcher=StaticOnlyFetcher())
    result = document.write_pdf(pdf_variant="pdf/ua-1")
    assert result is not None
    return bytes(result)
