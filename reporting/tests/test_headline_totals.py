"""A small side figure (one partner) must not hide the national headline totals."""

from __future__ import annotations

import datetime as dt

from reporting.statistics import StayFact, compute, publish
from reporting.suppression import Table, determined_entries, protect

D = dt.date


def _stay(day: int, *, with_partner: bool = False) -> StayFact:
    return StayFact(
        offer="Tilbud A",
        municipality="Kommune A",
        offer_type="collective",
        allocated_on=D(2025, 2, day),
        moved_in_on=D(2025, 3, 1),
        with_partner=with_partner,
    )


def test_it_hides_the_persons_total_not_the_allocations_when_one_partner_came() -> None:
    # 7 allocations, 1 partner, 0 children: persons = 8. The partner is "<5";
    # allocations + 0 children + persons would give it away, so one more entry
    # must go. Hand-checked: hiding "persons" (8) protects it and keeps 7.
    facts = [_stay(1, with_partner=True)] + [_stay(day) for day in range(2, 8)]
    published = publish(compute(facts, D(2025, 1, 1), D(2025, 12, 31)))
    assert published["allocations"] == 7
    assert published["moved_in"] == 7
    assert published["women"] == 7
    assert published["partners"] == "<5"
    assert published["persons"] == "x"
    assert published["by_municipality"][0]["allocations"] == 7


def test_it_still_hides_a_spared_entry_when_nothing_else_can_protect() -> None:
    # One row: 3 and 6 with total 9. "<5" alone is given away by 9 − 6; the
    # only candidates are 6 and the total. Sparing 6 hides the total instead;
    # sparing both must still hide one of them.
    table = protect(Table([[3, 6]], col_totals=False), spare={("cell", 0, 1)})
    assert table.hidden == {("cell", 0, 0): "<5", ("row", 0): "x"}
    both = protect(Table([[3, 6]], col_totals=False), spare={("cell", 0, 1), ("row", 0)})
    assert len(both.hidden) == 2
    assert not determined_entries(both, list(both.hidden))
