"""Charts are drawn once per distinct input and the memory stays bounded."""

from __future__ import annotations

from core import charts


def test_it_draws_equal_inputs_once_and_different_ones_again(monkeypatch):
    monkeypatch.setattr(charts, "_drawn", type(charts._drawn)())
    drawn: list[tuple[int, ...]] = []

    @charts.remembered
    def picture(values: tuple[int, ...], *, title: str) -> str:
        drawn.append(values)
        return f"data:{title}:{sum(values)}"

    assert picture((1, 2), title="a") == "data:a:3"
    assert picture((1, 2), title="a") == "data:a:3"
    assert picture((2, 1), title="a") == "data:a:3"
    assert picture((1, 2), title="b") == "data:b:3"
    assert drawn == [(1, 2), (2, 1), (1, 2)]


def test_it_forgets_the_oldest_picture_beyond_its_size(monkeypatch):
    monkeypatch.setattr(charts, "_drawn", type(charts._drawn)())
    monkeypatch.setattr(charts, "CACHE_SIZE", 3)
    calls: list[int] = []

    @charts.remembered
    def picture(n: int) -> str:
        calls.append(n)
        return str(n)

    for n in (1, 2, 3, 4):
        picture(n)
    assert len(charts._drawn) == 3
    picture(1)  # forgotten: drawn again
    picture(4)  # still remembered
    assert calls == [1, 2, 3, 4, 1]
