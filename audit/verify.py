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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

from audit.anchors import Anchor, AnchorError, newest_anchor
from audit.batch import (
    HASH,
    PREV,
    SEQ,
    PayloadEncoder,
    first_difference,
    first_mismatch,
    read_batches,
)
from audit.hashing import normalise_time
from audit.models import GENESIS_HASH, AuditEntry, AuditHead


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None
    problem: str
    last_seq: int = 0


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
    start_seq = None  # the whole table, so a row a superuser put before seq 1 is seen
    rows = AuditEntry.objects.order_by("seq")
    if start_anchor is not None and start_anchor.seq > 1:
        # From the entry before the anchor's, so the anchored entry's link is checked too.
        seq = start_anchor.seq
        start = rows.filter(seq=seq - 1).values_list("hash", flat=True).first()
        if start is None:
            return _broken(0, seq - 1, f"entry {seq - 1} is missing (deleted)")
        if not rows.filter(seq=seq, hash=start_anchor.hash).exists():
            return _broken(0, seq, f"entry {seq} differs from the external anchor")
        expected_seq, prev_hash, start_seq = seq, start, seq
    broken = None
    with read_batches(start_seq) as (batches, encoder):
        for batch in batches:
            broken = _check_batch(batch, expected_seq, prev_hash, anchor, encoder)
            if broken is not None:
                break
            checked += len(batch)
            expected_seq += len(batch)
            prev_hash = batch[-1][HASH]
    if broken is not None:
        # After the walk's cursor is closed: diagnosing may ask the database again.
        index, seq, problem = broken
        return _broken(checked + index + 1, seq, problem or _link_problem(seq, batch[index][PREV]))

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


def _check_batch(
    rows: list[tuple[Any, ...]], expected_seq: int, prev_hash: str, anchor: Anchor | None,
    encoder: PayloadEncoder,
) -> tuple[int, int, str] | None:  # fmt: skip
    """The first broken row of a batch as (index, seq, problem), or None.

    The same checks in the same order as one row at a time (seq, link, hash,
    anchor; the first row that fails any), done column-wise: the rows up to
    the first gap or broken link are hashed in one go.
    """
    n = len(rows)
    columns = list(zip(*rows, strict=True))
    seqs, links, hashes = columns[SEQ], columns[PREV], columns[HASH]
    bad_seq = first_difference(seqs, range(expected_seq, expected_seq + n))
    bad_link = first_difference(links, (prev_hash, *hashes[:-1]))
    limit = min(bad_seq, bad_link)
    # Each "bad_" is the index of the first row failing that check, or n: none does.
    bad_hash = bad_anchor = n
    if limit:
        computed = encoder.hashes(columns if limit == n else [c[:limit] for c in columns])
        mismatch = first_mismatch(computed, hashes[:limit])
        bad_hash = mismatch if mismatch < limit else n
    if anchor is not None and 0 <= anchor.seq - expected_seq < limit:
        at = anchor.seq - expected_seq
        bad_anchor = at if hashes[at] != anchor.hash else n
    first = min(bad_hash, bad_anchor, limit)
    if first == n:
        return None
    seq = seqs[first]
    if first == bad_hash:
        return first, seq, f"entry {seq} was changed (hash mismatch)"
    if first == bad_anchor:
        return first, seq, f"entry {seq} differs from the external anchor"
    if first == bad_seq:
        missing = expected_seq + first
        return first, missing, f"entry {missing} is missing (deleted)"
    return first, seq, ""  # a broken link: _link_problem says which kind


def _link_problem(seq: int, prev_hash: str) -> str:
    if AuditEntry.objects.filter(hash=prev_hash, seq__gt=seq).exists():
        return f"entry {seq} links to a later entry (reordered)"
    return f"entry {seq} does not link to entry {seq - 1} (deleted or inserted)"


def _broken(checked: int, seq: int, problem: str) -> VerifyResult:
    return VerifyResult(False, checked, seq, problem)
