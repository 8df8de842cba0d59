"""``manage.py audit_review --from YYYY-MM-DD --to YYYY-MM-DD [--json]``: the review for cron.

Prints the same findings as the lead's review page (SECURITY.md 24), as text
or JSON. Exit 0 whatever it finds; ``--fail-on-findings`` exits 2 when there
are any, so a cron wrapper can alert.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit import review as audit_review
from audit.services import record
from core.dates import today


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError("dates must be YYYY-MM-DD") from exc


class Command(BaseCommand):
    help = "Flag out-of-hours, outside-organisation, break-the-glass and high-volume access."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--from", dest="start", help="first day (default: yesterday)")
        parser.add_argument("--to", dest="end", help="last day (default: same as --from)")
        parser.add_argument("--json", action="store_true", help="print JSON instead of text")
        parser.add_argument(
            "--fail-on-findings", action="store_true", help="exit 2 when anything is flagged"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = _date(options["start"]) if options["start"] else today() - dt.timedelta(days=1)
        end = _date(options["end"]) if options["end"] else start
        if end < start:
            raise CommandError("--to is before --from")
        result = audit_review.review(start, end)
        # Reading the audit log is itself logged (no actor: a scheduled job).
        record(
            actor=None,
            action="audit.review.generated",
            object_type="audit.Review",
            object_id=f"{start.isoformat()}..{end.isoformat()}",
            purpose="planlagt gjennomgang",
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(audit_review.as_text(result))
        if options["fail_on_findings"] and result.findings:
            raise SystemExit(2)
