"""Reading the audit log."""

from __future__ import annotations

from django.db.models import QuerySet

from audit.models import AuditEntry


def access_log_for_object(*, object_type: str, object_id: str | int) -> QuerySet[AuditEntry]:
    """Every audit entry about one object, oldest first (input to art. 15 reports).

    No acting user here: the caller (the art. 15 report service) has already
    checked through the access policy that its user may produce the report.
    """
    return AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id)).order_by(
        "seq"
    )
