"""The one spreadsheet rule: text a spreadsheet would run gets an apostrophe; nothing else changes."""

from __future__ import annotations

import csv
import io

import pytest

from core.spreadsheets import csv_bytes, neutralise

# Hand-written: what Excel or LibreOffice would read as a formula, and what it would not.
CASES = [
    ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
    ("+47 22 00 00 00", "'+47 22 00 00 00"),
    ("-1+1", "'-1+1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("Kommune A", "Kommune A"),
    ("A=B", "A=B"),
    ("", ""),
    (" =1", " =1"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_it_neutralises_exactly_the_text_a_spreadsheet_would_run(text, expected):
    assert neutralise(text) == expected


@pytest.mark.parametrize("value", [-5, 3.5, None])
def test_it_leaves_numbers_and_empty_cells_alone(value):
    assert neutralise(value) == value


def test_it_writes_csv_for_excel_with_every_cell_neutralised():
    body = csv_bytes([["navn", "tall"], ["=1+1", -3], ["Ålesund", "ok"]], delimiter=";")
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert text == "navn;tall\r\n'=1+1;-3\r\nÅlesund;ok\r\n"
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[1] == ["'=1+1", "-3"]
