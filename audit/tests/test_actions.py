"""The registry of audit action codes (audit/actions.py) and the code base agree.

The source is read, not run: every action code passed to ``record`` or
``record_read`` (directly, through a module constant or dict, or through a
helper that passes its own ``action`` argument on) or declared as a page's
read (``audit.services.Read(action=…)``, recorded by its ``.record``) must be
registered, and
every registered code must be written somewhere: no dead entries. A code the
scan cannot read fails the test rather than go unchecked.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from audit import actions

ROOT = Path(__file__).resolve().parents[2]
SKIP_PARTS = {".venv", "node_modules", "migrations", "tests", "static", "var"}
WRITERS = {"record", "record_read"}


def _sources() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if not SKIP_PARTS & set(path.relative_to(ROOT).parts)
    ]


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


@dataclass
class Scan:
    codes: dict[str, set[str]] = field(default_factory=dict)  # code -> where
    unreadable: list[str] = field(default_factory=list)

    def add(self, code: str, where: str) -> None:
        self.codes.setdefault(code, set()).add(where)


@dataclass(frozen=True)
class Wrapper:
    """A function that passes its parameter ``param`` (position ``index``) on as the action."""

    param: str
    index: int
    default: str | None


def _is_read_record(call: ast.Call) -> bool:
    """``some_read.record(actor=…, objects=…)``: a declared Read recording itself."""
    keywords = {kw.arg for kw in call.keywords}
    return isinstance(call.func, ast.Attribute) and "objects" in keywords


def _is_self_action(node: ast.expr | None) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "action"
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    )


def _constants(tree: ast.Module) -> dict[str, list[str]]:
    """Module-level NAME = "code" and NAME = {...: "code"} assignments."""
    found: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            for target in targets:
                if not isinstance(target, ast.Name) or value is None:
                    continue
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found[target.id] = [value.value]
                elif isinstance(value, ast.Dict):
                    found[target.id] = [
                        v.value
                        for v in value.values
                        if isinstance(v, ast.Constant) and isinstance(v.value, str)
                    ]
    return found


def _wrappers(tree: ast.Module) -> tuple[dict[str, Wrapper], set[int]]:
    """Helpers passing their own parameter on as the action, and those passing calls (ids)."""
    found: dict[str, Wrapper] = {}
    passing: set[int] = set()
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef):
            continue
        params = [a.arg for a in [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]]
        for call in ast.walk(func):
            if not (isinstance(call, ast.Call) and _name(call.func) in WRITERS):
                continue
            for kw in call.keywords:
                if kw.arg == "action" and isinstance(kw.value, ast.Name) and kw.value.id in params:
                    param = kw.value.id
                    found[func.name] = Wrapper(param, params.index(param), _default(func, param))
                    passing.add(id(call))
    return found, passing


def _default(func: ast.FunctionDef, param: str) -> str | None:
    args = func.args
    pairs = list(zip(reversed(args.args), reversed(args.defaults), strict=False))
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d]
    for arg, value in pairs:
        if arg.arg == param and isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value.value
    return None


def _read(node: ast.expr | None, constants: dict[str, list[str]]) -> list[str] | None:
    """The code(s) an expression can hold, or None when the scan cannot tell."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _read(node.body, constants), _read(node.orelse, constants)
        return None if a is None or b is None else a + b
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id]
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        return constants.get(node.value.id)
    return None


def scan() -> Scan:
    result = Scan()
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in _sources()}
    wrappers: dict[str, Wrapper] = {}
    passing: set[int] = set()
    for tree in trees.values():
        found, calls = _wrappers(tree)
        wrappers.update(found)
        passing |= calls
    for path, tree in trees.items():
        constants = _constants(tree)
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            name = _name(call.func)
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            if name == "Read":
                # A declared read: its code is written by its .record().
                node = next((kw.value for kw in call.keywords if kw.arg == "action"), None)
            elif name in WRITERS:
                if id(call) in passing:
                    continue  # a helper passing its own argument on: read at its callers
                node = next((kw.value for kw in call.keywords if kw.arg == "action"), None)
                if node is None and _is_read_record(call):
                    continue  # Read.record(): the code is read at the Read's declaration
                if _is_self_action(node):
                    continue  # inside Read.record itself: the declarations hold the codes
            elif name in wrappers:
                wrapper = wrappers[name]
                node = next((kw.value for kw in call.keywords if kw.arg == wrapper.param), None)
                if node is None and len(call.args) > wrapper.index:
                    node = call.args[wrapper.index]
                if node is None:
                    if wrapper.default is not None:
                        result.add(wrapper.default, where)
                    continue
            else:
                continue
            codes = _read(node, constants)
            if codes is None:
                result.unreadable.append(where)
            for code in codes or []:
                result.add(code, where)
    return result


@pytest.fixture(autouse=True)
def imaginary_actions() -> None:
    """Here the registry is the real one: no codes of the review tests' imaginary domain."""


@pytest.fixture(scope="module")
def scanned() -> Scan:
    return scan()


def test_the_scan_reads_every_action_it_finds(scanned):
    assert scanned.unreadable == [], "action codes the scan cannot read"
    assert len(scanned.codes) > 100


def test_every_code_written_is_registered(scanned):
    unregistered = {
        code: sorted(where) for code, where in scanned.codes.items() if code not in actions.ACTIONS
    }
    assert unregistered == {}, "register these in audit/actions.py"


def test_every_registered_code_is_written_somewhere(scanned):
    dead = sorted(set(actions.ACTIONS) - set(scanned.codes))
    assert dead == [], "registered but written nowhere: remove them from audit/actions.py"


def test_every_code_has_a_kind_and_norwegian_words():
    for code, action in actions.ACTIONS.items():
        assert action.code == code
        assert action.kind in actions.Kind
        text = str(action.text)
        assert ": " in text or action.kind == actions.Kind.SIGN_IN, code
        assert code not in text


def test_the_scan_finds_codes_passed_through_helpers_and_constants(scanned):
    # Through a helper's positional argument, a helper's default, a module
    # constant, a dict of codes and a conditional expression.
    assert "access.approval.approved" in scanned.codes  # approvals._audit(…, "…", …)
    assert "followup.plan.viewed" in scanned.codes  # followup.reads.PLAN = Read(action=…)
    assert "access.break_glass.opened" in scanned.codes  # breakglass.OPENED
    assert "retention.stay.anonymised" in scanned.codes  # retention.ANONYMISED[kind]
    assert "followup.plan_action.status_changed" in scanned.codes  # a if … else b
