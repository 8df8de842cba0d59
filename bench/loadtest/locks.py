"""Who waits on a lock during the load, from PostgreSQL's side, two ways.

1. ``log_lock_waits`` with a short ``deadlock_timeout`` on the throwaway server:
   PostgreSQL logs every lock wait longer than that, and its end with the time
   waited. A wait on the audit chain's head row (``audit.services._locked_head``,
   ``SELECT … FOR UPDATE`` on ``audit_audithead``) names that relation in its
   context line, or its OID for a wait on the tuple lock.
2. A sampler thread that reads ``pg_stat_activity`` every 100 ms: how many
   backends wait on the head at once, and the longest transaction left open
   while the application did something else (``idle in transaction``) — what
   a PDF rendered inside a transaction would look like.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HEAD = "audit_audithead"
WAIT_LOGGED_AFTER_MS = 10
_ACQUIRED = re.compile(r"\[(\d+)\] LOG:  process \d+ acquired (\w+) on (.+?) after ([\d.]+) ms")
_STILL = re.compile(r"\[(\d+)\] LOG:  process \d+ still waiting for (\w+) on (.+?) after")
_PID = re.compile(r"\[(\d+)\] ")


def enable_lock_logging() -> Path:
    """Switch ``log_lock_waits`` on; returns the server's log file."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ALTER SYSTEM SET log_lock_waits = on")
        cursor.execute(f"ALTER SYSTEM SET deadlock_timeout = '{WAIT_LOGGED_AFTER_MS}ms'")
        cursor.execute("SELECT pg_reload_conf()")
        cursor.execute("SHOW data_directory")
        data = Path(str(cursor.fetchone()[0]))
    # scripts/pg_test_server.sh starts the server with `-l <dir>/server.log` next to data/.
    return data.parent / "server.log"


def head_oid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::regclass::oid", [HEAD])
        return int(cursor.fetchone()[0])


@dataclass
class LoggedWaits:
    head_waits: list[float] = field(default_factory=list)  # ms, waits that ended
    head_still_waiting: int = 0
    other_waits: list[float] = field(default_factory=list)
    other_still_waiting: int = 0
    other_kinds: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        def summary(ms: list[float]) -> dict[str, Any]:
            ordered = sorted(ms)
            return {
                "count": len(ordered),
                "total_ms": round(sum(ordered), 1),
                "max_ms": round(ordered[-1], 1) if ordered else None,
                "p95_ms": round(ordered[round(0.95 * (len(ordered) - 1))], 1) if ordered else None,
            }

        return {
            "logged_after_ms": WAIT_LOGGED_AFTER_MS,
            "head": {**summary(self.head_waits), "still_waiting_lines": self.head_still_waiting},
            "other": {
                **summary(self.other_waits),
                "still_waiting_lines": self.other_still_waiting,
                "kinds": self.other_kinds,
            },
        }


def read_logged_waits(log: Path, offset: int, oid: int) -> LoggedWaits:
    """The lock waits PostgreSQL logged since ``offset``, on the head and elsewhere."""
    with log.open(encoding="utf-8", errors="replace") as handle:
        handle.seek(offset)
        lines = handle.read().splitlines()
    found = LoggedWaits()
    for i, line in enumerate(lines):
        acquired, still = _ACQUIRED.search(line), _STILL.search(line)
        match = acquired or still
        if not match:
            continue
        pid = match.group(1)
        # The DETAIL/CONTEXT lines that follow, from the same backend.
        context = " ".join(
            following
            for following in lines[i + 1 : i + 4]
            if (m := _PID.search(following)) and m.group(1) == pid and "LOG:" not in following
        )
        on_head = f'"{HEAD}"' in context or f"of relation {oid} " in match.group(3)
        if acquired:
            ms = float(acquired.group(4))
            (found.head_waits if on_head else found.other_waits).append(ms)
            if not on_head:
                kind = f"{acquired.group(2)} on {acquired.group(3).split(' ')[0]}"
                found.other_kinds[kind] = found.other_kinds.get(kind, 0) + 1
        elif on_head:
            found.head_still_waiting += 1
        else:
            found.other_still_waiting += 1
    return found


_ACTIVITY = """
    SELECT state, wait_event_type, query ILIKE %s,
           COALESCE(EXTRACT(EPOCH FROM now() - state_change), 0)
    FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid()
      AND backend_type = 'client backend'
"""


class Sampler(threading.Thread):
    """Reads ``pg_stat_activity`` every ``interval`` seconds until ``stop()``."""

    def __init__(self, dsn: str, interval: float = 0.1) -> None:
        super().__init__(name="lock-sampler", daemon=True)
        self.dsn, self.interval = dsn, interval
        self.samples = 0
        self.samples_with_head_waiter = 0
        self.most_head_waiters = 0
        self.samples_with_other_lock_wait = 0
        self.longest_idle_in_transaction = 0.0
        self.most_active = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self._stop_event.is_set():
                rows = conn.execute(_ACTIVITY, [f"%{HEAD}%"]).fetchall()
                self._count(rows)
                time.sleep(self.interval)

    def _count(self, rows: list[Any]) -> None:
        self.samples += 1
        waiting = [r for r in rows if r[1] == "Lock"]
        head = sum(1 for r in waiting if r[2])
        self.most_head_waiters = max(self.most_head_waiters, head)
        self.samples_with_head_waiter += head > 0
        self.samples_with_other_lock_wait += len(waiting) > head
        self.most_active = max(self.most_active, sum(1 for r in rows if r[0] == "active"))
        for state, _wait, _head, seconds in rows:
            if state == "idle in transaction":
                self.longest_idle_in_transaction = max(
                    self.longest_idle_in_transaction, float(seconds)
                )

    def stop(self) -> dict[str, Any]:
        self._stop_event.set()
        self.join(timeout=10)
        return {
            "interval_s": self.interval,
            "samples": self.samples,
            "samples_with_head_waiter": self.samples_with_head_waiter,
            "most_head_waiters_at_once": self.most_head_waiters,
            "samples_with_other_lock_wait": self.samples_with_other_lock_wait,
            "longest_idle_in_transaction_s": round(self.longest_idle_in_transaction, 3),
            "most_active_backends_at_once": self.most_active,
        }
