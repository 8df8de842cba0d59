"""Shared pieces of the import tests: a valid row to spoil, counts, the command as cron runs it."""

from __future__ import annotations

import contextlib
import io
from typing import Any
from unittest import mock

from django.core.management import ManagementUtility

HEADER = (
    "reference,municipality,offer,offer_type,allocated_on,moved_in_on,moved_out_on,"
    "destination,gender,birth_year,partner,children\n"
)
# The place the `place` fixture creates: a host municipality from the cast and one offer.
MUNICIPALITY = "Kommune A"
OFFER = "A hybler"
VALID = {
    "reference": "R1",
    "municipality": MUNICIPALITY,
    "offer": OFFER,
    "offer_type": "bedsit",
    "allocated_on": "2020-01-01",
    "moved_in_on": "2020-01-05",
    "moved_out_on": "2020-06-01",
    "destination": "family",
    "gender": "female",
    "birth_year": "1999",
    "partner": "no",
    "children": "0",
}


def row(**changes: str) -> str:
    """One CSV line: the valid row with ``changes``, quoted the way a spreadsheet quotes."""
    values = {**VALID, **changes}
    cells = []
    for column in VALID:
        value = values[column]
        if any(ch in value for ch in ',"\n\r'):
            value = '"' + value.replace('"', '""') + '"'
        cells.append(value)
    return ",".join(cells) + "\n"


def rows(count: int, *, prefix: str = "R") -> str:
    """``count`` valid, distinct rows."""
    return "".join(row(reference=f"{prefix}{n}") for n in range(1, count + 1))


def counts() -> dict[str, int]:
    """Rows in every table an import may touch."""
    from accounts.models import Organisation
    from audit.models import AuditEntry
    from housing.models import Offer
    from stays.models import Stay

    return {
        "stays": Stay.objects.count(),
        "organisations": Organisation.objects.count(),
        "offers": Offer.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def run_command(*argv: str) -> tuple[Any, str, str]:
    """``manage.py import_stays …`` in this process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    status: Any = 0
    # run_from_argv closes every connection when it ends, the test's own too.
    keep_connection = mock.patch("django.core.management.base.connections.close_all")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), keep_connection:
        try:
            ManagementUtility(["manage.py", "import_stays", "--skip-checks", *argv]).execute()
        except SystemExit as exc:
            status = exc.code
    return status, out.getvalue(), err.getvalue()
