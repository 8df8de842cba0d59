"""The worker that test_crash_consistency crashes: one service call per process.

    python -m core.tests.crash_worker propose <assessment> <place> <user>
    python -m core.tests.crash_worker accept <allocation> <user>
    python -m core.tests.crash_worker move_out <stay> <user>
    python -m core.tests.crash_worker serve

The first three run one call and exit 0. ``serve`` is how the test uses it:
like a preloading application server it sets Django up once, without
touching the database, and then forks one worker per request line on stdin
(JSON: ``scenario``, ``args``, ``env``, ``stderr`` path); each worker opens
its own database connection, runs the call and exits. The server answers
with one JSON line, ``{"returncode": ...}`` (negative: killed by that
signal), after the worker is gone. Forking saves the two-second Django start
per case; the worker still dies as a separate process with its own session.

``BOTILBUD_FAULT`` (core/faults.py), set per request in ``env``, makes the
worker die at a named point inside the service; ``worker.after_commit``
kills it right after the service returned.
"""

from __future__ import annotations

import json
import os
import sys
import traceback


def run(scenario: str, ids: list[str]) -> None:
    from accounts.models import User
    from core import dates, faults
    from housing.models import Place
    from referrals.models import Allocation, Assessment
    from referrals.services import allocation_propose
    from stays.models import Stay
    from stays.services import allocation_accept, stay_move_out

    user = User.objects.get(pk=int(ids[-1]))
    if scenario == "propose":
        allocation_propose(
            assessment=Assessment.objects.get(pk=int(ids[0])),
            place=Place.objects.get(pk=int(ids[1])),
            expected_arrival_on=dates.today(),
            by=user,
        )
    elif scenario == "accept":
        allocation_accept(allocation=Allocation.objects.get(pk=int(ids[0])), by=user)
    elif scenario == "move_out":
        stay_move_out(
            stay=Stay.objects.get(pk=int(ids[0])),
            moved_out_on=dates.today(),
            destination="unknown",
            by=user,
        )
    else:
        raise SystemExit(f"unknown scenario {scenario!r}")
    faults.point("worker.after_commit")


def _worker(request: dict[str, object]) -> None:
    """In the forked child: never returns."""
    code = 1
    try:
        fd = os.open(str(request["stderr"]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd, 2)
        os.dup2(fd, 1)  # stdout is the server's answer pipe: keep it clean
        os.close(fd)
        sys.stderr = os.fdopen(2, "w", buffering=1, closefd=False)
        env = request.get("env") or {}
        assert isinstance(env, dict)
        os.environ.update({str(k): str(v) for k, v in env.items()})
        args = request["args"]
        assert isinstance(args, list)
        run(str(request["scenario"]), [str(a) for a in args])
        code = 0
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stderr.flush()
        os._exit(code)


def serve() -> int:
    from django.db import connections

    # Import everything the workers need once, before forking.
    import core.faults  # noqa: F401
    import referrals.services  # noqa: F401
    import stays.services  # noqa: F401

    # The server itself must never hold a connection a worker could inherit.
    assert all(c.connection is None for c in connections.all(initialized_only=True))
    print(json.dumps({"ready": os.getpid()}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _worker(request)
        _pid, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        print(json.dumps({"returncode": code}), flush=True)
    return 0


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "botilbud.settings")
    import django

    django.setup()
    if argv == ["serve"]:
        return serve()
    scenario, *ids = argv
    run(scenario, ids)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
