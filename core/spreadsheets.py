"""Text in spreadsheets and CSV files: one rule for every export and the import.

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` is read as a formula
by Excel and LibreOffice (CSV/formula injection, SECURITY.md 20); a leading tab
or carriage return is stripped by some programs, which then read the formula
behind it. Exports neutralise such text with a leading apostrophe; the import
of historical stays refuses it (``reporting.spreadsheet_text``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any, TypeVar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def neutralise(value: T) -> T | str:
    """``value``, with a leading apostrophe when it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Iterable[Any]], *, delimiter: str) -> bytes:
    """Rows as a CSV file Excel opens with æøå intact: UTF-8 with BOM, CRLF, every cell neutralised.

    The delimiter is the caller's choice: Norwegian Excel splits on ``;``
    (the resident list and the annual report both use it).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
