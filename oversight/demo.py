"""The demo loader (demodata, demo mode only): every app's synthetic data, in order.

Each app builds its own demo data (``housing.demo``, ``stays.demo`` …) from
the apps below it; this module writes the organisations and users that
``accounts.demo`` names, and ``loaders`` runs them all in dependency order
for ``manage.py load_demo``.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from access.grants import MEMBERSHIP_FIELDS, record_membership
from accounts.demo import (
    COMPETENCE_TEAM,
    DEMO_EMAIL_DOMAIN,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRETS,
    DEMO_USERS,
    DIRECTORATE,
    MUNICIPALITIES,
    MUNICIPALITY_NUMBERS,
    OPERATIONS,
    POLICE_DISTRICTS,
    require_demo_mode,
)
from accounts.models import Membership, Organisation, User
from advisory.demo import load_advisory
from audit.services import record
from decisions.demo import load_decisions
from documents.demo import load_documents
from followup.demo import load_followup
from housing.demo import load_offers_and_dwellings
from meetings.demo import load_meetings
from referrals.demo import load_referrals
from reporting.demo import load_milestone_reports
from routines.demo import load_routines
from stays.demo import load_stays


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
        orgs[name] = _organisation(
            name,
            K.MUNICIPALITY,
            police_district=orgs[district],
            municipality_number=MUNICIPALITY_NUMBERS[name],
        )

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


def loaders() -> list[Callable[[], object]]:
    """Demo loaders in dependency order; a new app's loader goes here."""
    # load_followup after load_stays: it follows up the residents that loader creates.
    return [
        load_organisations_and_users,
        load_offers_and_dwellings,
        load_routines,
        load_referrals,
        load_advisory,
        load_stays,
        load_followup,
        load_decisions,
        load_documents,
        load_meetings,
        load_milestone_reports,
    ]
