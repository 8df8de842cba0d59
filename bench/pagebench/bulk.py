"""COPY for the benchmark's big tables, with their indexes and foreign keys set aside meanwhile.

The builder writes millions of rows into a fresh database in one
transaction. Row by row, PostgreSQL would update every index and queue one
deferred foreign-key check per row (Django's foreign keys are ``DEFERRABLE
INITIALLY DEFERRED``), all run at commit. Dropping the secondary indexes,
unique constraints and foreign keys first and putting the same definitions
back afterwards builds each index once from sorted data and checks each
foreign key in one join, which is the same end state, reached faster. Only
for the benchmark's throwaway database: never do this to one in use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection
from psycopg.copy import QueuedLibpqWriter

CHUNK = 1 << 20  # characters of COPY text per write: big enough, and memory stays flat


def copy_lines(table: str, columns: tuple[str, ...], lines: Iterable[str]) -> int:
    """COPY ``lines`` (COPY text format, each ending in a newline) into ``table``; returns how many.

    The callers only write values with no tab, newline or backslash in them
    (numbers, dates, codes, base64 ciphertext), so each line is its values
    joined by tabs, with ``\\N`` for NULL.
    """
    written = 0
    buffer: list[str] = []
    size = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: COPY
        # Sent from a thread of psycopg's, so the next rows are made while the
        # server is still taking in the last ones: two cores, both busy.
        writer = QueuedLibpqWriter(raw)
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN", writer=writer) as copy:
            for line in lines:
                buffer.append(line)
                size += len(line)
                written += 1
                if size >= CHUNK:
                    copy.write("".join(buffer))
                    buffer.clear()
                    size = 0
            if buffer:
                copy.write("".join(buffer))
    return written


def reserve_ids(table: str, count: int) -> int:
    """Take ``count`` ids from ``table``'s identity sequence; returns the first.

    Explicit ids let the rows that point at these (contact themes at their
    contacts) be written by COPY too, without reading the ids back.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = int(cursor.fetchone()[0])
        if count > 1:
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


def _definitions(cursor: Any, table: str) -> tuple[list[str], list[str]]:
    """(drop statements, create statements) for the table's secondary indexes and constraints."""
    drops: list[str] = []
    creates: list[str] = []
    # Unique and foreign-key constraints: their own definitions, verbatim.
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC, conname",
        [table],
    )
    for name, definition in cursor.fetchall():
        drops.append(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        creates.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    # Plain indexes (not the primary key, not those behind a constraint above).
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid "
        "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
        "ORDER BY i.relname",
        [table],
    )
    for name, definition in cursor.fetchall():
        drops.append(f'DROP INDEX "{name}"')
        creates.append(definition)
    return drops, creates


def set_aside(*tables: str) -> Callable[[], None]:
    """Drop the tables' secondary indexes, unique and foreign-key constraints; returns what puts them back.

    Call the returned function, in the same transaction, once the rows are in:
    it recreates each definition as it was (which checks every foreign key and
    unique constraint over all rows) and ANALYZEs the tables. If anything fails
    first, the transaction's rollback puts them back.
    """
    with connection.cursor() as cursor:
        # The rows written so far in this transaction still have their deferred
        # foreign-key checks queued, on tables these keys point at: PostgreSQL
        # refuses to ALTER those until the checks have run, so run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        plans = [_definitions(cursor, table) for table in tables]
        for drops, _creates in plans:
            for statement in drops:
                cursor.execute(statement)

    def restore() -> None:
        with connection.cursor() as cursor:
            # Sorting millions of keys in memory rather than in temporary files.
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for _drops, creates in plans:
                for statement in creates:
                    cursor.execute(statement)
            for table in tables:
                cursor.execute(f"ANALYZE {table}")

    return restore
