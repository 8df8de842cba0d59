"""Every CSV file Botilbud writes is one Norwegian Excel opens: through ``core.spreadsheets.csv_bytes``.

That writer gives ';' between cells, CRLF, UTF-8 with a byte-order mark (so
æøå survive) and neutralised formulas. A module that writes CSV with the
``csv`` module itself would skip all four: the first test finds any such
call in the application code; the second reads the resident list (the one
export that did not use it before) as Excel would.
"""

from __future__ import annotations

import ast
from pathlib import Path

from access import approvals
from access.models import ApprovalRequest
from oversight import exports
from stays.tests.conftest import stay, stay_factory  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[1]
SKIP = {".venv", "node_modules", "static", "tests", "migrations", "bench", "var"}
WRITERS = {"writer", "DictWriter"}
THE_WRITER = Path("core/spreadsheets.py")


def _csv_writer_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in WRITERS
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "csv"
    ]


def test_only_the_spreadsheet_module_writes_csv():
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIP & set(relative.parts):
            continue
        if lines := _csv_writer_calls(path):
            found[str(relative)] = lines
    assert found == {str(THE_WRITER): found.get(str(THE_WRITER), [])}
    assert found.get(str(THE_WRITER)), "the check looks for the writer where it is"


def test_the_resident_list_is_semicolons_crlf_and_utf8_with_bom(cast, stay):  # noqa: F811
    bob, alice = cast["project_lead_a"], cast["coordinator"]
    person = stay.person
    person.name = "=Ærlig Øst-Åsen"
    person.save()
    approval = approvals.request_approval(
        user=bob,
        kind=ApprovalRequest.Kind.BULK_EXPORT,
        subject_obj=stay.offer,
        reason="Tilsyn ber om listen",
    )
    approvals.decide(user=alice, approval_id=approval.pk, approve=True)

    content = exports.export_resident_list(user=bob, offer=stay.offer)

    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").split("\r\n")
    assert lines[-1] == ""  # every row ends with CRLF
    assert lines[0] == "Oppholdsnummer;Navn;Status;Innflytting;Planlagt utflytting"
    row = lines[1].split(";")
    assert row[0] == str(stay.pk)
    # A formula-looking name is text in Excel, with its letters intact.
    assert row[1] == "'=Ærlig Øst-Åsen"
