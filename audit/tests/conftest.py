from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

# The review's tests work on an imaginary domain ("tests.Thing" objects,
# organisation pages nobody has built): their codes are registered for the
# audit tests only, with the kinds the review reads.
TEST_ACTIONS = {
    "tests.thing.viewed": "read",
    "tests.thing.listed": "read",
    "tests.thing.changed": "write",
    "accounts.organisation.viewed": "read",
}


@pytest.fixture(autouse=True)
def imaginary_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    from audit import actions

    for code, kind in TEST_ACTIONS.items():
        monkeypatch.setitem(actions.ACTIONS, code, actions.Action(code, actions.Kind(kind), code))


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
            action="referrals.assessment.viewed",
            object_type="referrals.Assessment",
            object_id="1",
            fields=["name"],
            purpose="vurdering",
        ),
        record(
            actor=bob,
            action="housing.dwelling.address_viewed",
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
            action="followup.contact.created",
            object_type="followup.Contact",
            object_id="11",
            fields=["text"],
            purpose="oppfølging",
        ),
    ]
