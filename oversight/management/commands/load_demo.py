"""python manage.py load_demo [--if-empty]: synthetic demo data (demo mode only)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import require_demo_mode
from accounts.models import User
from oversight import demo


class Command(BaseCommand):
    help = "Loads synthetic demo data. Idempotent; refuses outside demo mode."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when users already exist."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            require_demo_mode()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        if options["if_empty"] and User.objects.exists():
            self.stdout.write("Databasen har allerede data; demodata ble ikke lastet.")
            return
        for loader in demo.loaders():
            loader()
        self.stdout.write(self.style.SUCCESS("Demodata er lastet (alle personer er oppdiktet)."))
