"""Checking the audit chain end to end (``manage.py verify_audit``).

Finds the four kinds of tampering someone with database superuser rights can
do, and names the first entry (by seq) where the chain goes wrong:

* edit: the recomputed HMAC of an entry differs from its stored hash;
* delete: a seq is missing, or an entry's prev_hash is not its predecessor's hash;
* reorder: an entry links to an entry that now sits *later* in seq order;
* truncation: the chain ends before the head row or the newest external anchor.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from pathlib import Path

from audit.anchors import AnchorError, newest_anchor
from audit.hashing import entry_hash
from audit.models import GENESIS_HASH, AuditEntry, AuditHead


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None
    problem: str
    last_seq: int = 0


def verify_chain(*, anchor_dir: Path | None = None) -> VerifyResult:
    """Walk the whole chain in seq order, streaming, and report the first break."""
    try:
        anchor = newest_anchor(anchor_dir)
    except AnchorError as exc:
        return VerifyResult(False, 0, None, f"anchor file unreadable: {exc}")

    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    entries = AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)
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
