"""The golden access table (SECURITY.md 34): the policy answers what docs/access-model.md says.

The expected answers come from the Markdown table people review, never from
``access/table.py`` or the scopes:

1. the table is compared with ``access/table.py`` cell by cell, with the
   conditions and the break-the-glass grant ("golden access table: C cells
   compared, D differences" in the security figures);
2. for every cell, one object per reach situation (own municipality, another
   municipality of the police district, another district, proposed or not,
   own or another user's row, and the states the conditions name) is built,
   and ``policy.has_perm`` / ``policy.visible`` must answer exactly what the
   cell's word means (``access/tests/golden.py``). Editing only the Python
   table, or only the scopes, fails here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps

from access import policy, table
from access.tests import golden
from access.tests.golden_world import MODELS, NO_OBJECTS, PROBES, STAY_GROUPS, World, build
from accounts.models import Role
from tests.security_figures import record


def compare(doc: golden.Golden) -> tuple[int, list[str]]:
    """(cells compared, differences) between the document and access/table.py."""
    differences: list[str] = []
    codes = {p.value for p in table.Perm}
    perms = sorted(codes | set(doc.cells))
    columns = list(dict.fromkeys([*table.COLUMNS, *doc.columns]))
    cells = 0
    for perm in perms:
        for column in columns:
            cells += 1
            in_doc = doc.cells.get(perm, {}).get(column)
            reach = table.ACCESS.get(table.Perm(perm), {}).get(column) if perm in codes else None
            in_code = reach.words if reach is not None else golden.NONE
            if in_doc != in_code:
                differences.append(f"{perm} × {column}: document {in_doc!r}, code {in_code!r}")
    in_code_conditions = {
        (c.name, p.value, r) for c in table.CONDITIONS for p in c.perms for r in c.roles
    }
    for triple in sorted(in_code_conditions ^ doc.conditions):
        where = "code" if triple in in_code_conditions else "document"
        differences.append(f"condition {triple} only in the {where}")
    bg_code = {p.value for p in table.BREAK_GLASS_PERMISSIONS}
    for perm in sorted(bg_code ^ doc.break_glass):
        differences.append(
            f"break-the-glass {perm}: only in the {'code' if perm in bg_code else 'document'}"
        )
    return cells, differences


def test_it_keeps_the_golden_table_and_the_code_equal():
    doc = golden.read()
    cells, differences = compare(doc)
    record("golden", {"cells": cells, "differences": len(differences)})
    assert cells == len(table.Perm) * len(table.COLUMNS)
    assert differences == [], "\n".join(differences)


def test_it_has_a_column_for_every_role_and_the_lead():
    doc = golden.read()
    assert doc.columns == (*Role.values, "team_lead")
    assert tuple(Role.values) == table.ROLES


def test_the_comparison_notices_a_grant_made_only_in_the_code(monkeypatch):
    # The attacker's (or the hurried engineer's) edit: dwellings back to the directorate.
    row = dict(table.ACCESS[table.Perm.VIEW_DWELLINGS])
    row["directorate_representative"] = table.Reach.NATIONAL
    monkeypatch.setitem(table.ACCESS, table.Perm.VIEW_DWELLINGS, row)
    _cells, differences = compare(golden.read())
    assert differences == [
        "view_dwellings × directorate_representative: document '–', code 'national'"
    ]


def test_it_reads_every_word_and_condition_of_a_table():
    text = """
| permission | what it opens | a | b |
|---|---|---|---|
| `x` | X | own municipality | – |

| condition | permissions | roles | meaning |
|---|---|---|---|
| `live_stay` | `x`, `y` | `a` | only while live |

Break-the-glass adds, for the one stay:
`x`, `z`.
"""
    doc = golden.read(text)
    assert doc.columns == ("a", "b")
    assert doc.cells == {"x": {"a": "own municipality", "b": "–"}}
    assert doc.conditions == {("live_stay", "x", "a"), ("live_stay", "y", "a")}
    assert doc.break_glass == {"x", "z"}
    with pytest.raises(AssertionError, match="unknown reach word"):
        golden.read(text.replace("own municipality", "own country"))


# --- behaviour -------------------------------------------------------------------------------


def check(doc: golden.Golden, world: World) -> tuple[int, list[str]]:
    """(checks made, wrong answers) of the policy against the document for every cell."""
    wrong: list[str] = []
    checks = 0
    for _columns, user in [*world.users, ([], world.glass)]:
        policy.forget_cached_memberships(user)
        policy.forget_break_glass(user)
    for perm in doc.cells:
        assert perm in PROBES or perm in NO_OBJECTS, f"{perm}: no probe in golden_world.PROBES"
        for columns, user in world.users:
            allowed = any(doc.word(perm, c) != golden.NONE for c in columns)
            checks += 1
            if policy.has_perm(user, perm) != allowed:
                wrong.append(f"{perm} × {'+'.join(columns)}: has_perm should be {allowed}")
            if perm in NO_OBJECTS:
                continue
            group = PROBES[perm]
            model = apps.get_model(MODELS[group])
            for situation, obj in world.situations(group, user):
                want = golden.expected(doc, perm, columns, situation)
                got = policy.visible(user, model, perm).filter(pk=obj.pk).exists()
                checks += 1
                if got != want:
                    wrong.append(
                        f"{perm} × {'+'.join(columns)} on {group} {situation.name}: "
                        f"visible={got}, the table says {want}"
                    )
    return checks, wrong


def check_break_glass(doc: golden.Golden, world: World) -> tuple[int, list[str]]:
    """A coordinator with an open access to A's resident: the coordinator's column plus exactly
    the document's break-the-glass permissions, on that one stay."""
    wrong: list[str] = []
    checks = 0
    user = world.glass
    for perm in doc.cells:
        checks += 1
        allowed = doc.word(perm, "coordinator") != golden.NONE or perm in doc.break_glass
        if policy.has_perm(user, perm) != allowed:
            wrong.append(f"break-the-glass {perm}: has_perm should be {allowed}")
        group = PROBES.get(perm)
        if group not in STAY_GROUPS:
            continue
        model = apps.get_model(MODELS[group])
        for situation, obj in world.situations(group, user):
            want = golden.expected(doc, perm, ["coordinator"], situation) or (
                perm in doc.break_glass and situation.name == "own"
            )
            checks += 1
            if policy.visible(user, model, perm).filter(pk=obj.pk).exists() != want:
                wrong.append(
                    f"break-the-glass {perm} on {group} {situation.name}: should be {want}"
                )
    return checks, wrong


@pytest.fixture
def world(cast: dict[str, Any], orgs: dict[str, Any], member: Any) -> World:
    return build(cast, orgs, member)


def test_it_behaves_as_the_golden_table_says(world):
    doc = golden.read()
    checks, wrong = check(doc, world)
    glass_checks, glass_wrong = check_break_glass(doc, world)
    record("golden_behaviour", {"checks": checks + glass_checks, "wrong": len(wrong + glass_wrong)})
    assert checks > 1000
    assert wrong + glass_wrong == [], "\n".join(wrong + glass_wrong)


def test_the_behaviour_check_notices_a_table_edited_only_in_code(world, monkeypatch):
    # The Python table (and what is derived from it) gives the directorate
    # dwellings again; the document does not: the behaviour check must fail.
    row = dict(table.ACCESS[table.Perm.VIEW_DWELLINGS])
    row["directorate_representative"] = table.Reach.NATIONAL
    monkeypatch.setitem(table.ACCESS, table.Perm.VIEW_DWELLINGS, row)
    monkeypatch.setitem(
        policy.ROLE_PERMISSIONS,
        "directorate_representative",
        table.permissions_of("directorate_representative"),
    )
    _checks, wrong = check(golden.read(), world)
    assert wrong
    assert all(w.startswith("view_dwellings × directorate_representative") for w in wrong), wrong
