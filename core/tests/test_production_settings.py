"""Production settings: loud failure, no demo mode, `check --deploy` clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "BOTILBUD_ENV": "production",
    "SECRET_KEY": "p" * 20 + "-Zx9!qR7#mK2$vL5^nB8&wC4*tY6(uJ3)hG1_fD0+sA",
    "FIELD_ENCRYPTION_KEYS": "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    "BLIND_INDEX_KEY": "production-like-blind-index-key-0123456789",
    "AUDIT_HMAC_KEY": "production-like-audit-key-0123456789abcdef",
    "DATABASE_URL": "postgres://botilbud@127.0.0.1:1/botilbud",
    "ALLOWED_HOSTS": "botilbud.example.no",
    "SITE_URL": "https://botilbud.example.no",
    "TRUSTED_PROXY_COUNT": "1",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # The test process's own switches must not leak into the "production" child.
    skip = {*PRODUCTION_ENV, "BOTILBUD_DEMO", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    base = {k: v for k, v in os.environ.items() if k not in skip}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "botilbud.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_check_deploy_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_refuses_demo_mode_with_production_settings():
    result = manage("check", **PRODUCTION_ENV, BOTILBUD_DEMO="1")
    assert result.returncode != 0
    assert "BOTILBUD_DEMO cannot be switched on with production settings" in result.stderr


def test_it_refuses_to_start_without_a_secret():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "AUDIT_HMAC_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "AUDIT_HMAC_KEY is required" in result.stderr


def test_it_refuses_to_start_without_the_trusted_proxy_count():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "TRUSTED_PROXY_COUNT"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT is required" in result.stderr


def test_it_refuses_a_negative_trusted_proxy_count():
    result = manage("check", **{**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "-1"})
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be at least 0" in result.stderr


def test_it_refuses_sqlite_in_production():
    result = manage("check", **{**PRODUCTION_ENV, "DATABASE_URL": "sqlite:////tmp/x.sqlite3"})
    assert result.returncode != 0
    assert "Production needs PostgreSQL" in result.stderr


def test_it_reads_secrets_from_files(tmp_path):
    secret_file = tmp_path / "audit-key"
    secret_file.write_text("key-from-a-file-0123456789abcdef\n")
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "AUDIT_HMAC_KEY"}
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.AUDIT_HMAC_KEY)",
        **env,
        AUDIT_HMAC_KEY_FILE=str(secret_file),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "key-from-a-file-0123456789abcdef"


def test_it_rejects_a_malformed_boolean():
    result = manage("check", **{**PRODUCTION_ENV, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_it_refuses_demo_commands_outside_demo_mode():
    result = manage("demo_totp", "koordinator", BOTILBUD_ENV="test", BOTILBUD_DEMO="0")
    assert result.returncode != 0
    assert "only available in demo mode" in result.stderr
