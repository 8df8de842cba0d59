"""External anchors: the chain head written outside the database.

Someone with superuser access to the database can delete the newest rows and
rewind ``AuditHead`` so the shortened chain looks whole. A copy of the head
kept elsewhere (another host, WORM storage) defeats that: ``verify_audit``
fails if the chain no longer reaches the newest anchor.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from audit.hashing import normalise_time

ANCHOR_FILE = "audit-anchors.jsonl"


class AnchorError(RuntimeError):
    """The anchor file exists but cannot be trusted (unreadable or malformed)."""


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str


def anchor_path(directory: Path | None = None) -> Path:
    return Path(directory or settings.AUDIT_ANCHOR_DIR) / ANCHOR_FILE


def write_anchor(*, seq: int, hash: str, directory: Path | None = None) -> Anchor:
    """Append the head as one JSON line to the anchor file (mode 0600, fsynced)."""
    path = anchor_path(directory)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    anchor = Anchor(seq=seq, hash=hash, at=normalise_time(timezone.now()))
    line = json.dumps(anchor.__dict__, sort_keys=True, separators=(",", ":")) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return anchor


def newest_anchor(
    directory: Path | None = None, *, written_before: str | None = None
) -> Anchor | None:
    """The anchor with the highest seq, or None when none has been written yet.

    ``written_before`` (a time as ``normalise_time`` writes it): only anchors
    written before then count.
    """
    path = anchor_path(directory)
    if not path.exists():
        return None
    newest: Anchor | None = None
    number = 0
    try:
        with path.open(encoding="ascii") as handle:
            for line in handle:
                number += 1
                if not line.strip():
                    continue
                data = json.loads(line)
                anchor = Anchor(seq=int(data["seq"]), hash=str(data["hash"]), at=str(data["at"]))
                if written_before is not None and anchor.at >= written_before:
                    continue
                if newest is None or anchor.seq >= newest.seq:
                    newest = anchor
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AnchorError(f"{path} line {number}: {exc}") from exc
    return newest
