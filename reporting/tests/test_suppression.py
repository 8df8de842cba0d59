"""Small-cell suppression: no published count is 1–4, no hidden value can be derived."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.statistics import StayFact, cells_of, compute, publish
from reporting.suppression import (
    HIDDEN,
    SMALL,
    Table,
    determined_entries,
    protect,
    protect_vector,
    suppress_count,
)

counts = st.one_of(st.integers(0, 6), st.integers(0, 60))
tables = st.integers(1, 5).flatmap(
    lambda rows: st.integers(1, 5).flatmap(
        lambda cols: st.lists(
            st.lists(counts, min_size=cols, max_size=cols), min_size=rows, max_size=rows
        )
    )
)


def lines_with_hidden(table: Table) -> list[list[tuple[Any, ...]]]:
    return [[k for k in eq if k in table.hidden] for eq in table.equations()]


@settings(max_examples=150, deadline=None)
@given(cells=tables, row_totals=st.booleans(), col_totals=st.booleans())
def test_it_never_publishes_small_counts_or_derivable_cells(
    cells: list[list[int]], row_totals: bool, col_totals: bool
) -> None:
    table = protect(Table(cells, row_totals=row_totals, col_totals=col_totals))
    published = {key: table.published(key) for key in table.entries()}
    # 1. No published count of 1–4 persons.
    assert not [v for v in published.values() if isinstance(v, int) and 1 <= v <= 4]
    # 2. Exact linear check: no hidden entry is fixed by the published equations.
    assert determined_entries(table, list(table.hidden)) == set()
    # 3. Independent necessary condition: a row/column/total equation never holds
    #    exactly one hidden entry (it would equal the published rest).
    assert all(len(hidden) != 1 for hidden in lines_with_hidden(table))
    # 4. Whatever is published is the true value.
    entries = table.entries()
    for key, value in published.items():
        if isinstance(value, int):
            assert value == entries[key]
        else:
            assert value in (SMALL, HIDDEN)


def test_it_hides_the_next_smallest_cell_when_one_small_cell_is_alone_in_its_row() -> None:
    cells, total = protect_vector([62, 3, 0])
    assert cells == [HIDDEN, SMALL, 0]
    assert total == 65


def test_it_finds_a_cell_derivable_through_the_grand_total() -> None:
    # C's row total (3) is hidden but equals the grand total minus the others.
    table = Table([[7, 1], [3, 0]])
    hidden = [("cell", 0, 1), ("cell", 1, 0), ("row", 1)]
    assert ("row", 1) in determined_entries(table, hidden)


def test_it_leaves_zero_and_large_counts_alone() -> None:
    assert suppress_count(0) == 0
    assert suppress_count(5) == 5
    assert suppress_count(4) == SMALL
    assert suppress_count(3, threshold=0) == 3


def _facts(draw_rows: list[tuple[int, int, int, bool]]) -> list[StayFact]:
    facts = []
    for municipality, months, dest, withdrew in draw_rows:
        moved_in = None if withdrew else dt.date(2025, 1, 10)
        moved_out = None
        if moved_in is not None and months >= 0:
            moved_out = dt.date(2025 + (months + 1) // 12, (months % 12) + 1, 12)
        facts.append(
            StayFact(
                offer=f"Tilbud {municipality}",
                municipality=f"Kommune {municipality}",
                offer_type="apartment",
                allocated_on=dt.date(2025, 1, 2),
                moved_in_on=moved_in,
                moved_out_on=moved_out,
                destination=["family", "own_home_alone", "unknown", ""][dest],
                gender=["female", "male"][dest % 2],
                withdrawn=withdrew,
            )
        )
    return facts


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 3), st.integers(-1, 14), st.integers(0, 3), st.booleans()),
        max_size=40,
    )
)
def test_the_published_statistics_never_show_a_count_of_one_to_four(
    rows: list[tuple[int, int, int, bool]],
) -> None:
    raw = compute(_facts(rows), dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    published = publish(raw, 5)
    assert not [v for v in cells_of(published) if isinstance(v, int) and 1 <= v <= 4]
    if raw["moved_out"] < 5:
        assert published["longest_stay_months"] is None
