"""The chain hash: HMAC-SHA256 over a canonical JSON form of an entry.

The key (settings.AUDIT_HMAC_KEY) lives outside the database, so someone who
can only write to the database cannot compute a valid hash for a forged row.
Every value is normalised so that what we hash before the INSERT is exactly
what we read back from SQLite or PostgreSQL later.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import ipaddress
import json
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    from audit.models import AuditEntry


def normalise_time(value: dt.datetime) -> str:
    """ISO 8601 in UTC with microseconds, identical from either database."""
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def normalise_ip(value: str | None) -> str | None:
    """The canonical text of an address (PostgreSQL's inet rewrites IPv6), or None."""
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


# One value as canonical_payload writes it: the fast path in audit.batch
# renders each value with exactly this call and joins them in key order.
dumps = functools.partial(json.dumps, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def canonical_payload(entry: AuditEntry) -> bytes:
    data: dict[str, Any] = {
        "seq": int(entry.seq),
        "at": normalise_time(entry.at),
        "actor_id": entry.actor_id,
        "actor_username": entry.actor_username,
        "roles": entry.roles,
        "organisations": entry.organisations,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "fields": list(entry.fields),
        "purpose": entry.purpose,
        "ip": normalise_ip(entry.ip),
        "prev_hash": entry.prev_hash,
    }
    return dumps(data).encode()


def hmac_key() -> bytes:
    key = settings.AUDIT_HMAC_KEY
    if not key:
        raise RuntimeError("AUDIT_HMAC_KEY is not set")
    return str(key).encode()


def entry_hash(entry: AuditEntry) -> str:
    return hmac.new(hmac_key(), canonical_payload(entry), hashlib.sha256).hexdigest()
