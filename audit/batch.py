"""Reading and checking the audit chain many rows at a time (``verify_audit``'s fast path).

Each payload is byte for byte ``hashing.canonical_payload``'s: every value is
normalised as there (int seq, UTC time with microseconds, list of field names,
canonical address) and written by the same ``hashing.dumps``, and the values
are joined in the order ``json.dumps(sort_keys=True)`` puts the keys. Only the
how differs: a whole column at a time through C functions (``map``), values
that repeat (addresses, field lists, actors) rendered once, the time written
by PostgreSQL, and no model rows or Django conversions per entry. The
property tests in ``audit/tests/test_batch.py`` hold the two to the same bytes.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import hmac
import json
import queue
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, transaction

from audit.hashing import dumps, hmac_key, normalise_ip, normalise_time

# The keys in the order json.dumps(sort_keys=True) writes them.
KEYS = (
    "action", "actor_id", "actor_username", "at", "fields", "ip", "object_id",
    "object_type", "organisations", "prev_hash", "purpose", "roles", "seq",
)  # fmt: skip
TEMPLATE = "{" + ",".join(f'"{key}":%s' for key in KEYS) + "}"

# A row as the readers give it: the model's columns in this order, with the
# time already in normalise_time's text and the field list as stored.
COLUMNS = (
    "seq", "at", "actor_id", "actor_username", "roles", "organisations", "action",
    "object_type", "object_id", "fields", "purpose", "ip", "prev_hash", "hash",
)  # fmt: skip
SEQ, AT, ACTOR, USERNAME, ROLES, ORGS, ACTION, OTYPE, OID, FIELDS, PURPOSE, IP, PREV, HASH = range(
    14
)

BATCH = 20_000
# Distinct addresses, field lists and actors remembered; past this the memory
# is emptied and filled again, so a log of millions of addresses stays bounded.
CACHE_LIMIT = 100_000

# PostgreSQL writes the time as normalise_time does (UTC, microseconds,
# "+00:00"): no datetime object per row. Only for a timestamptz column; any
# other type (a superuser's ALTER) goes through the ORM's conversions.
_PG_AT = """to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')"""
# Built from constants only: no outside value reaches the SQL text.
_PG_SELECT = (
    f"SELECT {', '.join(_PG_AT if c == 'at' else c for c in COLUMNS)} "  # noqa: S608
    "FROM audit_auditentry WHERE seq >= %s ORDER BY seq"
)
_PG_SELECT_ALL = _PG_SELECT.replace(" WHERE seq >= %s", "")
_PG_TYPES = """
    SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
    WHERE attrelid = 'audit_auditentry'::regclass AND attnum > 0 AND NOT attisdropped
"""
# The PostgreSQL types whose values reach Python as the ORM would read them.
_PG_EXPECTED = {
    "seq": {"bigint"},
    "at": {"timestamp with time zone"},
    "actor_id": {"integer", "bigint"},
    "fields": {"jsonb"},
    "ip": {"inet"},
}


class PayloadEncoder:
    """Canonical payloads and their HMACs for whole batches of rows."""

    def __init__(self, load_fields: Callable[[Any], Any]) -> None:
        self._load_fields = load_fields
        self._fields: dict[Any, str] = {}
        self._ips: dict[Any, str] = {}
        self._actors: dict[Any, str] = {}
        self._templates: dict[tuple[bool, ...], str] = {}
        # The key stays in this process: only payloads are hashed here.
        self._hmac = hmac_sha256(hmac_key())

    def payloads(self, columns: Sequence[Sequence[Any]]) -> list[bytes]:
        """The canonical payload of each row, from the rows' columns."""
        c = columns
        texts = [_text(c[i]) for i in _TEXT]
        template = self._template(tuple(type(t) is tuple for t in texts))
        action, username, at, oid, otype, orgs, prev, purpose, roles = texts
        values = zip(
            action,
            self._cached(self._actors, c[ACTOR], dumps, (int, type(None))),
            username,
            at,
            self._cached(self._fields, c[FIELDS], self._render_fields, (str,)),
            self._cached(self._ips, c[IP], _render_ip, (str, type(None))),
            oid, otype, orgs, prev, purpose, roles,
            c[SEQ],
            strict=True,
        )  # fmt: skip
        return list(map(str.encode, map(template.__mod__, values)))

    def hashes(self, columns: Sequence[Sequence[Any]]) -> list[str]:
        """The entry hash of each row, as ``hashing.entry_hash`` computes it."""
        return list(map(self._hmac, self.payloads(columns)))

    def _template(self, quoted: tuple[bool, ...]) -> str:
        # The text columns that need no escaping are put in as they are,
        # between quotes in the template; the others come escaped, quotes and all.
        if quoted not in self._templates:
            plain = dict(zip((COLUMNS[i] for i in _TEXT), quoted, strict=True))
            # seq: the rows reaching here passed the seq check, so they are
            # integers (or equal to one) and %d writes what dumps(int(seq)) does.
            parts = [
                f'"{key}":"%s"' if plain.get(key) else f'"{key}":%d' if key == "seq" else f'"{key}":%s'
                for key in KEYS
            ]  # fmt: skip
            self._templates[quoted] = "{" + ",".join(parts) + "}"
        return self._templates[quoted]

    def _render_fields(self, raw: Any) -> str:
        return dumps(list(self._load_fields(raw)))

    @staticmethod
    def _cached(
        cache: dict[Any, str], column: Sequence[Any], render: Callable[[Any], str],
        types: tuple[type, ...],
    ) -> Iterable[str]:  # fmt: skip
        # Only plain values of the expected types are remembered: 1, 1.0 and
        # True are one key to a dict but three different JSON texts.
        if not set(map(type, column)).issubset(types):
            return list(map(render, column))
        try:
            return list(map(cache.__getitem__, column))
        except KeyError:
            pass
        missing = set(column).difference(cache)
        if len(cache) + len(missing) > CACHE_LIMIT:
            cache.clear()
            missing = set(column)
        for value in missing:
            cache[value] = render(value)
        return list(map(cache.__getitem__, column))


# The text columns, in the order of KEYS.
_TEXT = (ACTION, USERNAME, AT, OID, OTYPE, ORGS, PREV, PURPOSE, ROLES)


def _text(column: Sequence[Any]) -> Sequence[Any]:
    """A text column as it is when json.dumps would only quote it, else each value escaped.

    As it is: a tuple (the template then puts the quotes); escaped: a list.
    """
    try:
        joined = "".join(column)
    except TypeError:  # not all text (a NULL a superuser wrote): as json.dumps writes each
        return list(map(dumps, column))
    # What encode_basestring_ascii leaves alone: printable ASCII but " and \\.
    if joined.isascii() and not joined.encode().translate(None, _PLAIN):
        return tuple(column)
    return list(map(json.encoder.encode_basestring_ascii, column))


_PLAIN = bytes(sorted(set(range(0x20, 0x7F)) - set(b'"\\')))


def _render_ip(value: Any) -> str:
    return dumps(normalise_ip(value))


def hmac_sha256(key: bytes) -> Callable[[bytes], str]:
    """``hmac.new(key, msg, sha256).hexdigest()`` as a function of msg (RFC 2104).

    The keyed inner and outer states are computed once and copied per
    message: a third of the cost of ``hmac.digest``, whose OpenSSL 3 call
    sets the key up again each time.
    """
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_BLOCK, b"\0")
    inner = hashlib.sha256(key.translate(_IPAD))
    outer = hashlib.sha256(key.translate(_OPAD))
    return functools.partial(_digest, inner, outer)


def _digest(inner: Any, outer: Any, msg: bytes) -> str:
    h = inner.copy()
    h.update(msg)
    o = outer.copy()
    o.update(h.digest())
    return str(o.hexdigest())


_BLOCK = hashlib.sha256().block_size
_IPAD = bytes(x ^ 0x36 for x in range(256))
_OPAD = bytes(x ^ 0x5C for x in range(256))


def first_difference(values: Sequence[Any], expected: Sequence[Any]) -> int:
    """The index of the first value that differs from the expected one, or len(values)."""
    if tuple(values) == tuple(expected):
        return len(values)
    return next(
        (i for i, (a, b) in enumerate(zip(values, expected, strict=True)) if a != b), len(values)
    )


def first_mismatch(computed: Sequence[str], stored: Sequence[Any]) -> int:
    """The index of the first stored hash that is not the computed one, compared in constant time."""
    try:
        same = list(map(hmac.compare_digest, computed, stored))
    except TypeError:  # a stored "hash" that is not ASCII text never matches
        same = [_same(a, b) for a, b in zip(computed, stored, strict=True)]
    return same.index(False) if False in same else len(computed)


def _same(computed: str, stored: Any) -> bool:
    try:
        return hmac.compare_digest(computed, stored)
    except TypeError:
        return False


@contextlib.contextmanager
def read_batches(
    start_seq: int | None,
) -> Iterator[tuple[Iterator[list[tuple[Any, ...]]], PayloadEncoder]]:
    """The entries from ``start_seq`` on (None: all) in seq order, in batches, and their encoder.

    On PostgreSQL: a server-side cursor in its own transaction (so it streams
    rather than materialising the result, as a cursor WITH HOLD would), the
    time as text from the database, raw rows. Elsewhere (SQLite), and on a
    PostgreSQL table whose column types were changed: the ORM's rows.
    """
    field = _fields_field()
    with _collector_paused():
        yield from _read(start_seq, field)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection during the walk.

    Each batch is tens of thousands of new tuples that live until checked, so
    the collector keeps running and promoting them, and its full runs walk
    every object Django holds: a fifth of the walk's time. The walk makes no
    reference cycles; its rows are freed by reference counting as before.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read(start_seq: int | None, field: Any) -> Iterator[Any]:
    if connection.vendor == "postgresql" and _pg_types_as_migrated():
        with transaction.atomic(), connection.connection.cursor(name="audit_verify") as cursor:
            if start_seq is None:
                cursor.execute(_PG_SELECT_ALL)
            else:
                cursor.execute(_PG_SELECT, (start_seq,))
            batches = _prefetch(cursor)
            try:
                yield (
                    batches,
                    PayloadEncoder(
                        functools.partial(
                            field.from_db_value, expression=None, connection=connection
                        )
                    ),
                )
            finally:
                batches.close()  # the fetching thread has stopped before the cursor closes
        return
    yield _orm_batches(start_seq), PayloadEncoder(lambda value: value)


def _prefetch(cursor: Any) -> Generator[list[tuple[Any, ...]], None, None]:
    """The cursor's rows in batches, the next fetched while the caller checks this one.

    PostgreSQL produces rows and this process hashes them at the same time
    (the fetch waits on the socket without the GIL). Only the thread touches
    the cursor until it has stopped, which closing this generator waits for.
    """
    ready: queue.Queue[list[tuple[Any, ...]] | BaseException] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def fetch() -> None:
        try:
            while not stop.is_set():
                batch = cursor.fetchmany(BATCH)
                ready.put(batch)
                if not batch:
                    return
        except BaseException as exc:  # handed to the caller, raised there
            ready.put(exc)

    worker = threading.Thread(target=fetch, name="verify-audit-fetch", daemon=True)
    worker.start()
    try:
        while True:
            item = ready.get()
            if isinstance(item, BaseException):
                raise item
            if not item:
                return
            yield item
    finally:
        stop.set()
        while worker.is_alive():  # let a put waiting for room finish
            with contextlib.suppress(queue.Empty):
                ready.get(timeout=0.05)
        worker.join()


def _orm_batches(start_seq: int | None) -> Iterator[list[tuple[Any, ...]]]:
    from audit.models import AuditEntry

    query = AuditEntry.objects.order_by("seq")
    if start_seq is not None:
        query = query.filter(seq__gte=start_seq)
    rows = query.values_list(*COLUMNS).iterator(chunk_size=5000)
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append((row[SEQ], normalise_time(row[AT]), *row[AT + 1 :]))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _fields_field() -> Any:
    from audit.models import AuditEntry

    return AuditEntry._meta.get_field("fields")


def _pg_types_as_migrated() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(_PG_TYPES)
        types = dict(cursor.fetchall())
    return all(types.get(name) in allowed for name, allowed in _PG_EXPECTED.items())
