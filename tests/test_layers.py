"""Layers point down: an app imports only the apps below it.

The order, lowest first: core → accounts → audit → access → housing →
routines → referrals → advisory → stays → followup → decisions → documents →
meetings → reporting → oversight (``ORDER``). A lower layer exposes
what it knows and a higher one composes it; an import the other way makes every app
load every other and lets a change anywhere break anything.

The source is read, not run: every ``import`` and ``from … import`` (at
module level or inside a function) and every ``importlib.import_module`` with
a literal name, in every module of the apps (tests and migrations aside; the
project package ``botilbud`` composes everything and is no layer). Model
references by label ("stays.Stay") and ``apps.get_model`` are not imports
and are not counted.

There are no exceptions: where a lower app's write needs a higher app's (an
accepted allocation becomes a stay), the higher app composes both
(``stays.services.allocation_accept``).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
ORDER = (
    "core",
    "accounts",
    "audit",
    "access",
    "housing",
    "routines",
    "referrals",
    "advisory",
    "stays",
    "followup",
    "decisions",
    "documents",
    "meetings",
    "reporting",
    "oversight",
)
RANK = {app: rank for rank, app in enumerate(ORDER)}
SKIP_PARTS = {"tests", "migrations"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(source: str, module: str, *, is_package: bool = False) -> list[tuple[str, int]]:
    """Every module ``source`` imports, with its line: statements anywhere, and import_module."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's own package upwards
                package = module.split(".") if is_package else module.split(".")[:-1]
                base = package[: len(package) - node.level + 1]
                found.append(
                    (".".join([*base, *([node.module] if node.module else [])]), node.lineno)
                )
            elif node.module:
                found.append((node.module, node.lineno))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
            == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.args[0].value, node.lineno))
    return sorted(found, key=lambda item: item[1])


def upward_imports() -> dict[tuple[str, str], list[str]]:
    """(importing module, higher app) → where, for every upward import in the apps."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for app in ORDER:
        for path in sorted((ROOT / app).rglob("*.py")):
            if SKIP_PARTS & set(path.relative_to(ROOT).parts):
                continue
            module = _module_name(path)
            source = path.read_text(encoding="utf-8")
            for name, line in imported_names(source, module, is_package=path.stem == "__init__"):
                target = name.split(".")[0]
                if target in RANK and RANK[target] > RANK[app]:
                    found[(module, target)].append(f"{path.relative_to(ROOT)}:{line}")
    return found


def test_it_finds_no_upward_import():
    upward = {f"{module} → {app}": where for (module, app), where in upward_imports().items()}
    assert upward == {}, (
        f"these imports go up the layers ({' → '.join(ORDER)}): move the code to the higher "
        "app, or let the higher app pass what the lower one needs"
    )


def test_it_places_every_project_app_in_the_order():
    project_apps = {c.label for c in apps.get_app_configs() if Path(c.path).parent == ROOT}
    assert project_apps == set(ORDER)


def test_it_reads_imports_inside_functions_relative_ones_and_import_module():
    source = (
        "import core.dates\n"
        "from stays import services\n"
        "def hook():\n"
        "    from followup.selectors import plan_status\n"
        "    return importlib.import_module('reporting.selectors')\n"
        "from .models import Offer\n"
        "from . import reads\n"
    )
    names = [name for name, _line in imported_names(source, "housing.views")]
    assert names == [
        "core.dates",
        "stays",
        "followup.selectors",
        "reporting.selectors",
        "housing.models",
        "housing",
    ]
    package = imported_names("from .base import x\n", "housing.selectors", is_package=True)
    assert package == [("housing.selectors.base", 1)]
