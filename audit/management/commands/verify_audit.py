"""``manage.py verify_audit``: exit 0 if the audit chain is intact, 1 otherwise."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand

from audit.verify import verify_chain

logger = logging.getLogger("audit.verify")


class Command(BaseCommand):
    help = "Verify the audit log hash chain against its head and the newest external anchor."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--from-anchor",
            action="store_true",
            help="Start at the newest external anchor (the nightly run); "
            "without it the whole chain is walked (the weekly drill).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain(from_anchor=options["from_anchor"])
        if result.ok:
            self.stdout.write(
                f"Revisjonsloggen er intakt / audit log intact: {result.checked} entries checked, "
                f"last seq {result.last_seq}."
            )
            return
        # Monitoring watches this logger; the message holds seq numbers only.
        logger.error("audit chain broken at seq=%s: %s", result.first_broken_seq, result.problem)
        self.stderr.write(
            f"Revisjonsloggen er BRUTT / audit log BROKEN at seq {result.first_broken_seq}: "
            f"{result.problem} ({result.checked} entries checked)."
        )
        raise SystemExit(1)
