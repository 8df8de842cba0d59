"""Synthetic demo organisations and users (demo mode only): the data, and the demo TOTP codes.

Every record is marked ``is_synthetic``. This module names the organisations
and users; ``oversight.demo`` writes them (a membership is written the way the
access app records one, audited) and ``load_demo`` then runs the other apps'
loaders: offers, dwellings and cases.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from accounts.models import Role, User

DEMO_PASSWORD = "botilbud-demo"

# Municipalities are anonymised A–E, as the 2011 evaluation did.
POLICE_DISTRICTS = [
    "Demo politidistrikt Øst",
    "Demo politidistrikt Sør",
    "Demo politidistrikt Vest",
]
MUNICIPALITIES = [
    ("Kommune A", "Demo politidistrikt Øst"),
    ("Kommune B", "Demo politidistrikt Øst"),
    ("Kommune C", "Demo politidistrikt Sør"),
    ("Kommune D", "Demo politidistrikt Vest"),
    ("Kommune E", "Demo politidistrikt Vest"),
]
# Real municipality numbers (kommunenummer, 2024 list) so the registers and
# exports look as they will: picked for the demo only, they say nothing about
# where real offers are. The names stay anonymised.
MUNICIPALITY_NUMBERS = {
    "Kommune A": "3301",  # Drammen
    "Kommune B": "3203",  # Asker
    "Kommune C": "4204",  # Kristiansand
    "Kommune D": "4601",  # Bergen
    "Kommune E": "1103",  # Stavanger
}
# Demo users' addresses: ".example" is reserved (RFC 2606), so nothing is ever
# delivered; development prints mail to the console. The lead needs one to
# get the break-the-glass alert (oversight/breakglass.py).
DEMO_EMAIL_DOMAIN = "botilbud.example"
COMPETENCE_TEAM = "Kompetanseteamet"
DIRECTORATE = "Bufdir"
OPERATIONS = "Drift og brukerstøtte"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str
    is_lead: bool = False


DEMO_USERS = [
    DemoUser("koordinator", "Kari", "Koordinator", Role.COORDINATOR, COMPETENCE_TEAM, is_lead=True),
    DemoUser("politirep", "Per", "Politirep", Role.POLICE_REPRESENTATIVE, COMPETENCE_TEAM),
    DemoUser("bufdir", "Berit", "Bufdir", Role.DIRECTORATE_REPRESENTATIVE, COMPETENCE_TEAM),
    DemoUser("leder.a", "Lena", "Leder", Role.PROJECT_LEAD, "Kommune A"),
    DemoUser("miljo.a", "Mona", "Miljøterapeut", Role.FOLLOWUP_WORKER, "Kommune A"),
    DemoUser("miljo.b", "Magnus", "Miljøterapeut", Role.FOLLOWUP_WORKER, "Kommune B"),
    DemoUser("politi.a", "Pål", "Politikontakt", Role.LOCAL_POLICE, "Demo politidistrikt Øst"),
    DemoUser("analytiker", "Anne", "Analytiker", Role.ANALYST, DIRECTORATE),
    DemoUser("admin", "Ada", "Administrator", Role.SYSADMIN, OPERATIONS),
]

# A fixed, documented TOTP secret per demo user keeps `demo_totp` simple and
# lets a developer add the account to an authenticator app once.
DEMO_TOTP_SECRETS = {
    user.username: f"BOTILBUDDEMO{'ABCDEFGHIJKLMNOP'[index]}".ljust(32, "Q")
    for index, user in enumerate(DEMO_USERS)
}


def require_demo_mode() -> None:
    if not settings.DEMO_MODE:
        raise ImproperlyConfigured("Demo data is only available in demo mode (BOTILBUD_DEMO=1).")


def current_totp_code(username: str) -> str:
    """The code a demo user's authenticator app would show right now."""
    require_demo_mode()
    user = User.objects.get(username=username, is_synthetic=True)
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return totp_code_for_secret(decrypt(authenticator.data["secret"]))


def totp_code_for_secret(secret: str, at: float | None = None) -> str:
    counter = int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD
    return str(format_hotp_value(hotp_value(secret, counter)))
