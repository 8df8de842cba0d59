"""The one PDF renderer: its URL fetcher serves our static files and data: URIs, nothing else.

WeasyPrint would otherwise fetch ``http://`` and ``file://`` URLs a document
names (GHSA-35jj-wx47-4w8r): an attacker who gets markup into a PDF could read
local files or reach the network from the server.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest


@pytest.fixture
def fetcher():
    from core.pdf import static_only_fetcher

    return static_only_fetcher()


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.css",
        "https://example.com/font.woff2",
        "ftp://example.com/x",
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "static:../../etc/passwd",
        "static:/vendor/../../../etc/passwd",
        "//example.com/x.css",
        "/etc/passwd",
    ],
)
def test_it_refuses_every_url_that_is_not_ours(fetcher, url):
    from weasyprint.urls import FatalURLFetchingError

    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch(url)


def test_it_serves_our_own_static_file(fetcher):
    from django.contrib.staticfiles import finders

    path = finders.find("vendor/inter/files/inter-latin-ext-400-normal.woff2")
    assert isinstance(path, str)
    with open(path, "rb") as handle:
        expected = handle.read()
    response = fetcher.fetch("static:vendor/inter/files/inter-latin-ext-400-normal.woff2")
    assert response.read() == expected


def test_it_serves_data_uris_as_the_charts_need(fetcher):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    response = fetcher.fetch("data:image/svg+xml;base64," + base64.b64encode(svg).decode())
    assert response.read() == svg


def test_it_treats_a_missing_static_file_as_missing_not_as_fatal(fetcher):
    # A missing font falls back to the system font; the PDF is still made.
    from weasyprint.urls import FatalURLFetchingError

    with pytest.raises(ValueError) as raised:
        fetcher.fetch("static:no/such/file.css")
    assert not isinstance(raised.value, FatalURLFetchingError)


def test_it_stops_rendering_a_document_that_names_a_remote_or_local_file(settings, tmp_path):
    from weasyprint.urls import FatalURLFetchingError

    from core.pdf import render_pdf

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "evil.html").write_text(
        '<html><body><img src="file:///etc/passwd"><p>x</p></body></html>'
    )
    settings.TEMPLATES = [
        {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [templates]}
    ]
    with pytest.raises(FatalURLFetchingError):
        render_pdf("evil.html", {})


def test_it_renders_a_tagged_pdf_with_our_font():
    import io

    from pypdf import PdfReader

    from core.pdf import render_pdf

    pdf = render_pdf("stays/timetable_pdf.html", {"items": []})
    reader = PdfReader(io.BytesIO(pdf))
    root: Any = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    resources: list[Any] = [page["/Resources"] for page in reader.pages]
    fonts = {str(font["/BaseFont"]) for res in resources for font in res["/Font"].values()}
    assert any("Inter" in name for name in fonts)
