"""Crash points for the crash-consistency test (SECURITY.md 30).

A service marks the moments between its writes with one line::

    faults.point("allocation.propose.after_booking")

In production this does nothing: it acts only when ``BOTILBUD_ENV=test``
*and* ``BOTILBUD_FAULT`` names this point. ``BOTILBUD_FAULT_ACTION`` says
what happens there:

* ``kill`` (default): the process kills itself with SIGKILL, like an
  out-of-memory kill or a pulled plug: no exception handler, no rollback
  from Python, no ``finally``;
* ``pause``: the process writes its PostgreSQL backend pid to
  ``BOTILBUD_FAULT_FILE`` and waits (up to 60 s) for ``<file>.go`` to
  appear, so the test can terminate the database connection from outside
  (``pg_terminate_backend``) at exactly this point; then it carries on and
  meets the dead connection;
* ``raise``: a ``FaultInjected`` exception, like a bug after the writes: the
  service's own transaction must undo them (``core/tests/test_short_transactions.py``
  runs it inside a request, where no request-wide transaction exists).

``core/tests/test_crash_consistency.py`` runs the services in a child
process at every point and checks that the change and its audit rows are
either all there or not there at all.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from django.conf import settings

ENV = "BOTILBUD_FAULT"


class FaultInjected(RuntimeError):
    """Raised at a crash point by ``BOTILBUD_FAULT_ACTION=raise``."""


def point(name: str) -> None:
    """A named moment where a test may crash the process. A no-op unless testing."""
    if os.environ.get(ENV) != name:  # the common case: one dict lookup
        return
    if os.environ.get("BOTILBUD_ENV") != "test" or getattr(settings, "ENVIRONMENT", "") != "test":
        return
    action = os.environ.get("BOTILBUD_FAULT_ACTION", "kill")
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "pause":
        _pause()
    elif action == "raise":
        raise FaultInjected(name)


def _pause() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend_pid,) = cursor.fetchone()
    report = Path(os.environ["BOTILBUD_FAULT_FILE"])
    go = report.with_name(report.name + ".go")
    partial = report.with_name(report.name + ".partial")
    partial.write_text(str(backend_pid))
    partial.rename(report)  # the test sees the whole pid or no file
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
