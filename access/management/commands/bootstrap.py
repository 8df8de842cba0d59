"""python manage.py bootstrap --admin USERNAME --lead USERNAME: the first run of an empty database.

Makes the national organisations, a system administrator and the
competence-team lead, and prints each person's enrolment link once (and
mails it when an e-mail address is given). Refuses when any user or
organisation exists. ``--reissue USERNAME`` prints a new link for one of the
two when theirs was lost before they used it. See access/bootstrap.py and
the README.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from access import bootstrap


class Command(BaseCommand):
    help = (
        "First run of an empty database: the national organisations, a system administrator "
        "and the competence-team lead, each with a one-time enrolment link."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--admin", help="username of the system administrator")
        parser.add_argument("--admin-email", default="", help="mail the administrator's link here")
        parser.add_argument("--lead", help="username of the competence-team lead")
        parser.add_argument("--lead-email", default="", help="mail the lead's link here")
        parser.add_argument("--team", default=bootstrap.DEFAULT_TEAM, help="competence team")
        parser.add_argument(
            "--directorate", default=bootstrap.DEFAULT_DIRECTORATE, help="the directorate"
        )
        parser.add_argument(
            "--operations", default=bootstrap.DEFAULT_OPERATIONS, help="the operations unit"
        )
        parser.add_argument(
            "--reissue",
            metavar="USERNAME",
            help="a new link for a bootstrap user who lost theirs before using it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reissue"]:
            self._reissue(options["reissue"].strip())
            return
        if not options["admin"] or not options["lead"]:
            raise CommandError("bootstrap needs --admin USERNAME and --lead USERNAME")
        admin = bootstrap.Person(options["admin"].strip(), options["admin_email"].strip())
        lead = bootstrap.Person(options["lead"].strip(), options["lead_email"].strip())
        try:
            links = bootstrap.bootstrap(
                admin=admin,
                lead=lead,
                team_name=options["team"],
                directorate_name=options["directorate"],
                operations_name=options["operations"],
            )
        except bootstrap.BootstrapRefused as exc:
            raise CommandError(f"bootstrap refused: {exc}") from None
        self.stdout.write(
            f"Created: {options['team']} (competence team), {options['directorate']} "
            f"(directorate), {options['operations']} (operations)."
        )
        for title, link in zip(
            ("System administrator", "Competence-team lead (coordinator, lead)"), links, strict=True
        ):
            self.stdout.write(f"\n{title}: {link.user.get_username()}")
            self.stdout.write(f"  enrolment link: {link.url}")
            if link.mailed:
                self.stdout.write("  (also mailed to the address given)")
        expires = timezone.localtime(links[0].expires_at).strftime("%Y-%m-%d %H:%M %Z")
        self.stdout.write(
            f"\nEach link works once, until {expires}, and is shown only now. Give each person "
            "their own link; they choose a password and connect an authenticator app."
        )

    def _reissue(self, username: str) -> None:
        try:
            link = bootstrap.reissue(username=username)
        except bootstrap.BootstrapRefused as exc:
            raise CommandError(f"bootstrap refused: {exc}") from None
        expires = timezone.localtime(link.expires_at).strftime("%Y-%m-%d %H:%M %Z")
        self.stdout.write(f"{username}: the earlier link no longer works.")
        self.stdout.write(f"  enrolment link: {link.url}")
        if link.mailed:
            self.stdout.write("  (also mailed to the user's address)")
        self.stdout.write(f"Works once, until {expires}, and is shown only now.")
