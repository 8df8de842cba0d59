"""PostgreSQL only: this year's follow-up minutes read this year's contacts, not all history.

The statistics page counts the current year live. Its follow-up minutes once
joined the theme table, and PostgreSQL answered by scanning every theme of
every year. The plan is read with ``EXPLAIN (ANALYZE)``: the rows each scan of
the contact and theme tables returned or threw away, over all its loops.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.postgres

D = dt.date
TABLES = ("followup_contact", "followup_contacttheme")


def rows_read(plan: dict[str, Any], found: dict[str, int], kinds: set[str]) -> None:
    """Rows each table's scans returned or removed, times their loops.

    PostgreSQL reports a per-loop average, rounded: a scan returning 0, 1, 2
    and 3 rows in four loops shows 2 rows and 4 loops, so 8 here.
    """
    table = plan.get("Relation Name")
    if table in TABLES:
        kinds.add(f"{plan['Node Type']} {table}")
        seen = plan["Actual Rows"] + plan.get("Rows Removed by Filter", 0)
        found[table] += seen * plan["Actual Loops"]
    for child in plan.get("Plans", []):
        rows_read(child, found, kinds)


def test_it_reads_only_the_periods_contacts_and_their_themes(
    cast: dict[str, Any], make_stay: Any
) -> None:
    from followup.models import Contact, ContactTheme
    from reporting.sources import load_blocks

    stay = make_stay(moved_in_on=D(2019, 1, 1))
    worker = cast["followup_worker_a"]

    def contact(on: dt.date, minutes: int) -> Contact:
        return Contact(
            stay=stay,
            contact_on=on,
            minutes=minutes,
            form=Contact.Form.IN_PERSON,
            with_whom=Contact.With.RESIDENT,
            recorded_by=worker,
        )

    # History: 3,000 contacts of 2019–2025 with two themes each.
    old = Contact.objects.bulk_create(
        [contact(D(2019, 1, 1) + dt.timedelta(days=n % 2500), 10) for n in range(3000)]
    )
    ContactTheme.objects.bulk_create(
        ContactTheme(contact=row, theme=theme) for row in old for theme in ("security", "family")
    )
    # This year: four contacts, six themes (the example of test_open_work_only).
    now = Contact.objects.bulk_create(
        [contact(D(2026, 3, day), minutes) for day, minutes in ((2, 60), (3, 90), (4, 30), (5, 45))]
    )
    themes = [("security", "mental_health"), (), ("security",), ("economy", "family", "housing")]
    ContactTheme.objects.bulk_create(
        ContactTheme(contact=row, theme=theme)
        for row, names in zip(now, themes, strict=True)
        for theme in names
    )
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"ANALYZE {table}")  # as autovacuum would: the planner sees the sizes

    with CaptureQueriesContext(connection) as queries:
        blocks = load_blocks(start=D(2026, 1, 1), end=D(2026, 12, 31))
    assert blocks.followup_minutes_by_theme() == {
        "security": 60.0,
        "mental_health": 30.0,
        "economy": 15.0,
        "family": 15.0,
        "housing": 15.0,
        "none": 90.0,
    }
    (sql,) = [q["sql"] for q in queries.captured_queries if '"followup_contact"' in q["sql"]]
    assert "'2026-01-01'::date" in sql
    assert "'2026-12-31'::date" in sql
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        (raw,) = cursor.fetchone()
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    found = dict.fromkeys(TABLES, 0)
    kinds: set[str] = set()
    rows_read(plan, found, kinds)
    # The four contacts of 2026 and their themes, looked up one contact at a time (at most
    # 4 × 3 with the rounding), never the 9,000 rows of history.
    assert found["followup_contact"] == 4, (found, kinds)
    assert 6 <= found["followup_contacttheme"] <= 12, (found, kinds)
    assert not any(kind.startswith("Seq Scan") for kind in kinds), kinds
