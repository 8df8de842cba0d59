"""PostgreSQL refuses changes to audit rows, even from the application's own connection.

Collected on every run but selected only with PostgreSQL: SQLite runs use
``-m "not postgres"``.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEntry, AuditHead
from audit.services import record
from audit.verify import verify_chain

pytestmark = pytest.mark.postgres


def _refused(sql: str) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)


def test_it_runs_on_postgresql(db):
    assert connection.vendor == "postgresql"


def test_it_refuses_update_by_the_app_connection(chain):
    _refused("UPDATE audit_auditentry SET purpose = 'endret' WHERE seq = 2")
    assert AuditEntry.objects.get(seq=2).purpose == "innflytting"


def test_it_refuses_delete_by_the_app_connection(chain):
    _refused("DELETE FROM audit_auditentry WHERE seq = 5")
    assert AuditEntry.objects.count() == 5


def test_it_refuses_truncate_by_the_app_connection(chain):
    _refused("TRUNCATE audit_auditentry")
    assert verify_chain().ok


def test_it_keeps_the_head_updatable(chain):
    assert record(actor=None, action="accounts.user.login_failed").seq == 6
    assert AuditHead.objects.get(pk=1).seq == 6


def test_it_revokes_update_delete_and_truncate_from_public(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE table_name = 'audit_auditentry' AND grantee = 'PUBLIC'"
        )
        assert not {row[0] for row in cursor.fetchall()} & {"UPDATE", "DELETE", "TRUNCATE"}


def test_it_refuses_to_flush_the_audit_log_outside_tests(chain, settings):
    settings.ENVIRONMENT = "production"
    with pytest.raises(CommandError):
        call_command("flush", interactive=False, verbosity=0)
    assert AuditEntry.objects.count() == 5


def test_it_lets_transactional_tests_flush_and_guards_again_after(transactional_db):
    record(actor=None, action="accounts.user.login_failed")
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEntry.objects.count() == 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_auditentry_no_truncate'"
        )
        assert cursor.fetchone()[0] == "O"
    # The head row went with the flush; the chain starts again cleanly.
    assert record(actor=None, action="accounts.user.login_failed").seq == 1
    assert verify_chain().ok
