"""The rule for new code, read from the source (docs/decisions/0007-short-transactions.md).

Without a request-wide transaction nothing holds a view's writes together
but the services' own transactions, so:

* a public service function that writes rows opens its transaction
  (``@transaction.atomic`` or ``with transaction.atomic()``), unless it is
  one of the few helpers below that run inside their caller's, each with
  the reason;
* a view never writes rows itself: it calls services.

Functions whose name starts with ``_`` are helpers of the public ones in
the same module and are not judged on their own.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Writes through the ORM (a model's save/delete, a manager's or queryset's
# create/update/delete …). ``audit.services.record`` is not among them: it
# opens its own transaction, so one audit row alone needs none.
ORM_WRITES = {
    "save",
    "create",
    "delete",
    "update",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}

# Besides the apps' services.py / services/*.py, any module with a public
# function that writes rows or audit rows holds services (approvals,
# break-the-glass, enrolment, lockout, retention, the importer …), wherever it
# lives. Models (their own save), views (tested below), forms and the demo
# loaders are not services.
SKIP_PARTS = {
    "tests",
    "migrations",
    ".venv",
    "node_modules",
    "bench",
    "scripts",
    "static",
    "models",
}
NOT_SERVICES = {"models", "views", "forms", "admin", "demo", "apps"}


def _writes_rows(path: Path) -> bool:
    return any(
        _called(function) & (ORM_WRITES | {"record"}) and not function.name.startswith("_")
        for function in _functions(path)
    )


# module.function -> why it may write without a transaction of its own.
INSIDE_THE_CALLERS_TRANSACTION = {
    "access.approvals.services.address_gate": (
        "runs inside the address read's transaction (housing.selectors.dwelling_address_read), "
        "so the disclosure, the used approval and the address_viewed row commit together"
    ),
    "access.enrolment_reset.apply_approved_reset": "runs inside approvals.decide's transaction",
    "access.grants.apply": "runs inside approvals.decide's transaction",
    "access.unlock.apply": "runs inside approvals.decide's transaction",
    "access.grants.withdraw_open": (
        "runs inside the deleting transaction of accounts.administration (users_delete, "
        "organisations_delete)"
    ),
    "access.signin.enrolment.end_sessions": "runs inside reset_factors' transaction",
    "access.signin.signals.record_enrolment_as_mfa_use": (
        "saves the session so the sign-in record sticks; its audit row opens its own transaction"
    ),
    "audit.review.register_intake_resolver": "a dict's update: no row is written",
    "reporting.history.touch": (
        "stamps the finished years a change touches inside the writer's transaction (model "
        "signals, import_stays), so the stamp commits or rolls back with the change"
    ),
    "access.signin.lockout.record_success": "one UPDATE of a failure counter, no audit row: atomic by itself",
    "oversight.retention.reopen_on_write": (
        "a post_save receiver: its one UPDATE runs inside the saving service's transaction"
    ),
}


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _service_files() -> list[Path]:
    found = {*ROOT.glob("*/services.py"), *ROOT.glob("*/services/*.py")}
    for path in ROOT.glob("*/**/*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if not parts & SKIP_PARTS and path.stem not in NOT_SERVICES and _writes_rows(path):
            found.add(path)
    return sorted(found)


def _view_files() -> list[Path]:
    return sorted({*ROOT.glob("*/views.py"), *ROOT.glob("*/views/*.py")})


# Constructors of objects that live in memory only: a method of the same name
# as an ORM write (a Counter's or a hash's ``update``, an image's ``save``)
# called on a local bound to one of these writes no row.
IN_MEMORY = {
    "Counter",
    "defaultdict",
    "OrderedDict",
    "dict",
    "set",
    "list",
    "sha256",
    "sha1",
    "md5",
    "new",  # hmac.new, Image.new
    "open",  # Image.open, io.open
    "BytesIO",
    "StringIO",
    "Workbook",
}


def _in_memory_locals(node: ast.AST) -> set[str]:
    """Names bound in ``node`` to a literal container or an IN_MEMORY constructor."""
    names: set[str] = set()
    for stmt in ast.walk(node):
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        elif isinstance(stmt, ast.withitem) and stmt.optional_vars is not None:
            targets, value = [stmt.optional_vars], stmt.context_expr
        if value is None:
            continue
        plain = isinstance(value, ast.Dict | ast.Set | ast.List | ast.DictComp | ast.SetComp)
        if isinstance(value, ast.Call):
            func = value.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            plain = name in IN_MEMORY
        if plain:
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def _called(node: ast.AST) -> set[str]:
    """The names of the functions and methods ``node`` calls, except methods of in-memory locals."""
    in_memory = _in_memory_locals(node)
    names: set[str] = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            if isinstance(func, ast.Attribute):
                receiver = func.value
                if isinstance(receiver, ast.Name) and receiver.id in in_memory:
                    continue
                names.add(func.attr)
            elif isinstance(func, ast.Name):
                names.add(func.id)
    return names


def _is_atomic(function: ast.FunctionDef) -> bool:
    if any("atomic" in ast.unparse(d) for d in function.decorator_list):
        return True
    return any(
        isinstance(node, ast.With) and "atomic" in ast.unparse(node) for node in ast.walk(function)
    )


def _functions(path: Path) -> list[ast.FunctionDef]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [node for node in tree.body if isinstance(node, ast.FunctionDef)]


def test_it_finds_the_services():
    files = _service_files()
    assert ROOT / "stays/services.py" in files or (ROOT / "stays/services").is_dir()
    assert len(files) >= 20


def test_every_service_that_writes_rows_opens_its_transaction():
    missing: list[str] = []
    for path in _service_files():
        for function in _functions(path):
            if function.name.startswith("_"):
                continue
            writes = _called(function) & ORM_WRITES and not _is_atomic(function)
            if writes and f"{_module(path)}.{function.name}" not in INSIDE_THE_CALLERS_TRANSACTION:
                missing.append(f"{path.relative_to(ROOT)}: {function.name}")
    assert missing == [], "writes without a transaction of their own: " + ", ".join(missing)


def test_every_exception_still_names_a_function_that_exists():
    # An entry whose function was renamed or made atomic would excuse nothing.
    present = {
        f"{_module(path)}.{function.name}"
        for path in _service_files()
        for function in _functions(path)
        if _called(function) & ORM_WRITES and not _is_atomic(function)
    }
    assert set(INSIDE_THE_CALLERS_TRANSACTION) <= present


def test_no_view_writes_rows_itself():
    found = [
        f"{path.relative_to(ROOT)}:{call.lineno}"
        for path in _view_files()
        for call in ast.walk(ast.parse(path.read_text()))
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr in ORM_WRITES
    ]
    assert found == [], "views must write through services: " + ", ".join(found)


def test_it_tells_a_row_written_from_a_counter_updated():
    source = """
def counts(model):
    tally = Counter()
    tally.update(model.objects.values_list("kind", flat=True))
    digest = hashlib.sha256()
    digest.update(b"x")
    return tally

def mark(model):
    model.objects.filter(pk=1).update(done=True)

def keep(obj):
    seen = {}
    seen.update(a=1)
    obj.save()
"""
    tree = ast.parse(source)
    functions = {
        f.name: _called(f) & ORM_WRITES for f in tree.body if isinstance(f, ast.FunctionDef)
    }
    assert functions == {"counts": set(), "mark": {"update"}, "keep": {"save"}}
