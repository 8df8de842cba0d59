"""The batched walk hashes exactly what ``canonical_payload`` and ``entry_hash`` hash.

The reference is the row-at-a-time code in ``audit.hashing`` (a dict, sorted
keys, ``hmac.new``): for arbitrary entries the fast path must give the same
bytes, in memory and as read back from the database the tests run on
(SQLite, and PostgreSQL in the PostgreSQL stage, where the time is written by
the database).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from audit.batch import COLUMNS, FIELDS, PayloadEncoder, hmac_sha256, read_batches
from audit.hashing import canonical_payload, entry_hash, normalise_time
from audit.models import AuditEntry

# Text a database column can hold: no NUL, no lone surrogates.
stored_text = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"))
any_text = st.text(st.characters(blacklist_categories=[]))
ADDRESSES = st.one_of(
    st.none(),
    st.just(""),
    st.ip_addresses().map(str),
    st.ip_addresses(v=6).map(lambda a: a.exploded.upper()),
    st.sampled_from(["::ffff:10.0.0.1", "fe80::1", "2001:DB8:0:0:0:0:0:7", "::", "0.0.0.0"]),
)
TIMES = st.datetimes(
    min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=st.timezones()
)


def entries(text: st.SearchStrategy[str], addresses: st.SearchStrategy[Any]) -> Any:
    return st.lists(
        st.fixed_dictionaries(
            {
                "at": TIMES,
                "actor_id": st.one_of(st.none(), st.integers(0, 2**31 - 1)),
                "actor_username": text.filter(lambda s: len(s) <= 150),
                "roles": text,
                "organisations": text,
                "action": text.filter(lambda s: len(s) <= 100),
                "object_type": text.filter(lambda s: len(s) <= 100),
                "object_id": text.filter(lambda s: len(s) <= 100),
                "fields": st.lists(text, max_size=4),
                "purpose": text,
                "ip": addresses,
                "prev_hash": text.filter(lambda s: len(s) <= 64),
            }
        ),
        min_size=1,
        max_size=6,
    ).map(lambda rows: [SimpleNamespace(seq=n, **row) for n, row in enumerate(rows, 1)])


EDGES = [
    SimpleNamespace(seq=1, at=dt.datetime(2024, 3, 31, 1, 59, 59, 999999, tzinfo=dt.UTC),
                    actor_id=None, actor_username="", roles="", organisations="", action="",
                    object_type="", object_id="", fields=[], purpose="", ip=None, prev_hash=""),
    SimpleNamespace(seq=2, at=dt.datetime(1999, 12, 31, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=-14))),
                    actor_id=7, actor_username="åse", roles="a\"b\\c", organisations="Tromsø\x7f\n",
                    action="\U0001f600", object_type="\u2028", object_id="1", fields=["å", ""],
                    purpose="oppfølging", ip="2001:DB8::0:1", prev_hash="0" * 64),
]  # fmt: skip


def _row(entry: Any, fields: Any) -> tuple[Any, ...]:
    """A row as the readers give it: the time in normalise_time's text."""
    values = {**vars(entry), "at": normalise_time(entry.at), "fields": fields, "hash": ""}
    return tuple(values[name] for name in COLUMNS)


def _columns(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return list(zip(*rows, strict=True))


@settings(max_examples=300, deadline=None)
@given(entries(any_text, ADDRESSES | any_text))
@example(EDGES)
def test_it_writes_each_payload_byte_for_byte(batch):
    expected = [canonical_payload(entry) for entry in batch]
    # As the ORM reads a row (the field list loaded) and as PostgreSQL's raw
    # rows come (the list as JSON text, loaded as JSONField loads it).
    as_read = PayloadEncoder(lambda value: value)
    raw = PayloadEncoder(json.loads)
    assert as_read.payloads(_columns([_row(e, e.fields) for e in batch])) == expected
    assert raw.payloads(_columns([_row(e, json.dumps(e.fields)) for e in batch])) == expected
    assert as_read.hashes(_columns([_row(e, e.fields) for e in batch])) == [
        entry_hash(e) for e in batch
    ]


@given(entries(any_text, ADDRESSES), st.integers(1, 5))
def test_it_gives_the_same_bytes_with_values_remembered_from_earlier_batches(batch, repeat):
    encoder = PayloadEncoder(lambda value: value)
    columns = _columns([_row(e, e.fields) for e in batch])
    for _ in range(repeat):
        assert encoder.payloads(columns) == [canonical_payload(e) for e in batch]


@pytest.mark.parametrize(
    ("actor_id", "text"), [(None, b"null"), (0, b"0"), (1, b"1"), (True, b"true"), (1.0, b"1.0")]
)
def test_it_does_not_mistake_values_equal_to_python_for_the_same_json(actor_id, text):
    # 1, 1.0 and True are one dict key; the encoder must not serve one for another.
    encoder = PayloadEncoder(lambda value: value)
    for value in (1, 1.0, True, None, 0):
        encoder.payloads(_columns([_row(_with(EDGES[0], actor_id=value), [])]))
    payload = encoder.payloads(_columns([_row(_with(EDGES[0], actor_id=actor_id), [])]))[0]
    assert b'"actor_id":' + text + b"," in payload


def _with(entry: Any, **changes: Any) -> Any:
    return SimpleNamespace(**{**vars(entry), **changes})


@given(st.binary(max_size=200), st.binary(max_size=2000))
def test_it_computes_hmac_sha256_as_the_standard_library(key, message):
    assert hmac_sha256(key)(message) == hmac.new(key, message, hashlib.sha256).hexdigest()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=entries(stored_text, ADDRESSES))
@example(batch=EDGES)
def test_it_reads_back_from_the_database_byte_for_byte(db, batch):
    """Written as the ORM writes, read by the fast path and by the ORM: the same payloads."""
    with transaction.atomic():
        AuditEntry.objects.all()._append_chain(
            [AuditEntry(**vars(e), hash="0" * 64) for e in batch]
        )
        stored = list(AuditEntry.objects.order_by("seq"))
        with read_batches(None) as (batches, encoder):
            rows = [row for rows in batches for row in rows]
        assert encoder.payloads(_columns(rows)) == [canonical_payload(e) for e in stored]
        if connection.vendor == "postgresql":
            # The raw rows, not the ORM's: the time is PostgreSQL's own text.
            assert all(isinstance(row[FIELDS], str) for row in rows)
        transaction.set_rollback(True)
