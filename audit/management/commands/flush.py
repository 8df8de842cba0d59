"""``manage.py flush`` that knows about the append-only audit table.

On PostgreSQL a trigger refuses TRUNCATE of audit_auditentry, so Django's own
flush (which TRUNCATEs every table) fails, and so would the teardown of
transactional tests (live_server, browser tests), which call flush. Under
test settings only, this wrapper lifts the guard for the flush and puts it
back afterwards. Anywhere else flush still fails on the audit table, which is
what we want: nobody should wipe a production audit log with one command.

After the flush the chain head row is put back as the migration made it
(seq 0, genesis hash), so the database is in the state a fresh migrate
leaves and the next test starts from a real, empty chain.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.commands import flush
from django.db import connections

TABLE = "audit_auditentry"
TRIGGER = "audit_auditentry_no_truncate"


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        self._flush(**options)
        if TABLE in connections[options["database"]].introspection.table_names():
            from audit.models import GENESIS_HASH, AuditHead

            AuditHead.objects.using(options["database"]).get_or_create(
                pk=1, defaults={"seq": 0, "hash": GENESIS_HASH}
            )

    def _flush(self, **options: Any) -> None:
        connection = connections[options["database"]]
        lift = connection.vendor == "postgresql" and settings.ENVIRONMENT == "test"
        if lift:
            lift = TABLE in connection.introspection.table_names()
        if not lift:
            return super().handle(**options)
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
            cursor.execute(f"GRANT TRUNCATE ON {TABLE} TO CURRENT_USER")
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"REVOKE TRUNCATE ON {TABLE} FROM CURRENT_USER")
                cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")
