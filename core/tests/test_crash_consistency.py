"""Crash consistency (SECURITY.md 30): all or nothing, never a write without its audit row.

Each case runs one service call (allocation proposal, acceptance, move-out)
in a child process against the PostgreSQL test database and crashes it at a
numbered point inside the transaction (``core.faults.point``):

* ``kill``: the child sends itself SIGKILL there;
* ``terminate``: the child pauses there and the test ends its database
  connection from outside with ``pg_terminate_backend``.

Afterwards, in the parent: nothing at all changed (every table, the audit
log included, is byte for byte as before) — or, for a kill after commit,
the whole change is there together with its audit rows. The audit chain
verifies, and the same call run again without a fault succeeds (a crash
leaves no half-made row or stuck lock behind).
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from access.tests.test_csrf_and_methods import audit_state, changed_tables, fingerprint
from audit.models import AuditEntry, AuditHead
from audit.services import record
from audit.verify import verify_chain
from core import dates
from referrals.models import Allocation, Consent
from stays.models import Stay
from tests.security_figures import record as record_figures

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]

# scenario -> points inside its transaction, in the order the service meets them.
POINTS = {
    "propose": [
        "allocation.propose.after_allocation",
        "allocation.propose.after_booking",
        "allocation.propose.after_audit",
    ],
    "accept": [
        "allocation.accept.after_status",
        "allocation.accept.after_audit",
        "stay.create.after_stay",
        "allocation.accept.after_stay",
    ],
    "move_out": [
        "stay.move_out.after_stay",
        "stay.move_out.after_booking",
        "stay.move_out.after_audit",
    ],
}
# Inside audit.services.record, between the entry and the chain head: met at
# the first audit row of every scenario.
AUDIT_POINT = "audit.record.after_entry"
# The connection is ended from outside at one point in the middle of each.
TERMINATE_AT = {
    "propose": "allocation.propose.after_booking",
    "accept": "stay.create.after_stay",
    "move_out": "stay.move_out.after_booking",
}
EXPECTED_ACTIONS = {
    "propose": {"referrals.allocation.proposed"},
    "accept": {"referrals.allocation.accepted", "stays.stay.created"},
    "move_out": {"stays.stay.moved_out"},
}

CASES = [
    *[(scenario, point, "kill") for scenario, points in POINTS.items() for point in points],
    *[(scenario, AUDIT_POINT, "kill") for scenario in POINTS],
    *[(scenario, point, "terminate") for scenario, point in TERMINATE_AT.items()],
    ("accept", AUDIT_POINT, "terminate"),
    *[(scenario, "worker.after_commit", "kill") for scenario in POINTS],
]


def _case_id(case: tuple[str, str, str]) -> str:
    return f"{case[0]}-{case[2]}-{case[1]}"


# --- the scenarios' starting points ----------------------------------------------------


def _proposable(cast: dict[str, Any], orgs: dict[str, Any]) -> tuple[Any, Any]:
    from tests import factories as f

    coordinator = cast["coordinator"]
    place = f.cleared_place(municipality=orgs["municipality_a"], by=coordinator)
    assessment: Any = f.AssessmentFactory.create(assessed_by_user=coordinator)
    f.ConsentFactory.create(person=assessment.person, recorded_by=coordinator)
    f.ConsentFactory.create(
        person=assessment.person,
        recorded_by=coordinator,
        purpose=Consent.Purpose.RECEIVING_OFFER,
        recipient_kind=Consent.RecipientKind.MUNICIPALITY,
        recipient_organisation=orgs["municipality_a"],
    )
    f.ThreatAssessmentFactory.create(
        assessment=assessment, written_by=cast["police_representative"]
    )
    return assessment, place


def prepare(scenario: str, cast: dict[str, Any], orgs: dict[str, Any]) -> list[str]:
    """Commit the starting point; return the child's arguments."""
    from referrals import services
    from stays import services as stay_services
    from stays.services import stay_move_in

    assessment, place = _proposable(cast, orgs)
    # A chain that is already going, so a crash has a head and a hash to spoil.
    record(
        actor=cast["coordinator"],
        action="referrals.assessment.viewed",
        obj=assessment,
        fields=["status"],
        purpose="crash test",
    )
    if scenario == "propose":
        return [str(assessment.pk), str(place.pk), str(cast["coordinator"].pk)]
    allocation = services.allocation_propose(
        assessment=assessment,
        place=place,
        expected_arrival_on=dates.today(),
        by=cast["coordinator"],
    )
    if scenario == "accept":
        return [str(allocation.pk), str(cast["project_lead_a"].pk)]
    stay = stay_services.allocation_accept(allocation=allocation, by=cast["project_lead_a"])
    stay_move_in(stay=stay, moved_in_on=dates.today(), by=cast["followup_worker_a"])
    return [str(stay.pk), str(cast["followup_worker_a"].pk)]


def is_complete(scenario: str, args: list[str]) -> bool:
    """The whole change is there (the audit rows are checked separately)."""
    if scenario == "propose":
        allocation = Allocation.objects.filter(assessment_id=int(args[0])).first()
        return (
            allocation is not None
            and allocation.status == "proposed"
            and allocation.booking is not None
            and allocation.booking.place_id == int(args[1])
        )
    if scenario == "accept":
        allocation = Allocation.objects.get(pk=int(args[0]))
        return (
            allocation.status == "accepted"
            and allocation.assessment.status == "allocated"
            and Stay.objects.filter(allocation=allocation).exists()
        )
    stay = Stay.objects.get(pk=int(args[0]))
    return (
        stay.status == "moved_out"
        and stay.moved_out_on == dates.today()
        and stay.booking is not None
        and stay.booking.ends_on is not None
    )


# --- the worker ------------------------------------------------------------------------


def child_env() -> dict[str, str]:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    url = f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOTILBUD_FAULT")}
    return {**env, "BOTILBUD_ENV": "test", "DATABASE_URL": url}


class WorkerServer:
    """``crash_worker serve``: Django set up once, one forked worker per call."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.process = subprocess.Popen(
            [sys.executable, "-m", "core.tests.crash_worker", "serve"],
            cwd=ROOT,
            env=child_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        ready = self._answer(timeout=120)
        assert "ready" in ready, ready

    def _answer(self, timeout: float) -> dict[str, Any]:
        assert self.process.stdout is not None
        readable, _, _ = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if readable else ""
        if not line:
            self.process.kill()
            _out, err = self.process.communicate()
            raise AssertionError(f"the crash worker server gave no answer: {err[-3000:]}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def start(self, scenario: str, args: list[str], **env: str) -> Path:
        stderr = self.tmp / f"worker-{time.monotonic_ns()}.err"
        request = {"scenario": scenario, "args": args, "env": env, "stderr": str(stderr)}
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return stderr

    def finish(self, stderr: Path) -> subprocess.CompletedProcess[str]:
        code = self._answer(timeout=120)["returncode"]
        text = stderr.read_text() if stderr.exists() else ""
        return subprocess.CompletedProcess([], code, "", text)

    def run(self, scenario: str, args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
        return self.finish(self.start(scenario, args, **env))

    def run_and_terminate(
        self, scenario: str, args: list[str], point: str
    ) -> subprocess.CompletedProcess[str]:
        """Pause the worker at ``point``, end its database session from here, let it go on."""
        report = self.tmp / f"backend-{time.monotonic_ns()}.pid"
        stderr = self.start(
            scenario,
            args,
            BOTILBUD_FAULT=point,
            BOTILBUD_FAULT_ACTION="pause",
            BOTILBUD_FAULT_FILE=str(report),
        )
        deadline = time.monotonic() + 60
        while not report.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        if not report.exists():
            result = self.finish(stderr)
            raise AssertionError(f"the worker never reached {point}: {result.stderr[-2000:]}")
        backend = int(report.read_text())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
            assert cursor.fetchone()[0] is True
        report.with_name(report.name + ".go").touch()
        return self.finish(stderr)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def workers(django_db_setup: None, tmp_path_factory: pytest.TempPathFactory) -> Any:
    server = WorkerServer(tmp_path_factory.mktemp("crash"))
    yield server
    server.close()


def new_actions(last_seq: int) -> set[str]:
    return set(AuditEntry.objects.filter(seq__gt=last_seq).values_list("action", flat=True))


def assert_chain_intact() -> None:
    result = verify_chain()
    assert result.ok, result
    # (A transactional test's flush removes the head row; the next record() makes it again.)
    head = AuditHead.objects.filter(pk=1).first()
    last = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    assert (head.seq if head else 0) == (last or 0)


# --- the test -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_it_leaves_all_or_nothing_when_the_worker_dies(case, cast, orgs, workers):
    scenario, point, action = case
    args = prepare(scenario, cast, orgs)
    before, (last_seq, last_hash) = fingerprint(), audit_state()

    if action == "kill":
        result = workers.run(scenario, args, BOTILBUD_FAULT=point)
        assert result.returncode == -9, (result.returncode, result.stderr[-2000:])
    else:
        result = workers.run_and_terminate(scenario, args, point)
        assert result.returncode != 0, "the child should have met its dead connection"
        assert "terminat" in result.stderr.lower() or "closed" in result.stderr.lower()

    changed = changed_tables(before, fingerprint())
    half_done = point != "worker.after_commit" and bool(changed)
    record_figures("crash", {"case": _case_id(case), "point": point, "half_done": int(half_done)})
    if point == "worker.after_commit":
        # Killed after commit: the whole change and every audit row of it are there.
        assert is_complete(scenario, args)
        assert EXPECTED_ACTIONS[scenario] <= new_actions(last_seq)
    else:
        # Killed inside the transaction: nothing, not even an audit row.
        assert changed == [], f"half-done change after a crash at {point}: {changed}"
        assert audit_state() == (last_seq, last_hash)
        assert not AuditEntry.objects.filter(seq__gt=last_seq).exists()
        assert not is_complete(scenario, args)
    assert_chain_intact()

    if point != "worker.after_commit":
        # Nothing half-made or locked is left in the way: the call succeeds now.
        retry = workers.run(scenario, args)
        assert retry.returncode == 0, retry.stderr[-2000:]
        assert is_complete(scenario, args)
        assert EXPECTED_ACTIONS[scenario] <= new_actions(last_seq)
        assert_chain_intact()


def test_it_covers_every_fault_point_in_the_services():
    # A point added to a service without a case here would never be crashed at.
    import re

    sources = [
        ROOT / "referrals/services/allocation.py",
        *sorted((ROOT / "stays/services").glob("*.py")),
        ROOT / "audit/services.py",
    ]
    declared = {
        name
        for source in sources
        for name in re.findall(r'faults\.point\("([^"]+)"\)', source.read_text())
    }
    tested = {point for _scenario, point, _action in CASES}
    assert declared - tested == set()
    assert len(declared) >= 11
