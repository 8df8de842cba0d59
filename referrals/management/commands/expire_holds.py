"""python manage.py expire_holds: release places whose hold ran out (schedule it daily).

Idempotent: an allocation expires once; running the command again changes
nothing. See docs/decisions/0004-allocation-locking.md.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from referrals.services import allocations_expire


class Command(BaseCommand):
    help = "Releases proposed places whose hold has expired. Safe to run as often as you like."

    def handle(self, *args: Any, **options: Any) -> None:
        count = allocations_expire()
        self.stdout.write(f"Utløpte forslag: {count}")
