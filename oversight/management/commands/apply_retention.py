"""Anonymise personal data whose retention period has run out (SECURITY.md 26).

    python manage.py apply_retention [--dry-run]

Run it nightly. Prints counts only, never values. ``--dry-run`` shows what a
run would change and changes nothing (and writes no audit entry). Periods:
settings ``RETENTION_DAYS_AFTER_CLOSURE`` and
``RETENTION_DAYS_AFTER_INQUIRY_OUTCOME`` (core/retention/rules.py). There is
deliberately no "as of" date option: judging as of a future day would
anonymise cases early.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from oversight.retention import apply_retention


class Command(BaseCommand):
    help = "Anonymise personal data whose retention period after closure has run out."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        result = apply_retention(dry_run=options["dry_run"])
        prefix = (
            "apply_retention (dry run, nothing changed)" if result.dry_run else "apply_retention"
        )
        self.stdout.write(f"{prefix} {result.today.isoformat()}: {result.summary()}")
