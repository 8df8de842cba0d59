"""A throwaway PostgreSQL for the benchmark, and a fresh database in it per size.

The server is ``scripts/pg_test_server.sh`` with its own state file, on
loopback; it is stopped (and its directory deleted) when the block ends,
whatever happened inside.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "pg_test_server.sh"


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a server, yield its DATABASE_URL, stop and delete it at the end."""
    with tempfile.TemporaryDirectory(prefix="botilbud-bench-") as tmp:
        env = {**os.environ, "PG_TEST_STATE": str(Path(tmp) / "pg.state")}
        # Our own script with fixed arguments: no outside input reaches the command.
        url = subprocess.run(  # noqa: S603
            [str(SCRIPT), "start"], env=env, check=True, capture_output=True, text=True
        ).stdout.strip()
        try:
            yield url
        finally:
            subprocess.run([str(SCRIPT), "stop"], env=env, check=False, capture_output=True)  # noqa: S603


def postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


def use_fresh_database(name: str) -> None:
    """Create database ``name``, point Django's connection at it and migrate it."""
    from django.core.management import call_command
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = "postgres"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    connection.settings_dict["NAME"] = name
    call_command("migrate", verbosity=0, interactive=False)


def drop_database(name: str) -> None:
    """Drop a size's database once measured, so two sizes never fill the disk together."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = "postgres"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    connection.close()


def database_size() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return int(cursor.fetchone()[0])
