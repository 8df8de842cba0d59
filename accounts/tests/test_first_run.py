"""The operator's first run, as the README tells it, with production settings on PostgreSQL.

From an empty database to the first approved coordinator: ``migrate``,
``createcachetable`` and ``bootstrap`` run as separate processes with
``BOTILBUD_ENV=production`` and every required secret, against a database of
their own on the test PostgreSQL server; the HTTP part (both enrolments, the
coordinator created in the admin, the lead's approval, the coordinator at the
workbench) runs in one more production process (accounts/tests/first_run_walk.py),
because production settings are read once per process and this one has test
settings. Selected with ``-m postgres`` (DATABASE_URL pointing at PostgreSQL).
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from core.tests.test_production_settings import PRODUCTION_ENV, ROOT, manage

pytestmark = pytest.mark.postgres

LINK_RE = re.compile(r"enrolment link: (https://botilbud\.example\.no/konto/aktiver/\S+/)")


@pytest.fixture
def empty_database() -> Iterator[str]:
    """A fresh, empty database on the test server; its URL. Dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.fail("run with -m postgres and DATABASE_URL from scripts/pg_test_server.sh")
    name = f"botilbud_first_run_{secrets.token_hex(4)}"
    server = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def test_an_operator_gets_from_an_empty_database_to_a_working_coordinator(empty_database, tmp_path):
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": empty_database,
        "AUDIT_ANCHOR_DIR": str(tmp_path / "anchors"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }

    for command in (["migrate", "--noinput"], ["createcachetable"]):
        result = manage(*command, **env)
        assert result.returncode == 0, result.stdout + result.stderr

    result = manage("bootstrap", "--admin", "drift.ola", "--lead", "kari.leder", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    admin_link, lead_link = LINK_RE.findall(result.stdout)

    # A second bootstrap is refused: the root of trust is made once.
    again = manage("bootstrap", "--admin", "x", "--lead", "y", **env)
    assert again.returncode != 0
    assert "bootstrap refused" in again.stderr

    skip = {*env, "BOTILBUD_DEMO", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    walk = subprocess.run(
        [sys.executable, "-m", "accounts.tests.first_run_walk", admin_link, lead_link],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in skip},
            "DJANGO_SETTINGS_MODULE": "botilbud.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert walk.returncode == 0, walk.stdout + walk.stderr
    assert [line for line in walk.stdout.splitlines() if line.startswith("ok ")] == [
        "ok administrator enrolled",
        "ok lead enrolled",
        "ok coordinator user created",
        "ok role requested",
        "ok coordinator enrolled, no access before approval",
        "ok lead approved",
        "ok coordinator works",
    ]

    # Every step went into an intact audit chain.
    verified = manage("verify_audit", **env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
