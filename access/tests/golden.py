"""The golden access table (SECURITY.md 34): read from docs/access-model.md, never from the policy.

``read()`` parses the Markdown the reviewers read: the access table (one row
per permission, one column per role and the team lead), the conditions table
and the break-the-glass line. ``expected()`` says, from a cell's *word* and
conditions alone, whether an object in a given situation must be visible:
the meaning of each word is written out here by hand, independently of
``access/scopes.py``. ``access/tests/test_golden_table.py`` holds the policy
to both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "access-model.md"
NONE = "–"
WORDS = (
    "national",
    "own municipality",
    "own police district",
    "proposed to own municipality",
    "proposed in own district",
    "own",
    NONE,
)


@dataclass(frozen=True)
class Golden:
    columns: tuple[str, ...]
    # permission code -> column -> word
    cells: dict[str, dict[str, str]]
    # (condition, permission, column) as the conditions table lists them
    conditions: frozenset[tuple[str, str, str]]
    break_glass: frozenset[str]

    def word(self, perm: str, column: str) -> str:
        return self.cells[perm][column]

    def conditions_of(self, perm: str, column: str) -> set[str]:
        return {name for name, p, c in self.conditions if p == perm and c == column}


def _tables(text: str) -> list[list[list[str]]]:
    """Every Markdown table of ``text``: rows of stripped cells, the separator row left out."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-+:?", cell) for cell in cells):
                current.append(cells)
        elif current:
            tables.append(current)
            current = []
    return tables


def _codes(cell: str) -> list[str]:
    return re.findall(r"`([a-z_]+)`", cell)


def read(text: str | None = None) -> Golden:
    text = DOC.read_text(encoding="utf-8") if text is None else text
    tables = _tables(text)
    access = [t for t in tables if t[0][0] == "permission"]
    conditions = [t for t in tables if t[0][0] == "condition"]
    assert len(access) == 1 and len(conditions) == 1, "one access table and one conditions table"
    header, *rows = access[0]
    assert header[1] == "what it opens"
    columns = tuple(header[2:])
    cells: dict[str, dict[str, str]] = {}
    for row in rows:
        (perm,) = _codes(row[0])
        assert perm not in cells, f"{perm} has two rows"
        assert len(row) == len(header), f"{perm}: {len(row)} cells, header has {len(header)}"
        for word in row[2:]:
            assert word in WORDS, f"{perm}: unknown reach word {word!r}"
        cells[perm] = dict(zip(columns, row[2:], strict=True))
    triples: set[tuple[str, str, str]] = set()
    for name_cell, perms_cell, roles_cell, _meaning in conditions[0][1:]:
        (name,) = _codes(name_cell)
        triples |= {(name, p, r) for p in _codes(perms_cell) for r in _codes(roles_cell)}
    match = re.search(r"Break-the-glass adds[^\n]*\n([^\n]+)", text)
    assert match, "the break-the-glass line is missing"
    return Golden(columns, cells, frozenset(triples), frozenset(_codes(match.group(1))))


# --- what a word means, for an object in a situation ----------------------------------------


@dataclass(frozen=True)
class Situation:
    """Where an object stands, seen from a member of municipality A / police district A.

    ``municipality`` is where the owning offer lies ("A", "A2" in the same
    police district, "B" in another, None for an intake object never
    proposed); for intake objects ``live`` says whether that allocation is
    still proposed or accepted. ``mine`` is for a user's own rows.
    """

    name: str
    municipality: str | None = None
    live: bool = False
    intake: bool = False
    stay_live: bool = True
    case_open: bool = True
    consent: bool = True
    # The offer shares its approved routines with the directorate (routines.RoutineSharing).
    shares_routines: bool = False
    mine: bool | None = None
    colleague: bool = False
    tags: frozenset[str] = field(default_factory=frozenset)


DISTRICT_A = {"A", "A2"}


def base(word: str, s: Situation) -> bool:
    """The reach word alone, as docs/access-model.md defines it."""
    if word == NONE:
        return False
    if word == "national":
        return True
    if word == "own":
        if s.mine is None:
            raise AssertionError(f"'own' has no meaning for {s.name}")
        return s.mine
    if s.intake:
        if word == "proposed to own municipality":
            return s.live and s.municipality == "A"
        if word == "proposed in own district":
            return s.live and s.municipality in DISTRICT_A
        raise AssertionError(f"{word!r} has no meaning for an intake object ({s.name})")
    if word == "own municipality":
        return s.municipality == "A"
    if word == "own police district":
        return s.municipality in DISTRICT_A
    raise AssertionError(f"{word!r} has no meaning for {s.name}")


# Conditions that narrow a cell: the object must also be in this state.
NARROWING = {
    "live_stay": lambda s: s.stay_live,
    "case_open": lambda s: s.case_open,
    "police_consent": lambda s: s.consent,
    "not_own": lambda s: not s.mine,
    "routines_shared": lambda s: s.shares_routines,
}
# Conditions that widen a cell. "decidable": a follow-up worker's request to
# see an address of their own offer is decided by that municipality's
# project lead (access.approvals.can_decide) and by no other column's user.
WIDENING = {
    "decidable": lambda s, column: s.colleague and column == "project_lead",
}


def expected(golden: Golden, perm: str, columns: list[str], s: Situation) -> bool:
    """Is an object in situation ``s`` visible to a user holding ``columns`` for ``perm``?"""
    for column in columns:
        word = golden.word(perm, column)
        if word == NONE:
            continue
        names = golden.conditions_of(perm, column)
        unknown = names - set(NARROWING) - set(WIDENING)
        assert not unknown, f"no meaning written for condition(s) {unknown}"
        seen = base(word, s) and all(NARROWING[n](s) for n in names if n in NARROWING)
        seen = seen or any(WIDENING[n](s, column) for n in names if n in WIDENING)
        if seen:
            return True
    return False
