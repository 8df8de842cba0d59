"""The annual report as CSV, XLSX and tagged PDF.

Spreadsheet formulas are neutralised by ``core.spreadsheets`` (SECURITY.md 20),
so a municipality or offer name can never run as a formula in the reader's
spreadsheet. The PDF comes from ``core.pdf`` (PDF/UA-1, a fetcher that serves
only our static files and the charts' ``data:`` images).

openpyxl is imported inside ``to_xlsx``: loading it at start-up would slow
every command and test worker.
"""

from __future__ import annotations

import io
from typing import Any

from core.pdf import render_pdf
from core.spreadsheets import csv_bytes, neutralise
from reporting.presentation import Section


def _rows(title: str, sections: list[Section]) -> list[list[Any]]:
    rows: list[list[Any]] = [[title]]
    for section in sections:
        for label, value in section.rows:
            rows.append([section.title, label, "" if value is None else value])
    return rows


def to_csv(title: str, sections: list[Section]) -> bytes:
    return csv_bytes([["del", "tall", "verdi"], *_rows(title, sections)[1:]], delimiter=",")


def to_xlsx(title: str, sections: list[Section]) -> bytes:
    from openpyxl import Workbook

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


def to_pdf(context: dict[str, Any]) -> bytes:
    return render_pdf("reporting/annual_report_pdf.html", context)
