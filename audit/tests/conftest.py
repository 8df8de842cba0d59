from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def anchor_dir(settings: Any, tmp_path: Path) -> Path:
    """Keep tests away from a developer's real anchors in var/."""
    settings.AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    return settings.AUDIT_ANCHOR_DIR


@pytest.fixture
def tamper(db: Any) -> Callable[..., None]:
    """Run raw SQL as a database superuser would: on PostgreSQL, triggers off first.

    The ALTER TABLE happens inside the test's transaction and is rolled back with it.
    """

    def run(sql: str, params: tuple[Any, ...] = ()) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
            cursor.execute(sql, params)

    return run


@pytest.fixture
def chain(cast: dict[str, Any]) -> list[Any]:
    """Five chained entries by different people."""
    from audit.services import record

    alice, bob = cast["coordinator"], cast["project_lead_a"]
    return [
        record(
            actor=alice,
            action="referrals.referral.viewed",
            object_type="referrals.Referral",
            object_id="1",
            fields=["name"],
            purpose="vurdering",
        ),
        record(
            actor=bob,
            action="stays.address.viewed",
            object_type="housing.Dwelling",
            object_id="7",
            fields=["address"],
            purpose="innflytting",
        ),
        record(
            actor=alice,
            action="stays.stay.moved_in",
            object_type="stays.Stay",
            object_id="3",
            fields=["moved_in_on"],
        ),
        record(actor=None, action="accounts.user.login_failed"),
        record(
            actor=bob,
            action="followup.note.created",
            object_type="followup.Note",
            object_id="11",
            fields=["text"],
            purpose="oppfølging",
        ),
    ]
