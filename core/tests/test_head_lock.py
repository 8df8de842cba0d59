"""A slow PDF keeps nobody waiting: the audit head is locked only for the write it protects.

Every audited act locks the audit chain's head row (``SELECT … FOR UPDATE``).
With a request-wide transaction that lock lasted until the response was
made, so every audited request in the system queued behind the slowest PDF
being rendered. PostgreSQL only: SQLite serialises writers anyway.

One request prints the timetable; its render is held on an event, with no
clock involved. While it is held, its database session must be idle (no
open transaction, no lock), and a second request's audited write must finish.
Only then is the render let go.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.urls import reverse
from weasyprint import HTML

from audit.models import AuditEntry
from audit.verify import verify_chain
from stays.models import HouseholdMember, Stay
from stays.tests.conftest import living, stay_factory  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# Only a safety net so a broken run ends: nothing here waits for time to pass.
GIVE_UP = 120


class HeldRender:
    """Stops WeasyPrint in the printing thread until ``release`` is set."""

    def __init__(self) -> None:
        self.rendering = threading.Event()
        self.release = threading.Event()
        self.backend_pid: int | None = None
        self.thread: threading.Thread | None = None
        self._original = HTML.write_pdf

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        held = self

        def write_pdf(document: Any, *args: Any, **kwargs: Any) -> Any:
            if threading.current_thread() is held.thread:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    held.backend_pid = cursor.fetchone()[0]
                held.rendering.set()
                held.release.wait(GIVE_UP)
            return held._original(document, *args, **kwargs)

        monkeypatch.setattr(HTML, "write_pdf", write_pdf)


def _in_thread(work: Callable[[], Any], results: dict[str, Any], key: str) -> threading.Thread:
    def run() -> None:
        try:
            results[key] = work()
        except BaseException as exc:  # reported by the main thread's assertions
            results[key] = exc
        finally:
            connections.close_all()  # this thread's own connection

    return threading.Thread(target=run, daemon=True)


def _session(pid: int) -> tuple[str, list[str]]:
    """The printing session's state and the locks it holds, seen from here."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT state FROM pg_stat_activity WHERE pid = %s", [pid])
        (state,) = cursor.fetchone()
        cursor.execute(
            "SELECT l.locktype || ':' || coalesce(c.relname, '') || ':' || l.mode "
            "FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation "
            "WHERE l.pid = %s AND l.locktype <> 'virtualxid'",
            [pid],
        )
        locks = sorted(row[0] for row in cursor.fetchall())
    return state, locks


def test_an_audited_write_completes_while_a_pdf_is_still_rendering(
    living: Stay,  # noqa: F811
    cast: dict[str, Any],
    client_for: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    printer = client_for(cast["followup_worker_a"])
    writer = client_for(cast["project_lead_a"])
    held = HeldRender()
    held.install(monkeypatch)
    results: dict[str, Any] = {}

    printing = _in_thread(
        lambda: printer.get(reverse("stays:timetable_pdf", args=[living.pk])), results, "pdf"
    )
    held.thread = printing
    writing = _in_thread(
        lambda: writer.post(
            reverse("stays:household_add", args=[living.pk]),
            {"kind": HouseholdMember.Kind.CHILD, "birth_year": "2019", "first_name": "A"},
        ),
        results,
        "write",
    )
    printing.start()
    try:
        assert held.rendering.wait(GIVE_UP), results.get("pdf")
        assert held.backend_pid is not None
        # The print's read row is written and committed: its session holds nothing.
        state, locks = _session(held.backend_pid)
        assert (state, locks) == ("idle", []), (state, locks)
        assert AuditEntry.objects.filter(action="stays.timetable.printed").exists()

        writing.start()
        writing.join(GIVE_UP)
        # The write finished while the render is still held.
        assert not writing.is_alive(), "the audited write waited for the PDF"
        assert printing.is_alive() and not held.release.is_set()
        assert results["write"].status_code == 302, results["write"]
        assert AuditEntry.objects.filter(
            action="stays.household.added", actor_id=cast["project_lead_a"].pk
        ).exists()
    finally:
        held.release.set()
        printing.join(GIVE_UP)
        if writing.ident is not None:
            writing.join(GIVE_UP)

    pdf = results["pdf"]
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), pdf
    # The write came in between, and the chain has one order all the same.
    printed = AuditEntry.objects.get(action="stays.timetable.printed").seq
    added = AuditEntry.objects.get(action="stays.household.added").seq
    assert printed < added
    assert verify_chain().ok
