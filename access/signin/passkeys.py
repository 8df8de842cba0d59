"""How strongly a user must have signed in to see a secret dwelling address.

SECURITY.md items 10 and 13: roles that read addresses must use a passkey or
hardware security key (WebAuthn), and must prove it again right before the
address is shown. The access policy decides *who* may read an address; this
module decides *how recently and with what* they must have signed in.

With ``ADDRESS_REQUIRES_PASSKEY`` on (production and test), only a WebAuthn
assertion within allauth's re-authentication timeout counts: a login or
re-authentication with a passkey, as allauth records it in the session
(``{"method": "mfa", "type": "webauthn", "at": …}``). Registering a key does
not count (``access.signin.signals`` marks that record ``enrolment``): creating a
key proves only that someone holds the session, not that it is the owner's
key. With the setting off (the ``make run`` demo) allauth's ordinary
re-authentication by any method is enough, as before.
"""

from __future__ import annotations

import time
from enum import StrEnum

from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.flows.reauthentication import is_reauthentication_required
from allauth.core.exceptions import ReauthenticationRequired
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from access import policy
from access.policy import Perm
from accounts.actors import Actor, acting


class AddressStep(StrEnum):
    SHOW = "show"
    REGISTER_PASSKEY = "register_passkey"  # no WebAuthn key yet
    USE_PASSKEY = "use_passkey"  # has a key, but has not used it in the last few minutes
    REAUTHENTICATE = "reauthenticate"  # setting off: any re-authentication will do


def passkey_ids(user: Actor) -> set[int]:
    return set(
        Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).values_list(
            "pk", flat=True
        )
    )


def used_passkey_recently(request: HttpRequest, ids: set[int]) -> bool:
    """A WebAuthn assertion with one of `ids` within the re-authentication timeout."""
    now = time.time()
    for record in get_authentication_records(request, request.user):
        if (
            record.get("method") == "mfa"
            and record.get("type") == Authenticator.Type.WEBAUTHN
            and not record.get("enrolment")
            and record.get("id") in ids
            and now - float(record.get("at", 0)) < account_settings.REAUTHENTICATION_TIMEOUT
        ):
            return True
    return False


def address_step(request: HttpRequest) -> AddressStep:
    """The one rule: what the signed-in user must do before an address is shown."""
    if not settings.ADDRESS_REQUIRES_PASSKEY:
        if is_reauthentication_required(request, app=""):
            return AddressStep.REAUTHENTICATE
        return AddressStep.SHOW
    ids = passkey_ids(acting(request))
    if not ids:
        return AddressStep.REGISTER_PASSKEY
    if not used_passkey_recently(request, ids):
        return AddressStep.USE_PASSKEY
    return AddressStep.SHOW


def require_for_address(request: HttpRequest) -> HttpResponse | None:
    """None when the address may be shown now; otherwise the response that gets there."""
    step = address_step(request)
    if step is AddressStep.SHOW:
        return None
    if step is AddressStep.REAUTHENTICATE:
        # allauth catches this, asks again and replays the POST.
        raise ReauthenticationRequired()
    if step is AddressStep.REGISTER_PASSKEY:
        return render(
            request, "accounts/passkey_required.html", {"back_url": request.path}, status=403
        )
    # Back to the address page's button (GET): the address never goes in a URL
    # and the POST is not replayed from the re-authentication page.
    query = urlencode({"next": request.path})
    return HttpResponseRedirect(f"{reverse('mfa_reauthenticate_webauthn')}?{query}")


def passkey_notice(user: Actor) -> str:
    """Start and account page: tell an address-reading user without a key to register one."""
    if not policy.has_perm(user, Perm.READ_DWELLING_ADDRESS) or passkey_ids(user):
        return ""
    if settings.ADDRESS_REQUIRES_PASSKEY:
        return _("Registrer en passnøkkel for å kunne se adresser.")
    return _(
        "Registrer en passnøkkel for å kunne se adresser. I produksjon vises ingen adresse "
        "uten passnøkkel eller sikkerhetsnøkkel; utviklingsmiljøet gjør unntak."
    )
