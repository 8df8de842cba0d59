"""Transactions as short as the rule they protect (docs/decisions/0007-short-transactions.md).

There is no request-wide transaction (no ``ATOMIC_REQUESTS``). A service
commits its rule and its audit row together or not at all; a page's read
rows commit in their own short transaction; a file (PDF, spreadsheet, CSV)
is made after its audit row has committed, with no transaction open and so
no lock on the audit chain's head. The admin site keeps its own transaction
around its hooks.

Every test here commits for real (``transaction=True``), so what it sees is
what another connection would see; they run on SQLite and on PostgreSQL.
``test_head_lock.py`` shows on PostgreSQL that a slow render keeps no other
request waiting.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin as django_admin
from django.contrib import messages
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook
from weasyprint import HTML

from access import approvals
from access.models import ApprovalRequest
from accounts.models import User
from accounts.tests.admin_forms import AdminForm
from audit.models import AuditEntry
from audit.verify import verify_chain
from core import dates
from stays.models import Stay
from stays.tests.conftest import living, stay_factory  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_runs_requests_without_a_request_wide_transaction() -> None:
    for alias, database in settings.DATABASES.items():
        assert not database.get("ATOMIC_REQUESTS"), alias


# --- a write and its audit row: together, and only together -----------------------------


def _move_out(client: Any, stay: Stay) -> Any:
    return client.post(
        reverse("stays:move_out", args=[stay.pk]),
        {"moved_out_on": dates.today().isoformat(), "destination": "unknown"},
    )


def _moved_out_rows(stay: Stay) -> int:
    return AuditEntry.objects.filter(
        action="stays.stay.moved_out", object_type="stays.Stay", object_id=str(stay.pk)
    ).count()


def test_a_view_that_fails_after_its_service_keeps_the_write_and_its_audit_row(
    living: Stay,  # noqa: F811
    cast: dict[str, Any],
    client_for: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The new semantics: what a service committed stays, with its audit row.

    Under a request-wide transaction a failure later in the view (here the
    success message) undid the move-out as well; now the move-out is a
    finished act, recorded, and only the page fails.
    """

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the page broke after the service committed")

    monkeypatch.setattr(messages, "success", broken)
    client = client_for(cast["followup_worker_a"], raise_request_exception=False)
    assert _move_out(client, living).status_code == 500

    living.refresh_from_db()
    assert living.status == Stay.Status.MOVED_OUT
    assert living.moved_out_on == dates.today()
    assert _moved_out_rows(living) == 1
    assert verify_chain().ok


def test_a_service_that_fails_leaves_neither_the_write_nor_its_audit_row(
    living: Stay,  # noqa: F811
    cast: dict[str, Any],
    client_for: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A failure after the stay, the booking and the audit row were written undoes all three."""
    booking_ends_on = living.booking.ends_on if living.booking else None
    client = client_for(cast["followup_worker_a"], raise_request_exception=False)
    head = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    monkeypatch.setenv("BOTILBUD_FAULT", "stay.move_out.after_audit")
    monkeypatch.setenv("BOTILBUD_FAULT_ACTION", "raise")
    assert _move_out(client, living).status_code == 500

    living.refresh_from_db()
    assert living.status == Stay.Status.LIVING
    assert living.moved_out_on is None
    assert (living.booking.ends_on if living.booking else None) == booking_ends_on
    assert _moved_out_rows(living) == 0
    assert AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() == head
    assert verify_chain().ok

    # Nothing half-made or locked is left behind: the same form works now.
    monkeypatch.delenv("BOTILBUD_FAULT")
    assert _move_out(client, living).status_code == 302
    assert _moved_out_rows(living) == 1


# --- files are made after their audit row committed ------------------------------------


@dataclass
class Renders:
    """Each file made during a test: was a transaction open, was its audit row committed."""

    action: str = ""
    seen: list[tuple[bool, bool]] = field(default_factory=list)

    def watch(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def spy(*args: Any, **kwargs: Any) -> Any:
            in_transaction = connection.in_atomic_block
            # Outside a transaction this sees only what has committed.
            audited = AuditEntry.objects.filter(action=self.action).exists()
            self.seen.append((in_transaction, audited))
            return original(*args, **kwargs)

        return spy


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Iterator[Renders]:
    """Spies on what makes every file: WeasyPrint (PDF), openpyxl (XLSX), the csv module."""
    found = Renders()
    monkeypatch.setattr(HTML, "write_pdf", found.watch(HTML.write_pdf))
    monkeypatch.setattr(Workbook, "save", found.watch(Workbook.save))
    monkeypatch.setattr(csv, "writer", found.watch(csv.writer))
    yield found


def _made_after_commit(renders: Renders) -> None:
    assert renders.seen, "no file was made"
    # (in a transaction, audit row committed) for every file made.
    assert set(renders.seen) == {(False, True)}


def test_it_prints_the_timetable_after_its_audit_row_committed(
    living: Stay,  # noqa: F811
    cast: dict[str, Any],
    client_for: Callable[..., Any],
    renders: Renders,
) -> None:
    renders.action = "stays.timetable.printed"
    client = client_for(cast["followup_worker_a"])
    response = client.get(reverse("stays:timetable_pdf", args=[living.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    _made_after_commit(renders)


def test_it_makes_the_art15_report_after_its_audit_rows_committed(
    living: Stay,  # noqa: F811
    cast: dict[str, Any],
    client_for: Callable[..., Any],
    renders: Renders,
) -> None:
    assert living.person is not None
    renders.action = "access.art15.generated"
    client = client_for(cast["coordinator"], reauthenticated=True)
    response = client.post(
        reverse("access:access_report"),
        {
            "identity_number": living.person.identity_number,
            "person_ref": "",
            "identity_checked": "on",
            "identity_method": "in_person_id",
            "identity_note": "",
            "names_reason": "",
        },
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    _made_after_commit(renders)


def test_it_writes_the_resident_list_after_its_audit_rows_committed(
    living: Stay,  # noqa: F811
    cast: dict[str, Any],
    client_for: Callable[..., Any],
    renders: Renders,
) -> None:
    lead = cast["project_lead_a"]
    approval = approvals.request_approval(
        user=lead,
        kind=ApprovalRequest.Kind.BULK_EXPORT,
        subject_obj=living.offer,
        reason="Tilsynet ber om beboerlisten.",
    )
    approvals.decide(user=cast["coordinator"], approval_id=approval.pk, approve=True)
    renders.action = "access.resident_list.exported"
    client = client_for(lead, reauthenticated=True)
    response = client.post(reverse("access:resident_export_download", args=[living.offer.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    _made_after_commit(renders)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_it_makes_a_statistics_export_after_its_audit_row_committed(
    fmt: str,
    living: Stay,  # noqa: F811
    cast: dict[str, Any],
    client_for: Callable[..., Any],
    renders: Renders,
) -> None:
    renders.action = "reporting.export.created"
    client = client_for(cast["analyst"], reauthenticated=True)
    response = client.get(
        reverse("reporting:statistics_export", args=[fmt])
        + f"?fra=2025-01-01&til={dates.today().isoformat()}&omfang=national"
    )
    assert response.status_code == 200
    _made_after_commit(renders)


# --- the admin site keeps its own transaction around its audited hooks -----------------


def test_the_admin_sites_hooks_write_inside_its_transaction(
    cast: dict[str, Any],
    client_for: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    mailoutbox: list[Any],
) -> None:
    """Django's admin wraps its add and change views in ``transaction.atomic``.

    The hooks (``save_model`` → access.signin.enrolment / access.administration)
    write the row and its audit row; Django writes its own log entry after
    them. When that last step fails, the admin's transaction must undo the
    hooks' writes and audit rows, and the enrolment link's mail (sent on
    commit) must never leave.
    """
    admin = client_for(cast["sysadmin"])
    head = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the admin's log failed after the hooks")

    form = AdminForm.open(admin, reverse("admin:accounts_user_add"))
    form.set(username="nora", email="nora@botilbud.example")
    with monkeypatch.context() as patched:
        patched.setattr(django_admin.ModelAdmin, "log_addition", broken)
        with pytest.raises(RuntimeError):
            form.post(admin)
    assert not User.objects.filter(username="nora").exists()
    assert AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() == head
    assert mailoutbox == []

    # The same form without the fault: user, audit rows and mail, all after commit.
    assert form.post(admin).status_code == 200
    nora = User.objects.get(username="nora")
    assert set(
        AuditEntry.objects.filter(object_id=str(nora.pk), object_type="accounts.User").values_list(
            "action", flat=True
        )
    ) == {"accounts.user.created", "accounts.enrolment.issued"}
    assert len(mailoutbox) == 1

    change = AdminForm.open(admin, reverse("admin:accounts_user_change", args=[nora.pk]))
    change.set(first_name="Nora")
    with monkeypatch.context() as patched:
        patched.setattr(django_admin.ModelAdmin, "log_change", broken)
        with pytest.raises(RuntimeError):
            change.post(admin)
    nora.refresh_from_db()
    assert nora.first_name == ""
    assert not AuditEntry.objects.filter(action="accounts.user.changed").exists()
    assert verify_chain().ok
