"""Small-cell suppression for statistics that leave a municipality.

Any count of 1–4 persons is published as ``"<5"`` (primary suppression). A
hidden cell must not be recoverable from what *is* published, so tables are
protected as a whole (secondary suppression, decision 0005):

* a table is its cells plus the row totals, column totals and grand total
  that are published with it; totals are counts too and obey the same rule;
* after primary suppression we solve the published linear system (every row
  and column sums to its total); while some hidden entry is still uniquely
  determined, we also hide the smallest published non-zero entry sharing a
  row or column with it (anywhere in the table if none does). Those extra
  entries are published as ``"x"`` (hidden to protect another cell), never
  as ``"<5"``, which would be untrue for them.

The loop always ends: once every non-zero entry is hidden, the published
equations are homogeneous and any solution can be scaled, so no hidden
entry is determined. ``determined_entries`` is the check itself; the
property test in ``tests/test_suppression.py`` runs it on random tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

SMALL = "<5"
HIDDEN = "x"
DEFAULT_THRESHOLD = 5

Published = int | str


def is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def suppress_count(value: int, threshold: int = DEFAULT_THRESHOLD) -> Published:
    """A single published count: 1..threshold-1 becomes "<5"; 0 and larger stay."""
    if threshold > 0 and is_small(value, threshold):
        return SMALL if threshold == DEFAULT_THRESHOLD else f"<{threshold}"
    return value


def small_label(threshold: int) -> str:
    return SMALL if threshold == DEFAULT_THRESHOLD else f"<{threshold}"


@dataclass
class Table:
    """A count table with optional row/column totals.

    ``entries`` maps a position to its value: ``("cell", i, j)``,
    ``("row", i)`` (row total), ``("col", j)`` (column total), ``("all",)``.
    """

    cells: list[list[int]]
    row_totals: bool = True
    col_totals: bool = True
    hidden: dict[tuple[Any, ...], str] = field(default_factory=dict)

    @property
    def n_rows(self) -> int:
        return len(self.cells)

    @property
    def n_cols(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    def entries(self) -> dict[tuple[Any, ...], int]:
        found: dict[tuple[Any, ...], int] = {}
        for i, row in enumerate(self.cells):
            for j, value in enumerate(row):
                found["cell", i, j] = value
        if self.row_totals:
            for i, row in enumerate(self.cells):
                found[("row", i)] = sum(row)
        if self.col_totals:
            for j in range(self.n_cols):
                found[("col", j)] = sum(row[j] for row in self.cells)
        if self.row_totals and self.col_totals:
            found[("all",)] = sum(sum(row) for row in self.cells)
        return found

    def equations(self) -> list[dict[tuple[Any, ...], int]]:
        """Each published relation as {entry: coefficient} summing to zero."""
        eqs: list[dict[tuple[Any, ...], int]] = []
        eq: dict[tuple[Any, ...], int]
        if self.row_totals:
            for i in range(self.n_rows):
                eq = {("cell", i, j): 1 for j in range(self.n_cols)}
                eq["row", i] = -1
                eqs.append(eq)
        if self.col_totals:
            for j in range(self.n_cols):
                eq = {("cell", i, j): 1 for i in range(self.n_rows)}
                eq["col", j] = -1
                eqs.append(eq)
        if self.row_totals and self.col_totals:
            eq = {("row", i): 1 for i in range(self.n_rows)}
            eq["all",] = -1
            eqs.append(eq)
        return eqs

    def lines(self, key: tuple[Any, ...]) -> list[list[tuple[Any, ...]]]:
        """The equations (as entry lists) an entry takes part in."""
        return [list(eq) for eq in self.equations() if key in eq]

    def published(self, key: tuple[Any, ...]) -> Published:
        if key in self.hidden:
            return self.hidden[key]
        return self.entries()[key]


def _rref(rows: list[list[Fraction]]) -> list[list[Fraction]]:
    """Reduced row echelon form by exact elimination (no floating-point doubt)."""
    matrix = [row[:] for row in rows if any(row)]
    rank = 0
    n_cols = len(matrix[0]) if matrix else 0
    for col in range(n_cols):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        lead = matrix[rank][col]
        matrix[rank] = [value / lead for value in matrix[rank]]
        for r in range(len(matrix)):
            if r != rank and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return matrix[:rank]


def determined_entries(table: Table, hidden: Sequence[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
    """Hidden entries whose value follows from the published ones by the table's equations.

    With the published values moved to the right-hand side, a hidden entry
    ``k`` is determined exactly when the unit vector ``e_k`` lies in the row
    space of the equations restricted to the hidden entries, i.e. when the
    reduced row echelon form has a row that is ``e_k``.
    """
    unknown = list(hidden)
    if not unknown:
        return set()
    index = {key: n for n, key in enumerate(unknown)}
    rows = []
    for eq in table.equations():
        row = [Fraction(0)] * len(unknown)
        for key, coefficient in eq.items():
            if key in index:
                row[index[key]] = Fraction(coefficient)
        rows.append(row)
    found = set()
    for row in _rref(rows):
        nonzero = [n for n, value in enumerate(row) if value != 0]
        if len(nonzero) == 1:
            found.add(unknown[nonzero[0]])
    return found


_PREFERENCE = {"cell": 0, "row": 1, "col": 1, "all": 2}


def protect(
    table: Table,
    threshold: int = DEFAULT_THRESHOLD,
    *,
    forced: set[tuple[Any, ...]] | frozenset[tuple[Any, ...]] = frozenset(),
    spare: set[tuple[Any, ...]] | frozenset[tuple[Any, ...]] = frozenset(),
) -> Table:
    """Apply primary and secondary suppression; returns the same table with ``hidden`` set.

    ``forced`` entries are hidden from the start (a figure another published
    table had to hide). Secondary suppression picks the smallest published
    non-zero entry next to an exposed one, cells before totals, so shared
    totals stay published whenever a cell can do the job. ``spare`` entries
    (a headline figure such as the number of allocations) are picked last of
    all: only when no other entry can protect the table. They are still
    hidden when nothing else will do, so the guarantee is unchanged.
    """
    table.hidden = {}
    if threshold <= 0:
        return table
    entries = table.entries()
    for key, value in entries.items():
        if is_small(value, threshold):
            table.hidden[key] = small_label(threshold)
        elif key in forced:
            table.hidden[key] = HIDDEN
    while True:
        exposed = determined_entries(table, list(table.hidden))
        if not exposed:
            return table
        table.hidden[_next_to_hide(table, entries, exposed, spare)] = HIDDEN


def _next_to_hide(
    table: Table,
    entries: dict[tuple[Any, ...], int],
    exposed: set[tuple[Any, ...]],
    spare: set[tuple[Any, ...]] | frozenset[tuple[Any, ...]] = frozenset(),
) -> tuple[Any, ...]:
    """The entry to hide next: the first, in order of preference, that leaves fewer
    hidden entries exposed; else simply the most preferred one.

    Preference: entries not spared before spared ones, then entries sharing a
    row or column with the first exposed entry before others, cells before
    totals, small values before large.
    """
    target = min(exposed)
    neighbours = {k for line in table.lines(target) for k in line}

    def rank(key: tuple[Any, ...]) -> tuple[bool, bool, int, int, tuple[Any, ...]]:
        return (key in spare, key not in neighbours, _PREFERENCE[key[0]], entries[key], key)

    candidates = sorted(
        (k for k, v in entries.items() if k not in table.hidden and v != 0), key=rank
    )
    if not candidates:  # cannot happen (see module docstring); never publish a leak
        raise AssertionError("suppression could not protect the table")
    for key in candidates:
        trial = [*table.hidden, key]
        if len(determined_entries(table, trial)) < len(exposed):
            return key
    return candidates[0]


def protect_vector(
    values: Sequence[int], threshold: int = DEFAULT_THRESHOLD
) -> tuple[list[Published], Published]:
    """A one-row table with its total: the published cells and the published total."""
    table = protect(Table([list(values)], row_totals=True, col_totals=False), threshold)
    cells = [table.published(("cell", 0, j)) for j in range(len(values))]
    return cells, table.published(("row", 0))
