"""The annual report as CSV, XLSX and tagged PDF.

CSV for Norwegian Excel: semicolons between cells, decimal comma, UTF-8 with
a BOM (``core.spreadsheets.csv_bytes``). XLSX keeps numbers as numbers, with a
per cent format on shares. Both end with one line per mark used ("<5", "x",
"–") saying what it means. Spreadsheet formulas are neutralised by
``core.spreadsheets`` (SECURITY.md 20) on every text cell, so a municipality
or offer name can never run as a formula in the reader's spreadsheet. The PDF
comes from ``core.pdf`` (PDF/UA-1, a fetcher that serves only our static
files and the charts' ``data:`` images).

openpyxl is imported inside ``to_xlsx``: loading it at start-up would slow
every command and test worker.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from core.pdf import render_pdf
from core.spreadsheets import csv_bytes, neutralise
from reporting.numbers import Kind, Value, explanation
from reporting.presentation import Section, spreadsheet_value

CSV_DELIMITER = ";"


def _header() -> list[str]:
    return [_("Del"), _("Hva"), _("Verdi")]


def _values(sections: list[Section]) -> list[tuple[str, str, Value]]:
    return [(s.title, label, value) for s in sections for label, value in s.rows]


def _legend(sections: list[Section]) -> str:
    return explanation([value for _s, _l, value in _values(sections)])


def to_csv(title: str, sections: list[Section]) -> bytes:
    rows: list[list[Any]] = [_header()]
    rows += [[part, label, value.csv_text] for part, label, value in _values(sections)]
    legend = _legend(sections)
    if legend:
        rows.append([_("Forklaring"), "", legend])
    return csv_bytes(rows, delimiter=CSV_DELIMITER)


def to_xlsx(title: str, sections: list[Section]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Statistikk"
    sheet.append([neutralise(title)])
    sheet.append(_header())
    for part, label, value in _values(sections):
        sheet.append([neutralise(part), neutralise(label), neutralise(spreadsheet_value(value))])
        cell = sheet.cell(row=sheet.max_row, column=3)
        if value.kind == Kind.SHARE and value.number is not None:
            cell.number_format = "0 %"
        elif value.kind == Kind.DECIMAL and value.number is not None:
            cell.number_format = "0" if float(value.number).is_integer() else "0.0#"
    legend = _legend(sections)
    if legend:
        sheet.append([_("Forklaring"), "", neutralise(legend)])
    # openpyxl treats a string starting with "=" as a formula: force every
    # text cell to be stored as a string.
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 50
    sheet.column_dimensions["C"].width = 14
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_pdf(context: dict[str, Any]) -> bytes:
    return render_pdf("reporting/annual_report_pdf.html", context)
