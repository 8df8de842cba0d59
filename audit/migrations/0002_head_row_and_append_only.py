"""Create the chain head row and, on PostgreSQL, make the audit table append-only.

The trigger refuses UPDATE, DELETE and TRUNCATE for everyone, the table owner
included; only a superuser can disable it, and verify_audit detects what they
then do. The revokes take the privileges from the migrating role and PUBLIC;
in production the application connects as a separate role that is granted
only SELECT and INSERT on this table (docs/audit.md). SQLite (development)
skips this step.
"""

from django.db import migrations

GENESIS_HASH = "0" * 64

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit_auditentry is append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$
    """,
    """
    CREATE TRIGGER audit_auditentry_no_update_delete
        BEFORE UPDATE OR DELETE ON audit_auditentry
        FOR EACH ROW EXECUTE FUNCTION audit_auditentry_append_only()
    """,
    """
    CREATE TRIGGER audit_auditentry_no_truncate
        BEFORE TRUNCATE ON audit_auditentry
        FOR EACH STATEMENT EXECUTE FUNCTION audit_auditentry_append_only()
    """,
    "REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditentry FROM CURRENT_USER",
    "REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditentry FROM PUBLIC",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update_delete ON audit_auditentry",
    "DROP FUNCTION IF EXISTS audit_auditentry_append_only()",
    "GRANT UPDATE, DELETE, TRUNCATE ON audit_auditentry TO CURRENT_USER",
]


def create_head(apps, schema_editor):
    AuditHead = apps.get_model("audit", "AuditHead")
    AuditHead.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"seq": 0, "hash": GENESIS_HASH}
    )


def protect(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement, params=None)


def unprotect(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(create_head, migrations.RunPython.noop),
        migrations.RunPython(protect, unprotect),
    ]
