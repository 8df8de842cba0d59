"""The annual report as CSV, XLSX and tagged PDF.

Spreadsheet formulas are neutralised (SECURITY.md 20): any text cell that
starts with ``=``, ``+``, ``-``, ``@`` (or a tab/carriage return, which some
programs strip first) gets a leading apostrophe, so a municipality or offer
name can never run as a formula in the reader's spreadsheet.

The PDF is rendered by WeasyPrint as PDF/UA-1 (tagged) with a fetcher that
serves only our own static files and ``data:`` images (the charts); every
other URL is refused, so rendering can never reach the network.
"""

from __future__ import annotations

import base64
import csv
import io
import logging
import mimetypes
from typing import Any
from urllib.parse import unquote_to_bytes

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from openpyxl import Workbook
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from reporting.presentation import Section
from reporting.spreadsheet_text import FORMULA_STARTS

logger = logging.getLogger(__name__)

STATIC_SCHEME = "static:"


def neutralise(value: Any) -> Any:
    """A text value that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _rows(title: str, sections: list[Section]) -> list[list[Any]]:
    rows: list[list[Any]] = [[title]]
    for section in sections:
        for label, value in section.rows:
            rows.append([section.title, label, "" if value is None else value])
    return rows


def to_csv(title: str, sections: list[Section]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["del", "tall", "verdi"])
    for row in _rows(title, sections)[1:]:
        writer.writerow([neutralise(cell) for cell in row])
    # BOM: Excel opens UTF-8 with æøå correctly only with it.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(title: str, sections: list[Section]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Statistikk"
    sheet.append([neutralise(title)])
    sheet.append(["Del", "Tall", "Verdi"])
    for row in _rows(title, sections)[1:]:
        sheet.append([neutralise(cell) for cell in row])
    # openpyxl treats a string starting with "=" as a formula: force every
    # text cell to be stored as a string.
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class ReportFetcher(URLFetcher):
    """Serve ``static:<path>`` from our static files and ``data:`` images; refuse the rest."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            header, _sep, payload = url[5:].partition(",")
            mime = header.split(";")[0] or "text/plain"
            body = (
                base64.b64decode(payload)
                if header.endswith(";base64")
                else unquote_to_bytes(payload)
            )
            return URLFetcherResponse(url, body, {"Content-Type": mime})
        if not url.startswith(STATIC_SCHEME):
            logger.warning("report PDF tried to fetch a non-static URL; refused")
            raise FatalURLFetchingError(f"refused: {url[:40]}")
        relative = url[len(STATIC_SCHEME) :].split("?")[0].lstrip("/")
        if ".." in relative.split("/"):
            raise FatalURLFetchingError("refused: path traversal")
        path = finders.find(relative)
        if not path or isinstance(path, list):
            raise ValueError(f"static file not found: {relative}")
        with open(path, "rb") as handle:
            body = handle.read()
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": mime})


def to_pdf(context: dict[str, Any]) -> bytes:
    html = render_to_string("reporting/annual_report_pdf.html", context)
    document = HTML(string=html, base_url=STATIC_SCHEME, url_fetcher=ReportFetcher())
    result = document.write_pdf(pdf_variant="pdf/ua-1")
    assert result is not None
    return bytes(result)
