"""The first run of an empty production database (første oppstart).

Nobody exists yet who could approve anything, so ``bootstrap`` makes the
documented root of trust in one transaction: the national organisations (the
competence team, the directorate, an operations unit) and two people, a
system administrator and the competence-team lead, each with an enrolment link.
Everything is audited with no actor and the purpose "bootstrap"; from then on
every grant and reset of someone with case access needs a second person.
It refuses to run when the database holds any user or organisation.

A bootstrap link lost before it was used can be printed anew with
``reissue``, for a user that bootstrap made and that never enrolled: the
operator saw the first link anyway, so this gives nobody anything new.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from access.signin import enrolment
from access.signin.enrolment import IssuedLink
from accounts.models import EnrolmentLink, Membership, Organisation, Role, User
from audit.services import record

PURPOSE = "bootstrap"
DEFAULT_TEAM = "Kompetanseteamet"
DEFAULT_DIRECTORATE = "Bufdir"
DEFAULT_OPERATIONS = "Drift og brukerstøtte"


class BootstrapRefused(Exception):
    """The database is not empty, or the arguments are not usable."""


@dataclass(frozen=True)
class Person:
    username: str
    email: str = ""


def _check(admin: Person, lead: Person, names: list[str]) -> None:
    if User.objects.exists() or Organisation.objects.exists():
        raise BootstrapRefused(
            "the database already has users or organisations; bootstrap runs only once, "
            "on an empty database"
        )
    if admin.username.lower() == lead.username.lower():
        raise BootstrapRefused("the administrator and the lead must be two different people")
    if len({name.strip().lower() for name in names}) != len(names) or not all(
        name.strip() for name in names
    ):
        raise BootstrapRefused("the three organisations need three different, non-empty names")
    for person in (admin, lead):
        if not person.username or len(person.username) > 150:
            raise BootstrapRefused("a username is 1 to 150 characters")
        try:
            User.username_validator(person.username)
            if person.email:
                validate_email(person.email)
        except ValidationError as exc:
            raise BootstrapRefused(f"{person.username!r}: {' '.join(exc.messages)}") from None


def _organisation(name: str, kind: str) -> Organisation:
    organisation = Organisation.objects.create(name=name.strip(), kind=kind)
    record(
        actor=None,
        action="accounts.organisation.created",
        obj=organisation,
        fields=["name", "kind"],
        purpose=PURPOSE,
    )
    return organisation


def _person(person: Person, organisation: Organisation, role: str, *, is_lead: bool) -> User:
    user = User(username=person.username, email=person.email)
    user.set_unusable_password()
    user.save()
    record(
        actor=None,
        action="accounts.user.created",
        obj=user,
        fields=["username", "email"] if person.email else ["username"],
        purpose=PURPOSE,
    )
    membership = Membership.objects.create(
        user=user, organisation=organisation, role=role, is_lead=is_lead
    )
    record(
        actor=None,
        action="accounts.membership.granted",
        obj=membership,
        fields=["role", "organisation", "is_lead"] if is_lead else ["role", "organisation"],
        purpose=PURPOSE,
    )
    return user


def bootstrap(
    *,
    admin: Person,
    lead: Person,
    team_name: str = DEFAULT_TEAM,
    directorate_name: str = DEFAULT_DIRECTORATE,
    operations_name: str = DEFAULT_OPERATIONS,
) -> list[IssuedLink]:
    """Organisations, the administrator and the team lead, and their links (in that order)."""
    with transaction.atomic():
        _check(admin, lead, [team_name, directorate_name, operations_name])
        team = _organisation(team_name, Organisation.Kind.COMPETENCE_TEAM)
        _organisation(directorate_name, Organisation.Kind.DIRECTORATE)
        operations = _organisation(operations_name, Organisation.Kind.OPERATIONS)
        people = [
            _person(admin, operations, Role.SYSADMIN, is_lead=False),
            _person(lead, team, Role.COORDINATOR, is_lead=True),
        ]
        return [
            enrolment.issue_link(
                user=user, by=None, purpose=EnrolmentLink.Purpose.BOOTSTRAP, mail=True
            )
            for user in people
        ]


def reissue(*, username: str) -> IssuedLink:
    """A new link for a bootstrap user who never enrolled (the first link was lost)."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        if user is None:
            raise BootstrapRefused(f"no user {username!r}")
        links = EnrolmentLink.objects.filter(user=user)
        never_enrolled = (
            links.exists()
            and not links.exclude(purpose=EnrolmentLink.Purpose.BOOTSTRAP).exists()
            and not links.filter(used_at__isnull=False).exists()
            and not user.has_usable_password()
            and not Authenticator.objects.filter(user=user).exists()
        )
        if not never_enrolled:
            raise BootstrapRefused(
                f"{username!r} is not a bootstrap user who never enrolled; ask the system "
                "administrator for a new enrolment link instead"
            )
        return enrolment.issue_link(
            user=user, by=None, purpose=EnrolmentLink.Purpose.BOOTSTRAP, mail=True
        )
