"""``manage.py anchor_audit``: copy the chain head to AUDIT_ANCHOR_DIR.

Run it from cron every 15 minutes; see docs/audit.md.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from audit.anchors import anchor_path, write_anchor
from audit.models import GENESIS_HASH, AuditEntry, AuditHead


class Command(BaseCommand):
    help = "Append the audit chain head (seq, hash, time) to the external anchor file."

    def handle(self, *args: Any, **options: Any) -> None:
        head = AuditHead.objects.filter(pk=1).first()
        seq, hash_ = (head.seq, head.hash) if head else (0, GENESIS_HASH)
        last = AuditEntry.objects.order_by("-seq").only("seq", "hash").first()
        last_seq, last_hash = (last.seq, last.hash) if last else (0, GENESIS_HASH)
        # Never anchor a head that disagrees with the chain: that would bless tampering.
        if (seq, hash_) != (last_seq, last_hash):
            self.stderr.write(
                f"Head (seq {seq}) does not match the newest entry (seq {last_seq}); "
                "not anchoring. Run verify_audit."
            )
            raise SystemExit(1)
        anchor = write_anchor(seq=seq, hash=hash_)
        self.stdout.write(f"Anchored audit head seq {anchor.seq} to {anchor_path()}.")
