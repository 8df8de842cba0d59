"""Shared fixtures: a named cast of users, one per role, and signed-in clients.

Alice works in the competence team, Bob in municipality A, Charlie in
municipality B ("should have no access" to A's things), and so on. Use
``member(role, organisation)`` for anything the cast does not cover.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str
from django.test import Client

# tests.logscan: every log line of the run, for the marker scan;
# tests.security_figures: the matrix and marker-scan figures, summed at the end.
pytest_plugins = ["tests.logscan", "tests.security_figures"]

os.environ.setdefault("BOTILBUD_ENV", "test")
# Playwright's event loop makes Django think it runs in async context.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")


@pytest.fixture(autouse=True)
def _norwegian_by_default() -> Iterator[None]:
    """Each test starts in Norwegian, whatever language an earlier test activated.

    Django keeps the active language per thread, so a test that activates
    English would otherwise change the messages of the next test on the worker.
    """
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


def make_org(name: str, kind: str, **extra: Any) -> Any:
    from accounts.models import Organisation

    obj, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind, **extra})
    return obj


def make_orgs() -> dict[str, Any]:
    """The organisations of the cast (what the ``orgs`` fixture gives)."""
    from accounts.models import Organisation

    K = Organisation.Kind
    police_a = make_org("Politidistrikt A", K.POLICE_DISTRICT)
    police_b = make_org("Politidistrikt B", K.POLICE_DISTRICT)
    return {
        "team": make_org("Kompetanseteamet", K.COMPETENCE_TEAM),
        "bufdir": make_org("Bufdir", K.DIRECTORATE),
        "ops": make_org("Drift", K.OPERATIONS),
        "police_a": police_a,
        "police_b": police_b,
        "municipality_a": make_org("Kommune A", K.MUNICIPALITY, police_district=police_a),
        "municipality_b": make_org("Kommune B", K.MUNICIPALITY, police_district=police_b),
    }


def make_member(role: str, organisation: Any, username: str | None = None, **extra: Any) -> Any:
    from accounts.models import Membership, User

    user = User.objects.create_user(
        username=username or f"{role}-{organisation.pk}-{User.objects.count()}",
        password="korrekt-hest-batteri-stift",
    )
    Membership.objects.create(user=user, organisation=organisation, role=role, **extra)
    return user


def make_cast(orgs: dict[str, Any]) -> dict[str, Any]:
    """One user per role; `.a` users in municipality A, `.b` in B (what ``cast`` gives).

    A plain function too, for a test module that builds its world once
    (tests/test_query_counts.py) rather than once per test.
    """
    from accounts.models import Role

    member = make_member
    return {
        "coordinator": member(Role.COORDINATOR, orgs["team"], "alice", is_lead=True),
        "police_representative": member(Role.POLICE_REPRESENTATIVE, orgs["team"], "petra"),
        "directorate_representative": member(Role.DIRECTORATE_REPRESENTATIVE, orgs["team"], "dina"),
        "project_lead_a": member(Role.PROJECT_LEAD, orgs["municipality_a"], "bob"),
        "followup_worker_a": member(Role.FOLLOWUP_WORKER, orgs["municipality_a"], "berit"),
        "followup_worker_b": member(Role.FOLLOWUP_WORKER, orgs["municipality_b"], "charlie"),
        "local_police_a": member(Role.LOCAL_POLICE, orgs["police_a"], "lars"),
        "analyst": member(Role.ANALYST, orgs["bufdir"], "anna"),
        "sysadmin": member(Role.SYSADMIN, orgs["ops"], "sam"),
    }


@pytest.fixture
def org(db: Any) -> Callable[..., Any]:
    return make_org


@pytest.fixture
def orgs(org: Callable[..., Any]) -> dict[str, Any]:
    return make_orgs()


@pytest.fixture
def member(db: Any) -> Callable[..., Any]:
    return make_member


@pytest.fixture
def cast(orgs: dict[str, Any], member: Callable[..., Any]) -> dict[str, Any]:
    """One user per role; `.a` users in municipality A, `.b` in B."""
    return make_cast(orgs)


@pytest.fixture
def settled(cast: dict[str, Any]) -> dict[str, Any]:
    """The cast, as people who joined a year ago (before anything a test stages).

    An approver must have joined before the request (access.approvers), so
    tests that stage requests under a moved clock start from this.
    """
    import datetime as dt

    from django.utils import timezone

    from accounts.models import User

    User.objects.filter(pk__in=[u.pk for u in cast.values()]).update(
        date_joined=timezone.now() - dt.timedelta(days=365)
    )
    for user in cast.values():
        user.refresh_from_db()
    return cast


def enrol_totp(user: Any) -> Any:
    """Give a user a TOTP authenticator, as if they had enrolled."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    return TOTP.activate(user, generate_totp_secret()).instance


def enrol_webauthn(user: Any, name: str = "Testnøkkel") -> Any:
    """Give a user a WebAuthn authenticator row (no real credential: not for the browser)."""
    from allauth.mfa.models import Authenticator

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).first()
    if existing is not None:
        return existing
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.WEBAUTHN, data={"name": name, "credential": {}}
    )


def sign_in(
    client: Client,
    user: Any,
    *,
    with_mfa: bool = True,
    reauthenticated: bool = False,
    webauthn: bool = False,
) -> Client:
    """Log a client in; with_mfa=True also records a used second factor, as allauth does.

    reauthenticated=True records a fresh password re-entry, which allauth asks
    for before sensitive acts such as adding a second factor.
    webauthn=True gives the user a WebAuthn authenticator and records that it
    was just used, as allauth does after a passkey re-authentication; that is
    what showing an address needs (access/signin/passkeys.py).
    """
    if with_mfa:
        from allauth.mfa.models import Authenticator

        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            enrol_totp(user)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    session = client.session
    records: list[dict[str, Any]] = [
        {"method": "password", "at": time.time(), "username": user.username}
    ]
    if reauthenticated:
        records[0]["reauthenticated"] = True
    if with_mfa:
        records.append({"method": "mfa", "at": time.time(), "type": "totp"})
    if webauthn:
        key = enrol_webauthn(user)
        records.append(
            {
                "method": "mfa",
                "at": time.time(),
                "type": "webauthn",
                "id": key.pk,
                "reauthenticated": True,
            }
        )
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()
    return client


@pytest.fixture
def client_for(db: Any) -> Callable[..., Client]:
    """``client_for(user)`` gives a client signed in with both factors (and a passkey: webauthn=True)."""

    def make(
        user: Any,
        *,
        with_mfa: bool = True,
        reauthenticated: bool = False,
        webauthn: bool = False,
        **kwargs: Any,
    ) -> Client:
        return sign_in(
            Client(**kwargs),
            user,
            with_mfa=with_mfa,
            reauthenticated=reauthenticated,
            webauthn=webauthn,
        )

    return make
