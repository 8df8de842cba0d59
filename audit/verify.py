"""Checking the audit chain end to end (``manage.py verify_audit``).

Finds the four kinds of tampering someone with database superuser rights can
do, and names the first entry (by seq) where the chain goes wrong:

* edit: the recomputed HMAC of an entry differs from its stored hash;
* delete: a seq is missing, or an entry's prev_hash is not its predecessor's hash;
* reorder: an entry links to an entry that now sits *later* in seq order;
* truncation: the chain ends before the head row or the newest external anchor.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from audit.anchors import AnchorError, newest_anchor
from audit.hashing import entry_hash, normalise_time
from audit.models import GENESIS_HASH, AuditEntry, AuditHead


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None
    problem: str
    last_seq: int = 0


# What the hash covers, plus the stored hash: read as plain rows, not model
# instances, which is most of the cost per row.
_COLUMNS = (
    "seq", "at", "actor_id", "actor_username", "roles", "organisations", "action",
    "object_type", "object_id", "fields", "purpose", "ip", "prev_hash", "hash",
)  # fmt: skip


# The nightly run starts at an anchor written at least this long before, so
# each run overlaps the previous one's stretch of the chain.
INCREMENTAL_OVERLAP = dt.timedelta(hours=25)


def verify_chain(*, anchor_dir: Path | None = None, from_anchor: bool = False) -> VerifyResult:
    """Walk the chain in seq order, streaming, and report the first break.

    ``from_anchor`` (the nightly run): start at the newest external anchor
    written more than ``INCREMENTAL_OVERLAP`` ago instead of the first entry.
    The anchor's entry must still carry the anchored hash and link to the
    entry before it, so everything from there on is checked exactly as in the
    full walk, and the last night's run checked what came before. An edit of
    older entries is found by the full walk, which the weekly backup drill runs.
    """
    try:
        anchor = newest_anchor(anchor_dir)
        start_anchor = (
            newest_anchor(
                anchor_dir, written_before=normalise_time(timezone.now() - INCREMENTAL_OVERLAP)
            )
            if from_anchor
            else None
        )
    except AnchorError as exc:
        return VerifyResult(False, 0, None, f"anchor file unreadable: {exc}")

    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    rows = AuditEntry.objects.order_by("seq")
    if start_anchor is not None and start_anchor.seq > 1:
        # From the entry before the anchor's, so the anchored entry's link is checked too.
        seq = start_anchor.seq
        start = rows.filter(seq=seq - 1).values_list("hash", flat=True).first()
        if start is None:
            return _broken(0, seq - 1, f"entry {seq - 1} is missing (deleted)")
        if not rows.filter(seq=seq, hash=start_anchor.hash).exists():
            return _broken(0, seq, f"entry {seq} differs from the external anchor")
        rows = rows.filter(seq__gte=seq)
        expected_seq, prev_hash = seq, start
    entries = rows.values_list(*_COLUMNS, named=True).iterator(chunk_size=5000)
    for entry in entries:
        checked += 1
        if entry.seq != expected_seq:
            return _broken(checked, expected_seq, f"entry {expected_seq} is missing (deleted)")
        if entry.prev_hash != prev_hash:
            links_forward = AuditEntry.objects.filter(
                hash=entry.prev_hash, seq__gt=entry.seq
            ).exists()
            if links_forward:
                problem = f"entry {entry.seq} links to a later entry (reordered)"
            else:
                problem = f"entry {entry.seq} does not link to entry {entry.seq - 1} (deleted or inserted)"
            return _broken(checked, entry.seq, problem)
        if not hmac.compare_digest(entry_hash(entry), entry.hash):
            return _broken(checked, entry.seq, f"entry {entry.seq} was changed (hash mismatch)")
        if anchor is not None and entry.seq == anchor.seq and entry.hash != anchor.hash:
            return _broken(
                checked, entry.seq, f"entry {entry.seq} differs from the external anchor"
            )
        prev_hash = entry.hash
        expected_seq += 1

    last_seq = expected_seq - 1
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    if head_seq > last_seq:
        return _broken(
            checked,
            last_seq + 1,
            f"chain ends at {last_seq} but the head says {head_seq} (truncated)",
        )
    if head_seq < last_seq or head_hash != prev_hash:
        return _broken(
            checked,
            head_seq + 1 if head_seq < last_seq else last_seq,
            "head row does not match the chain",
        )
    if anchor is not None and anchor.seq > last_seq:
        return _broken(
            checked,
            last_seq + 1,
            f"chain ends at {last_seq} but the anchor of {anchor.at} says {anchor.seq} (truncated)",
        )
    return VerifyResult(True, checked, None, "", last_seq)


def _broken(checked: int, seq: int, problem: str) -> VerifyResult:
    return VerifyResult(False, checked, seq, problem)
