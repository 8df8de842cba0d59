"""E-mail each user the number of overdue and soon-due deadlines, with a link.

Idempotent: safe to run every hour (cron or a systemd timer). A user gets at
most one mail per day per distinct set of counts; the mail holds no personal
data.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reporting.reminders import send_reminders


class Command(BaseCommand):
    help = "Send reminder mails with counts of overdue and soon-due deadlines."

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = send_reminders()
        self.stdout.write(
            f"sent={outcome.sent} unchanged={outcome.unchanged} nothing_due={outcome.nothing_due}"
        )
