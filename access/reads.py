"""The reads of the access app's pages: requests for approval and break-the-glass reviews.

The reason a colleague gives for wanting an address or an emergency access,
and the notes of whoever decides, can say something about a resident; the
pages that show them are audited (``audit.services.Read``). The action codes
keep clear of ``access.break_glass.``, which the audit review flags as
break-the-glass use.
"""

from __future__ import annotations

from audit.services import Read

APPROVAL = Read(
    action="access.approval.viewed",
    model="access.ApprovalRequest",
    fields=(
        "kind",
        "subject",
        "requested_by",
        "created_at",
        "reason",
        "status",
        "decided_by",
        "decided_at",
        "used_at",
        "decision_note",
    ),
    purpose="godkjenning av en annen person",
)
BREAK_GLASS_REVIEW = Read(
    action="access.break_glass_review.viewed",
    model="access.BreakGlassAccess",
    fields=(
        "user",
        "opened_at",
        "expires_at",
        "stay",
        "looked_up_by",
        "reason",
        "review",
        "review_note",
        "reviewed_by",
        "reviewed_at",
    ),
    purpose="gjennomgang av nødtilgang",
)
