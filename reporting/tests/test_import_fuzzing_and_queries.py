"""Hypothesis against the import, and the import's query budget.

Fuzzing: rows are the valid row with any columns replaced by hostile or
random text, written with either separator, or raw bytes behind a valid
header. Whatever comes in, the importer raises nothing but ``ImportFailed``;
when it raises, not one row changed anywhere it writes; when it accepts,
every name it stored is free of formula starts and markup.

Queries: the number of queries must not grow with the rows (one per row
was the old cost: about 22 statements a row).
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from reporting.importer import ImportFailed, import_stays
from reporting.tests.import_helpers import HEADER, VALID, counts, rows

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HOSTILE = [
    "",
    " ",
    "9" * 20,
    "100000",
    "-1",
    "11",
    "²",
    "K" * 5000,
    '=HYPERLINK("http://x","y")',
    "+cmd",
    "@SUM(A1)",
    "-2+3",
    "\t=1",
    "<script>alert(1)</script>",
    "Kommune\x00A",
    "Kommune\u202eA",
    "Kommune A",
    "kommune a",
    "Kommune B",
    "Politidistrikt A",
    "A hybler",
    "Ny kommune",
    "collective",
    "apartment",
    "bedsit",
    "1999-12-31",
    "2020-02-30",
    "9999-01-01",
    "2020-01-01",
    "2020-01-04",
    "2021-01-01",
    "1800",
    "2010",
    "１９９９",
    "yes",
    "maybe",
    "unknown",
    '"',
    "a,b",
    "a;b",
    "a\nb",
    "\ufeff",
]
CELL = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
# Half the rows valid, so the accepting path is fuzzed as well as the refusing one.
ROW: st.SearchStrategy[dict[str, str]] = st.one_of(
    st.just({}), st.dictionaries(st.sampled_from(list(VALID)), CELL, max_size=3)
)
EXAMPLES = iter(range(10**9))


@pytest.fixture
def place(orgs: dict[str, Any]) -> Any:
    from tests.factories import OfferFactory

    return OfferFactory(municipality=orgs["municipality_a"], name="A hybler", offer_type="bedsit")


def write(changes: list[dict[str, str]], delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(list(VALID))
    example = next(EXAMPLES)  # fresh references, so earlier examples do not decide this one
    for n, change in enumerate(changes):
        writer.writerow(list({**VALID, "reference": f"F{example}-{n}", **change}.values()))
    return buffer.getvalue()


def stored_names() -> list[str]:
    from accounts.models import Organisation
    from housing.models import Offer

    organisations = Organisation.objects.values_list("name", flat=True)
    return [*organisations, *Offer.objects.values_list("name", flat=True)]


def attempt(source: Any, *, create_missing: bool) -> None:
    before = counts()
    try:
        result = import_stays(source, create_missing=create_missing)
    except ImportFailed as failed:
        assert failed.lines()
        assert counts() == before
        return
    assert counts()["stays"] == before["stays"] + result.created
    for name in stored_names():
        assert not name.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert "<" not in name and ">" not in name and len(name) <= 100


@FUZZ
@given(
    changes=st.lists(ROW, min_size=1, max_size=4),
    delimiter=st.sampled_from([",", ";"]),
    create_missing=st.booleans(),
)
def test_it_only_raises_its_own_error_and_writes_nothing_when_it_does(
    place: Any, changes: list[dict[str, str]], delimiter: str, create_missing: bool
) -> None:
    attempt(write(changes, delimiter), create_missing=create_missing)


@FUZZ
@given(
    body=st.one_of(st.binary(max_size=600), st.text(max_size=600).map(str.encode)),
    create_missing=st.booleans(),
)
def test_it_survives_any_bytes_behind_a_valid_header(
    place: Any, body: bytes, create_missing: bool
) -> None:
    attempt(HEADER.encode() + body, create_missing=create_missing)


def queries_to_import(count: int, prefix: str) -> int:
    with CaptureQueriesContext(connection) as context:
        result = import_stays(HEADER + rows(count, prefix=prefix), create_missing=True)
    assert result.created == count
    return len(context.captured_queries)


def test_the_queries_do_not_grow_with_the_rows(place: Any) -> None:
    ten = queries_to_import(10, "S")
    two_hundred = queries_to_import(200, "L")
    assert ten <= 15
    # Hand-counted: a stay row has 26 columns, so SQLite's 999 parameters take
    # 38 rows per INSERT: 200 rows need 6 INSERTs where 10 need 1 (PostgreSQL: 1).
    assert two_hundred - ten <= 5
