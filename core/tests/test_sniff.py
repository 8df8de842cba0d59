"""The sniffing module against real bytes of each kind, and of what must be refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from core.files import sniff
from core.tests import files

ACCEPTED: list[tuple[Callable[[], bytes], sniff.Kind]] = [
    (files.pdf, sniff.PDF),
    (files.png, sniff.PNG),
    (files.jpeg, sniff.JPEG),
    (files.docx, sniff.DOCX),
    (files.xlsx, sniff.XLSX),
    (files.odt, sniff.ODT),
    (files.ods, sniff.ODS),
]


@pytest.mark.parametrize(("make", "kind"), ACCEPTED, ids=lambda v: getattr(v, "name", ""))
def test_each_accepted_kind_is_recognised_from_its_bytes(
    make: Callable[[], bytes], kind: sniff.Kind
) -> None:
    assert sniff.sniff(make()) is kind


@pytest.mark.parametrize(
    "data",
    [
        files.HTML,
        files.SVG,
        files.EXE,
        files.plain_zip(),
        files.odf_presentation(),
        b"",
        b"PK\x03\x04 not really a zip",
        b"%PD",
    ],
    ids=["html", "svg", "exe", "zip", "odp", "empty", "broken-zip", "short"],
)
def test_anything_else_is_not_a_document(data: bytes) -> None:
    assert sniff.sniff(data) is None


def test_a_zip_with_an_oversized_declaration_is_not_read() -> None:
    big = files._zip({"[Content_Types].xml": b" " * (70 * 1024) + b"wordprocessingml"})
    assert sniff.sniff(big) is None


@pytest.mark.parametrize(
    ("name", "extension"),
    [("Brev.PDF", ".pdf"), ("a.b.docx", ".docx"), ("uten", ""), ("mappe.x/fil", "")],
)
def test_extension_of(name: str, extension: str) -> None:
    assert sniff.extension_of(name) == extension
