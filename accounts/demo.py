"""Synthetic demo organisations and users (demo mode only).

Every record is marked ``is_synthetic``. Organisations and users live here;
``load_demo`` runs the other apps' loaders after them (``loaders``): offers,
dwellings and cases.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from access.grants import MEMBERSHIP_FIELDS, record_membership
from accounts.models import Membership, Organisation, Role, User
from audit.services import record

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
# Demo users' addresses: ".example" is reserved (RFC 2606), so nothing is ever
# delivered; development prints mail to the console. The lead needs one to
# get the break-the-glass alert (access/breakglass.py).
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


def _organisation(name: str, kind: str, **extra: object) -> Organisation:
    org, _ = Organisation.objects.update_or_create(
        name=name, defaults={"kind": kind, "is_synthetic": True, **extra}
    )
    return org


@transaction.atomic
def load_organisations_and_users() -> dict[str, Organisation]:
    """Create or refresh the demo organisations and users. Idempotent."""
    require_demo_mode()
    K = Organisation.Kind
    orgs: dict[str, Organisation] = {
        COMPETENCE_TEAM: _organisation(COMPETENCE_TEAM, K.COMPETENCE_TEAM),
        DIRECTORATE: _organisation(DIRECTORATE, K.DIRECTORATE),
        OPERATIONS: _organisation(OPERATIONS, K.OPERATIONS),
    }
    for name in POLICE_DISTRICTS:
        orgs[name] = _organisation(name, K.POLICE_DISTRICT)
    for name, district in MUNICIPALITIES:
        orgs[name] = _organisation(name, K.MUNICIPALITY, police_district=orgs[district])

    for spec in DEMO_USERS:
        email = f"{spec.username}@{DEMO_EMAIL_DOMAIN}"
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": email,
                "is_synthetic": True,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            record(actor=None, action="accounts.user.created", obj=user, purpose="demodata")
        elif user.email != email:  # a demo database from before the addresses
            user.email = email
            user.save(update_fields=["email"])
        membership, added = Membership.objects.update_or_create(
            user=user,
            organisation=orgs[spec.organisation],
            role=spec.role,
            defaults={"is_lead": spec.is_lead, "is_synthetic": True},
        )
        if added:
            # The seed is written directly, not staged: nobody is there to
            # approve it yet. Audited with no actor, as the bootstrap.
            record_membership(
                by=None,
                verb="added",
                membership=membership,
                fields=list(MEMBERSHIP_FIELDS),
                purpose="demodata",
            )
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRETS[spec.username])
    return orgs


def current_totp_code(username: str) -> str:
    """The code a demo user's authenticator app would show right now."""
    require_demo_mode()
    user = User.objects.get(username=username, is_synthetic=True)
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return totp_code_for_secret(decrypt(authenticator.data["secret"]))


def totp_code_for_secret(secret: str, at: float | None = None) -> str:
    counter = int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def loaders() -> list[Callable[[], object]]:
    """Demo loaders in dependency order; later apps append theirs here."""
    from followup.demo import load_followup
    from housing.demo import load_offers_and_dwellings
    from referrals.demo import load_referrals
    from reporting.demo import load_milestone_reports
    from stays.demo import load_stays

    # load_followup after load_stays: it follows up the residents that loader creates.
    return [
        load_organisations_and_users,
        load_offers_and_dwellings,
        load_referrals,
        load_stays,
        load_followup,
        load_milestone_reports,
    ]
